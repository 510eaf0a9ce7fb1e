from django import forms

from planner.models import ProblemWorksheet

MAX_OPTIONS = 5
TEXTAREA = {"rows": 3}


class WorksheetForm(forms.Form):
    problem = forms.CharField(
        label="What is the problem, in a sentence or two?",
        help_text="Something practical that gets in the way, such as “the bus is too crowded at 8”.",
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Please write a few words about the problem to start."},
    )
    chosen = forms.TypedChoiceField(
        label="Which option will you try first?",
        choices=[("", "Not decided yet")] + [(n, f"Option {n}") for n in range(1, MAX_OPTIONS + 1)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    first_move = forms.CharField(
        label="The first move: what, when, where?",
        help_text="Small and specific helps: “Ask Aoife on Tuesday evening if she'd come along”.",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    first_move_on = forms.DateField(
        label="When (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please give a date, like 2026-03-14."},
    )
    outcome = forms.ChoiceField(
        label="Afterwards: how did it go?",
        choices=[("", "Not tried yet")] + list(ProblemWorksheet.Outcome.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    review = forms.CharField(
        label="What did you learn from trying it?",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class OptionForm(forms.Form):
    text = forms.CharField(label="Idea", required=False, max_length=1000)
    pros = forms.CharField(
        label="What's good about it",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cons = forms.CharField(
        label="What's hard about it",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and (data.get("pros") or data.get("cons")):
            self.add_error("text", "Please name the idea these thoughts belong to.")
        return data


OptionFormSet = forms.formset_factory(OptionForm, extra=0, min_num=MAX_OPTIONS, max_num=MAX_OPTIONS)


def options_initial(worksheet: ProblemWorksheet | None) -> list[dict]:
    options = list(worksheet.options.all()) if worksheet else []
    return [{"text": o.text, "pros": o.pros, "cons": o.cons} for o in options]


def check_chosen(form: WorksheetForm, formset) -> bool:
    """The chosen option must be one that has an idea written in it."""
    chosen = form.cleaned_data.get("chosen")
    if chosen:
        row = formset.forms[chosen - 1].cleaned_data if chosen <= len(formset.forms) else {}
        if not row.get("text", "").strip():
            form.add_error(
                "chosen", "That option is still empty: write the idea first, or pick another."
            )
            return False
    return True
