from django import forms

from planner.forms.practice import SELECT_ON_FOCUS
from planner.models import Accommodation, Mode, Step, TrustedContact
from planner.models.goals import MAX_MINUTES
from planner.services.ladders import StepDraft

SUDS_MESSAGE = "Choose a number from 0 (calm) to 100 (the most distress you can imagine)."
MINUTES_MESSAGES = {
    "required": "Say roughly how many minutes, like 15.",
    "invalid": "Enter a number of minutes, like 15.",
    "min_value": "Plan at least 1 minute.",
    "max_value": f"Plan at most {MAX_MINUTES} minutes (a whole day).",
}


class StepForm(forms.Form):
    """One step of a ladder. Allies are passed in as a list, so a page with many step
    forms asks the database for them once."""

    title = forms.CharField(
        label="What's the step?",
        max_length=140,
        error_messages={
            "required": "Give this step a short name.",
            "max_length": "Please keep this under 140 characters (it has %(show_value)d).",
        },
    )
    predicted_suds = forms.IntegerField(
        label="How hard do you expect it to feel? (0-100)",
        help_text="0 is calm, 100 is the most distress you can imagine. A guess is fine.",
        min_value=0,
        max_value=100,
        # A suggested ladder arrives filled in: typing over a figure replaces it.
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric", **SELECT_ON_FOCUS}),
        error_messages={
            "required": SUDS_MESSAGE,
            "invalid": SUDS_MESSAGE,
            "min_value": SUDS_MESSAGE,
            "max_value": SUDS_MESSAGE,
        },
    )
    planned_minutes = forms.IntegerField(
        label="About how many minutes?",
        min_value=1,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", **SELECT_ON_FOCUS}),
        error_messages=MINUTES_MESSAGES,
    )
    mode = forms.ChoiceField(
        label="Online or in person?",
        choices=Mode.choices,
        initial=Mode.OFFLINE,
        error_messages={"invalid_choice": "Choose online, in person, or a mix."},
    )
    ally = forms.ChoiceField(
        label="With whom?",
        required=False,
        error_messages={"invalid_choice": "Choose someone from your trusted contacts, or no one."},
    )
    description = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Please keep this under 2,000 characters."},
    )
    accommodations = forms.MultipleChoiceField(
        label="What would make it easier?",
        required=False,
        choices=Accommodation.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the listed options."},
    )
    accommodations_other = forms.CharField(
        label="Anything else that helps (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Please keep this under 200 characters."},
    )
    exit_strategy = forms.CharField(
        label="Your way out, if you need it",
        help_text="How you'll leave or stop if it gets too much. Knowing it often makes staying easier.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Please keep this under 1,000 characters."},
    )

    # The way out comes right after who goes: it matters more than the details.
    field_order = [
        "title",
        "predicted_suds",
        "planned_minutes",
        "mode",
        "ally",
        "exit_strategy",
        "accommodations",
        "accommodations_other",
        "description",
    ]

    def __init__(self, *args, allies: list[TrustedContact], **kwargs):
        super().__init__(*args, **kwargs)
        self.allies = {str(contact.pk): contact for contact in allies}
        self.fields["ally"].choices = [
            # Not "Alone": a step may be with someone who is not a trusted contact.
            ("", "No one named"),
            *[(pk, c.name) for pk, c in self.allies.items()],
        ]
        if not allies:
            self.fields["ally"].help_text = (
                "To name someone here, add them to your trusted contacts as someone "
                "who can come along."
            )

    @classmethod
    def initial_for(cls, step: Step) -> dict:
        return {
            "title": step.title,
            "predicted_suds": step.predicted_suds,
            "planned_minutes": step.planned_minutes,
            "mode": step.mode,
            "ally": str(step.ally_id or ""),
            "description": step.description,
            "accommodations": list(step.accommodations),
            "accommodations_other": step.accommodations_other,
            "exit_strategy": step.exit_strategy,
        }

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_ally(self) -> TrustedContact | None:
        return self.allies.get(self.cleaned_data["ally"])

    def to_draft(self) -> StepDraft:
        data = self.cleaned_data
        return StepDraft(
            title=data["title"],
            predicted_suds=data["predicted_suds"],
            planned_minutes=data["planned_minutes"],
            mode=data["mode"],
            ally=data["ally"],
            description=data["description"].strip(),
            accommodations=tuple(data["accommodations"]),
            accommodations_other=data["accommodations_other"].strip(),
            exit_strategy=data["exit_strategy"].strip(),
        )


class StepAddForm(StepForm):
    """A new step, with where it goes: by default where its SUDS fits the ladder."""

    FIT = "fit"

    place = forms.ChoiceField(
        label="Where on the ladder?",
        initial=FIT,
        error_messages={"invalid_choice": "Choose a place from the list."},
    )

    def __init__(self, *args, steps: list[Step], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [
            (self.FIT, "Where it fits by how hard it feels"),
            ("0", "As step 1, the easiest end"),
            *[(str(i + 1), f"After step {i + 1}: {step.title}") for i, step in enumerate(steps)],
        ]

    def position(self) -> int | None:
        place = self.cleaned_data["place"]
        return None if place == self.FIT else int(place)


class BaseSuggestedStepFormSet(forms.BaseFormSet):
    """A suggested ladder being edited: template steps, plus one blank row that is
    only a step if something was typed into it."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Leave this step out"

    def clean(self):
        if any(self.errors):
            return
        if not self._kept():
            raise forms.ValidationError(
                "Keep at least one step, or skip this for now and add steps later."
            )

    def _kept(self):
        # An untouched blank row has empty cleaned_data: it is not a step.
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def drafts(self) -> list[StepDraft]:
        return [form.to_draft() for form in self._kept()]


SuggestedStepFormSet = forms.formset_factory(
    StepForm,
    formset=BaseSuggestedStepFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
    absolute_max=30,
)
