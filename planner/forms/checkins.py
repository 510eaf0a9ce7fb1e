from django import forms
from django.utils.html import format_html

from planner import rules_checkins
from planner.forms.practice import QuestionLabels
from planner.models.checkins import MAX_INTERACTIONS, TAG_MAX_LENGTH, Rhythm, Weekday
from planner.templatetags.checkin_tags import face_svg

MAX_NOTE = 2000


def _face(value: int, word: str) -> tuple[int, str]:
    # The face is decoration; the word is what a screen reader and a colour-blind
    # eye rely on, so it is always there.
    return value, format_html("{} {}", face_svg(value), word)


MOOD_CHOICES = [_face(value, word) for value, word in rules_checkins.MOODS.items()]
ENERGY_CHOICES = list(rules_checkins.ENERGY.items())


def _scale(label: str, choices, what: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={
            "required": f"Please pick the {what} closest to how you are.",
            "invalid_choice": f"Please pick one of the {what}s shown.",
        },
    )


class ChipScale(forms.RadioSelect):
    """Radio buttons drawn as a row of large chips, with a word under each end."""

    template_name = "forms/widgets/chips.html"

    def __init__(self, *, ends: tuple[str, str], **kwargs):
        super().__init__(**kwargs)
        self.ends = ends

    def get_context(self, name, value, attrs):
        return {**super().get_context(name, value, attrs), "ends": self.ends}


class Stepper(forms.NumberInput):
    """A number field between − and + buttons. The buttons start hidden and
    static/js/stepper.js shows them; without JavaScript the number field is enough."""

    template_name = "forms/widgets/stepper.html"

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.what = what

    def get_context(self, name, value, attrs):
        return {**super().get_context(name, value, attrs), "what": self.what}


def _tap(tap: int):
    # The end words belong to the first and last chips' names, so a screen reader
    # hears "0 (calm)" as a sighted person sees "calm" under the 0.
    end = rules_checkins.DISTRESS_ENDS.get(tap)
    if end:
        return tap, format_html('{} <span class="visually-hidden">({})</span>', tap, end)
    return tap, str(tap)


DISTRESS_CHOICE = "Please tap one of the numbers from 0 (calm) to 10 (very hard)."


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class CheckInForm(QuestionLabels, forms.Form):
    mood = _scale("How is your mood?", MOOD_CHOICES, "mood")
    distress = forms.TypedChoiceField(
        label="How much distress right now?",
        choices=[_tap(tap) for tap in rules_checkins.DISTRESS_TAPS],
        coerce=int,
        widget=ChipScale(
            ends=(rules_checkins.DISTRESS_ENDS[0], rules_checkins.DISTRESS_ENDS[10]),
            attrs={"class": "chips"},
        ),
        error_messages={"required": DISTRESS_CHOICE, "invalid_choice": DISTRESS_CHOICE},
    )
    energy = _scale("How is your energy?", ENERGY_CHOICES, "energy level")
    interactions = forms.IntegerField(
        label="Meaningful moments with people",
        help_text="Since your last check-in: a chat, a message that mattered. 0 is fine.",
        min_value=0,
        max_value=MAX_INTERACTIONS,
        widget=Stepper(
            what="meaningful moment",
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "stepper__input"},
        ),
        error_messages={
            "required": "Please give a number; 0 is a fine answer.",
            "invalid": "Please give a whole number, like 2.",
            "min_value": "Please give 0 or more.",
            "max_value": f"Please give a number up to {MAX_INTERACTIONS}.",
        },
    )
    tags = forms.MultipleChoiceField(
        label="Anything that made today harder? (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "tag-choices"}),
    )
    new_tags = forms.CharField(
        label="Add your own words (optional)",
        help_text="Separate them with commas.",
        required=False,
        max_length=300,
    )
    note = forms.CharField(
        label="A note (optional)",
        help_text="Private: only you can read it, and it is stored encrypted.",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Please keep it to %(limit_value)d characters (you have %(show_value)d)."
        },
    )

    def __init__(self, *args, tag_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = [(name, name) for name in tag_names]

    def clean_distress(self):
        return rules_checkins.distress_from_tap(self.cleaned_data["distress"])

    @property
    def extras_need_a_look(self) -> bool:
        """A problem in a folded-away extra opens "Add more", so its message is seen."""
        return any(self[name].errors for name in ("tags", "new_tags", "note"))

    def clean_new_tags(self):
        names = split_tags(self.cleaned_data["new_tags"])
        if any(len(name) > TAG_MAX_LENGTH for name in names):
            raise forms.ValidationError(f"Please keep each word under {TAG_MAX_LENGTH} characters.")
        return names

    def all_tags(self) -> list[str]:
        return list(self.cleaned_data["tags"]) + self.cleaned_data["new_tags"]


class CheckInSettingsForm(QuestionLabels, forms.Form):
    rhythm = forms.ChoiceField(
        label="How often would you like to check in?",
        choices=Rhythm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose every day or once a week."},
    )
    weekday = forms.TypedChoiceField(
        label="Which day, if weekly?",
        choices=Weekday.choices,
        coerce=int,
        error_messages={"invalid_choice": "Please pick a day of the week."},
    )
    at = forms.TimeField(
        label="At what time?",
        help_text="We'll ask around then, in your own time zone.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Please give a time, like 20:00.",
            "invalid": "Please give a time like 20:00.",
        },
    )
