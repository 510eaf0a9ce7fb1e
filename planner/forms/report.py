"""The report's choices: which days, and what to put in it."""

from datetime import timedelta

from django import forms

from planner.selectors.report import SECTIONS

# Two years: enough for a first appointment's look back; a longer printout helps no one.
MAX_DAYS = 2 * 366


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.Form):
    """Bound to the query string (GET: choosing changes nothing stored).

    `allowed` narrows the sections offered (a supporter's report never offers the
    safety plan unless that scope is shared too); `today` is the person's own.
    """

    start = forms.DateField(
        label="From",
        widget=DayInput(),
        error_messages={
            "required": "Please choose the first day the report covers.",
            "invalid": "Please give the first day as a date, like 2026-03-01.",
        },
    )
    end = forms.DateField(
        label="To",
        widget=DayInput(),
        error_messages={
            "required": "Please choose the last day the report covers.",
            "invalid": "Please give the last day as a date, like 2026-06-01.",
        },
    )
    include = forms.MultipleChoiceField(
        label="What to include",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Please tick at least one thing to include.",
            "invalid_choice": "Please tick only the things listed.",
        },
    )

    def __init__(self, *args, today, allowed=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["include"].choices = [
            (key, words) for key, words in SECTIONS if allowed is None or key in allowed
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error(
                    "end", "The last day comes before the first. Please swap them or pick again."
                )
            elif (end - start) > timedelta(days=MAX_DAYS):
                self.add_error(
                    "end",
                    "A report covers up to two years. Please choose a shorter range "
                    "(you can make one report per stretch).",
                )
            if start > self.today:
                self.add_error(
                    "start", "The first day is still to come. Please pick today or earlier."
                )
        return data
