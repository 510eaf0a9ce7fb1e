from django import forms


def _count(label: str, *, low: int, high: int, initial: int) -> forms.IntegerField:
    message = f"Please pick a count from {low} to {high} seconds."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        initial=initial,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class PacerForm(forms.Form):
    """Counts for paced breathing. A longer out-breath than in-breath helps most people settle.

    No hold unless the person ticks for one: holding the breath can feel like the start
    of panic to someone who knows panic, so it is an option, never where the pacer starts.
    """

    inhale = _count("Breathe in for", low=2, high=10, initial=4)
    with_hold = forms.BooleanField(label="Add a short hold after breathing in", required=False)
    hold = _count("Hold for", low=1, high=10, initial=2)
    exhale = _count("Breathe out for", low=2, high=12, initial=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked about only with the box ticked; an untouched hold box is no hold.
        self.fields["hold"].required = False

    def counts(self) -> dict[str, int]:
        """The counts to use: the person's when valid, the gentle defaults otherwise."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
        else:
            data = {name: field.initial for name, field in self.fields.items()}
        hold = (data["hold"] or self.fields["hold"].initial) if data["with_hold"] else 0
        return {"inhale": data["inhale"], "hold": hold, "exhale": data["exhale"]}
