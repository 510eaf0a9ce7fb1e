from django import forms
from django.utils.html import format_html

from planner import thinking_traps
from planner.forms.checkins import split_tags
from planner.forms.practice import QuestionLabels, suds_field
from planner.models.checkins import TAG_MAX_LENGTH
from planner.selectors.journal import attempt_citation

MAX_TEXT = 20_000
MAX_SHORT = 2_000
TOO_LONG = {"max_length": "Please keep it to %(limit_value)d characters (you have %(show_value)d)."}


def _text(
    label: str, *, required: bool = True, rows: int = 3, help_text: str = "", limit=MAX_SHORT
):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": "Please write a few words here.", **TOO_LONG},
    )


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list, shown back the same way."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value):
        names = split_tags(super().clean(value))
        if any(len(name) > TAG_MAX_LENGTH for name in names):
            raise forms.ValidationError(f"Please keep each tag under {TAG_MAX_LENGTH} characters.")
        return names


class JournalEntryForm(QuestionLabels, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Please give it a title, even one word.", **TOO_LONG},
    )
    text = _text("What's on your mind?", required=False, rows=10, limit=MAX_TEXT)
    tags = TagsField(
        label="Tags (optional)",
        help_text="Triggers or patterns you notice, separated by commas: crowds, noise, conflict.",
    )


class CitationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return attempt_citation(obj)


class ThoughtRecordForm(QuestionLabels, forms.Form):
    situation = _text(
        "What happened?", help_text="Where you were, who was there, what was going on."
    )
    automatic_thought = _text("What went through your mind?", rows=2)
    emotion = forms.CharField(
        label="What did you feel?",
        help_text="One or two words: anxious, ashamed, sad.",
        max_length=200,
        error_messages={"required": "Please name the feeling, even roughly.", **TOO_LONG},
    )
    intensity_before = suds_field("How strong was it? (0-100)")
    traps = forms.MultipleChoiceField(
        label="Any thinking traps in that thought? (optional)",
        required=False,
        choices=[
            (trap.slug, format_html("<strong>{}</strong>: {}", trap.name, trap.description))
            for trap in thinking_traps.TRAPS
        ],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "trap-list"}),
        error_messages={"invalid_choice": "Please pick from the traps listed."},
    )
    evidence_for = _text("What supports the thought? (optional)", required=False)
    evidence_against = _text("What doesn't fit the thought? (optional)", required=False)
    cited_attempts = CitationChoice(
        label="Your own attempts as evidence (optional)",
        help_text="What you predicted, and how it really felt at its peak.",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "That attempt isn't one of yours to cite; please pick from the list.",
            "invalid_pk_value": "Please pick from the list.",
        },
    )
    balanced_thought = _text("A fairer way to see it (optional)", required=False)
    intensity_after = suds_field("How strong is the feeling now? (0-100, optional)", required=False)

    def __init__(self, *args, attempts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_attempts"].queryset = attempts
        # The picker is left out of the page until there is something to cite.
        self.has_attempts = attempts.exists()


SEARCH_MAX = 100


class JournalSearchForm(forms.Form):
    q = forms.CharField(
        label="Search your journal",
        max_length=SEARCH_MAX,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={
            "max_length": f"Please keep the search to {SEARCH_MAX} characters or fewer: "
            "it has %(show_value)d. A word or two finds the most.",
        },
    )

    def query(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""
