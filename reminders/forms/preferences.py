"""Forms on the reminders page: preferences, pausing, the phone, the calendar feed."""

from datetime import date, timedelta

from django import forms
from django.utils.dateformat import format as date_format

from reminders.models import ReminderPreferences
from reminders.models.preferences import STEP_LEAD_CHOICES
from reminders.services.preferences import EDITABLE

TIME_ERRORS = {"invalid": "Please give a time like 18:00.", "required": "Please pick a time."}
MAX_PAUSE = timedelta(days=366)
NEXT_FORMAT = "l j F \\a\\t H:i"  # Tuesday 9 June at 18:00


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def explain_next(form, next_times: dict) -> None:
    """Add to each kind's switch when its next reminder would come (selectors.choices)."""
    # The kinds' own names (ReminderKind values) are the switches without "_enabled".
    for name, field in form.fields.items():
        if not name.endswith("_enabled"):
            continue
        next_at = next_times.get(name.removesuffix("_enabled"))
        if next_at is not None:
            field.help_text += f" The next would be {date_format(next_at, NEXT_FORMAT)}."


class ReminderPreferencesForm(forms.ModelForm):
    step_lead_minutes = forms.TypedChoiceField(
        label="Shortly before",
        choices=[("" if value is None else value, label) for value, label in STEP_LEAD_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="A short nudge as the step comes up.",
    )

    class Meta:
        model = ReminderPreferences
        # The same list the service accepts, so the form and the write never disagree.
        fields = list(EDITABLE)
        labels = {
            "email_enabled": "By email",
            "sms_enabled": "By text message",
            "planning_enabled": "Send me a weekly planning prompt",
            "planning_weekday": "On",
            "planning_at": "At",
            "step_enabled": "Remind me before planned steps",
            "step_evening_before": "The evening before",
            "step_evening_at": "Evening reminder at",
            "checkin_enabled": "Remind me to check in",
            "safety_review_enabled": "Remind me when my safety plan is due a look-over (how often is your choice, on the plan)",
            "quiet_start": "Quiet from",
            "quiet_end": "Quiet until",
        }
        help_texts = {
            "planning_enabled": "A short note to plan the week ahead, on the day and at the time you pick.",
            "step_enabled": "Before each step you plan, with your way out in it.",
            "checkin_enabled": "A short note asking how you are.",
            "quiet_start": "Nothing is ever sent in your quiet hours. A reminder that would fall inside them comes just before they start, or once they end.",
        }
        widgets = {
            "planning_at": _time_input(),
            "step_evening_at": _time_input(),
            "quiet_start": _time_input(),
            "quiet_end": _time_input(),
        }
        error_messages = {
            name: TIME_ERRORS
            for name in ("planning_at", "step_evening_at", "quiet_start", "quiet_end")
        }

    def __init__(self, *args, next_times: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        explain_next(self, next_times or {})
        if not self.instance.phone_verified:
            self.fields["sms_enabled"].help_text = (
                "Texts go only to a number you've confirmed. Add yours on the phone page"
                " and we'll text you a 6-digit code; then you can tick this."
            )

    def clean_sms_enabled(self) -> bool:
        wanted = self.cleaned_data["sms_enabled"]
        if wanted and not self.instance.phone_verified:
            raise forms.ValidationError(
                "Texts need a phone number you've confirmed first. It takes a minute:"
                " add your number on the phone page and type the code we text you.",
                code="phone_not_verified",
            )
        return wanted

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if start is not None and start == end:
            self.add_error(
                "quiet_end",
                "Quiet hours need an end that differs from the start. To hear nothing at all"
                " for a while, pause all reminders instead.",
            )
        return cleaned


class PauseForm(forms.Form):
    until = forms.DateField(
        label="Until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Reminders come back on the morning of this day. Leave it empty to resume whenever you like.",
        error_messages={"invalid": "Please give a date like 2026-03-14."},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_until(self) -> date | None:
        until = self.cleaned_data["until"]
        if until is not None and until <= self.today:
            raise forms.ValidationError("Please pick a day after today.", code="past")
        if until is not None and until > self.today + MAX_PAUSE:
            raise forms.ValidationError(
                "Please pick a day within the next year; you can pause again then.", code="far"
            )
        return until


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="Your mobile number",
        max_length=30,
        help_text="A local number is fine; we add the country code. We text a 6-digit code to check it's yours.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": "Please type your mobile number."},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="The 6-digit code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
        error_messages={"required": "Please type the code from the text message."},
    )

    def clean_code(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(digits) != 6:
            raise forms.ValidationError("The code is 6 digits, like 123456.", code="shape")
        return digits


class CalendarFeedForm(forms.Form):
    include_exit_strategy = forms.BooleanField(
        label="Put each step's exit strategy in the event's notes",
        required=False,
        help_text="Handy to have in the moment; leave it off if others can see your calendar.",
    )


class FirstChoiceForm(forms.Form):
    """Which reminders to have, in plain words, with when the next one would come.

    Nothing is ticked for someone who never chose: reminders are a choice.
    """

    checkin_enabled = forms.BooleanField(
        label="A nudge to check in",
        required=False,
        help_text="A short note asking how you are, at the time your check-ins are set for.",
    )
    step_enabled = forms.BooleanField(
        label="A reminder before a step you've planned",
        required=False,
        help_text="The evening before and an hour before, with your way out in it.",
    )
    planning_enabled = forms.BooleanField(
        label="A weekly planning prompt",
        required=False,
        help_text="Once a week, a note to plan a few steps for the week ahead.",
    )
    safety_review_enabled = forms.BooleanField(
        label="A safety plan look-over",
        required=False,
        help_text="When your safety plan is due a look-over (monthly unless you choose otherwise).",
    )

    def __init__(self, *args, next_times: dict, **kwargs):
        super().__init__(*args, **kwargs)
        explain_next(self, next_times)
