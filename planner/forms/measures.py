from django import forms

from planner import measures

ANSWER_REQUIRED = "Please choose the answer closest to how it is for you."


def measure_form_class(kind: str) -> type[forms.Form]:
    """A form with one radio group per published item, in the published order."""
    items, choices = (
        (measures.UCLA3_ITEMS, measures.UCLA3_CHOICES)
        if kind == measures.UCLA3
        else (measures.LSNS6_ITEMS, measures.LSNS6_CHOICES)
    )
    fields = {
        item.key: forms.TypedChoiceField(
            label=item.text,
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
        )
        for item in items
    }

    def answers(self) -> list[int]:
        return [self.cleaned_data[item.key] for item in items]

    form_class = type(f"{kind.title()}Form", (forms.Form,), {**fields, "answers": answers})
    form_class.items = items
    return form_class
