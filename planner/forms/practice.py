from django import forms

from planner.models.practice import MAX_MINUTES


class QuestionLabels:
    """Labels here are questions or end in "(0-100)": a colon after them reads oddly."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


SUDS_HELP = "0 is completely calm; 100 is the most distress you can imagine."


# A value already in a box is selected when the box gets focus (static/js/stepwise.js),
# so typing replaces it: a click used to leave the caret after it, and 20 became 2025.
SELECT_ON_FOCUS = {"data-select-on-focus": ""}


def suds_field(label: str, *, help_text: str = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_value=100,
        # novalidate on the form: the browser's own bubbles vanish and are not
        # read out reliably, so our message beside the field says it instead.
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Please give a number from 0 to 100.",
            "invalid": "Please give a whole number from 0 to 100.",
            "min_value": "Please give a number from 0 to 100.",
            "max_value": "Please give a number from 0 to 100 (100 is the most there is).",
        },
    )


# The person's own guess is the evidence: it is never filled in for them, so an empty
# box is asked about, never saved as the ladder's figure (which is only a hint).
FORECAST_MESSAGES = {
    "required": "Please type your own guess, from 0 to 100. Any number is fine.",
    "max_value": "%(show_value)s is past the top of the scale: please give a number from 0 to 100.",
}


def forecast_field(label: str, *, help_text: str) -> forms.IntegerField:
    field = suds_field(label, help_text=help_text)
    field.error_messages.update(FORECAST_MESSAGES)
    # Empty at first, but the person's own earlier guess comes back when they edit it.
    field.widget.attrs.update(SELECT_ON_FOCUS)
    return field


def ladder_hint(ladder_guess: int | None) -> str:
    """The step's own figure, in words, under an empty forecast box."""
    if ladder_guess is None:
        return ""
    return f"When you planned this step you guessed {ladder_guess}. "


class ForecastHint:
    """Puts the ladder's figure before the help text of `predicted_peak`, if asked."""

    def __init__(self, *args, ladder_guess: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("predicted_peak")
        if field is not None:
            field.help_text = ladder_hint(ladder_guess) + field.help_text


class PredictionForm(ForecastHint, QuestionLabels, forms.Form):
    predicted_peak = forecast_field(
        "How hard do you expect it to be, at its hardest? (0-100)",
        help_text=f"A guess is fine; there is no wrong answer. {SUDS_HELP}",
    )


EXIT_CHOICES = [("no", "No"), ("yes", "Yes, I used it")]


class AttemptLogForm(ForecastHint, QuestionLabels, forms.Form):
    """What happened. `with_prediction` adds the forecast when none was made before."""

    predicted_peak = forecast_field(
        "Before you began, how hard did you expect it to be? (0-100)",
        help_text="Your best memory of the guess is fine.",
    )
    # Short labels, side by side on a phone; the fieldset's legend gives the scale.
    suds_before = suds_field("Just before", help_text=SUDS_HELP)
    suds_peak = suds_field("At the peak")
    suds_after = suds_field("Afterwards")
    minutes_stayed = forms.IntegerField(
        label="Minutes you stayed",
        min_value=0,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", **SELECT_ON_FOCUS}
        ),
        error_messages={
            "required": "Please give the minutes, even a rough number.",
            "invalid": "Please give the minutes as a whole number, like 20.",
            "min_value": "Minutes can't be below 0.",
            "max_value": "That is more than a day; please check the minutes.",
        },
    )
    used_exit_strategy = forms.TypedChoiceField(
        label="Did you use your exit strategy?",
        help_text="Using it is a sensible choice, never a setback: it is there to be used.",
        choices=EXIT_CHOICES,
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose yes or no.",
            "invalid_choice": "Please choose yes or no.",
        },
    )
    what_helped = forms.CharField(
        label="What helped? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Please keep it to %(limit_value)d characters (you have %(show_value)d)."
        },
    )
    note = forms.CharField(
        label="Anything else to remember? (optional)",
        help_text="Private: only you can read it, and it is stored encrypted.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Please keep it to %(limit_value)d characters (you have %(show_value)d)."
        },
    )

    def __init__(self, *args, with_prediction: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_prediction:
            del self.fields["predicted_peak"]

    def outcome(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("predicted_peak", None)
        return data
