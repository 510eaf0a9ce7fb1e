from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django import forms

from accounts.models import User
from planner import rules
from planner.forms.practice import SELECT_ON_FOCUS, QuestionLabels
from planner.models import PlanSettings, Step
from planner.selectors.week import schedulable_steps
from planner.templatetags.week_tags import clock_text

# How far from today a step can be put: far enough to plan ahead or catch up on
# logging, near enough that a mistyped year is caught.
REACH = timedelta(days=366)


def _gap_message(error: rules.NonexistentLocalTime, locale: str) -> str:
    city = error.zone.rsplit("/", 1)[-1].replace("_", " ")
    if error.gap_ends.date() != error.day:
        return f"In {city} the clocks skip that whole day. Please pick another day."
    starts = clock_text(error.gap_starts.time(), locale)
    ends = clock_text(error.gap_ends.time(), locale)
    return (
        f"On that day the clocks in {city} jump from {starts} to {ends}, so "
        f"{clock_text(error.at, locale)} doesn't happen. Would {ends} or later suit?"
    )


ALLY_NOTE_MAX = 500


def ally_note_field(ally_name: str) -> forms.CharField:
    return forms.CharField(
        label=f"A note for {ally_name} (optional)",
        required=False,
        max_length=ALLY_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Where to meet and what to expect. If {ally_name} supports you on "
        "Stepwise, they see this note with the step; nothing else of it.",
        error_messages={
            "max_length": "Please keep the note to %(limit_value)d characters "
            "(it has %(show_value)d). Everything you wrote is still here.",
        },
    )


class WhenForm(QuestionLabels, forms.Form):
    """A day and a local time in the person's zone, turned into one UTC moment.

    `cleaned_data["starts_at"]` is that moment; `repeated` says the clocks go back
    over it that night, so the first of the two is the one meant (planner.rules).
    """

    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Please pick a day.",
            "invalid": "Please give the day as a date, like 2026-03-14.",
        },
    )
    at = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Please pick a time.",
            "invalid": "Please give the time as hours and minutes, like 18:30.",
        },
    )
    planned_minutes = forms.IntegerField(
        label="How long (minutes)",
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", **SELECT_ON_FOCUS}),
        error_messages={
            "required": "Please say how many minutes you plan for.",
            "invalid": "Please give the minutes as a whole number, like 20.",
            "min_value": "Please plan at least 1 minute.",
            "max_value": "That is more than a day; please plan %(limit_value)s minutes or fewer.",
        },
    )
    # Set by the "keep it" button after the person has seen the capacity question.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, owner: User, zone: ZoneInfo, today: date, ally_name: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.owner, self.zone, self.today = owner, zone, today
        self.fields["at"].help_text = f"Your time: {zone.key.replace('_', ' ')}."
        if ally_name:
            # Only a step with an ally has someone to read the note.
            self.fields["ally_note"] = ally_note_field(ally_name)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if abs(day - self.today) > REACH:
            raise forms.ValidationError("Please pick a day within a year of today.")
        return day

    def clean(self):
        cleaned = super().clean()
        if "day" in cleaned and "at" in cleaned:
            try:
                cleaned["starts_at"] = rules.local_to_utc(cleaned["day"], cleaned["at"], self.zone)
            except rules.NonexistentLocalTime as error:
                self.add_error("at", _gap_message(error, self.owner.locale))
            else:
                cleaned["repeated"] = rules.local_time_is_repeated(
                    cleaned["day"], cleaned["at"], self.zone
                )
        return cleaned


class ScheduleForm(WhenForm):
    """Put one of the person's steps into the week."""

    step = forms.TypedChoiceField(
        label="Which step?",
        coerce=int,
        error_messages={
            "required": "Please pick a step to plan.",
            "invalid_choice": "Please pick one of your own steps from the list.",
        },
    )

    field_order = ["step", "day", "at", "planned_minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_minutes"].required = False
        self.fields["planned_minutes"].help_text = "Leave empty to use the step's own length."
        # One query; choices grouped under each goal so a long list stays readable.
        self.steps = {step.pk: step for step in schedulable_steps(self.owner)}
        groups: dict[str, list] = {}
        for step in self.steps.values():
            groups.setdefault(step.goal.title, []).append(
                (step.pk, f"{step.title} (about {step.planned_minutes} min)")
            )
        self.fields["step"].choices = [("", "Pick a step")] + list(groups.items())
        if any(step.ally_id for step in self.steps.values()):
            self.fields["ally_note"] = ally_note_field("your ally")
            self.fields["ally_note"].help_text = (
                "Only for a step with an ally: where to meet and what to expect. If they "
                "support you on Stepwise, they see this note with the step; nothing else of it."
            )

    def clean(self):
        cleaned = super().clean()
        step = self.steps.get(cleaned.get("step"))
        if step is not None:
            cleaned["step"] = step
            if cleaned.get("planned_minutes") is None:
                cleaned["planned_minutes"] = step.planned_minutes
        return cleaned

    def chosen_step(self) -> Step:
        return self.cleaned_data["step"]


class PlanSettingsForm(QuestionLabels, forms.ModelForm):
    class Meta:
        model = PlanSettings
        fields = ["weekly_capacity", "max_per_day"]
        labels = {
            "weekly_capacity": "How many steps a week feels right?",
            "max_per_day": "How many steps in one day, at most?",
        }
        help_texts = {
            "weekly_capacity": "Three is a gentle start. Going past it later only asks you to confirm.",
            "max_per_day": "One a day leaves room to rest in between.",
        }
        widgets = {
            "weekly_capacity": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "max_per_day": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "weekly_capacity": {
                "required": "Please give a number of steps, from 1 to 14.",
                "invalid": "Please give a whole number, from 1 to 14.",
                "min_value": "Please choose at least 1. To take a break, use “Pause everything”.",
                "max_value": "Please choose 14 or fewer: two a day is already a full week.",
            },
            "max_per_day": {
                "required": "Please give a number, from 1 to 3.",
                "invalid": "Please give a whole number, from 1 to 3.",
                "min_value": "Please choose at least 1.",
                "max_value": "Please choose 3 or fewer.",
            },
        }


class RestDayForm(forms.Form):
    day = forms.DateField(error_messages={"required": "Which day?", "invalid": "Which day?"})
    resting = forms.BooleanField(required=False)
