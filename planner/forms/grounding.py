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
    """Counts for paced breathing. A longer out-breath than in-breath helps most people settle."""

    inhale = _count("Breathe in for", low=2, high=10, initial=4)
    hold = _count("Hold for", low=0, high=10, initial=2)
    exhale = _count("Breathe out for", low=2, high=12, initial=6)

    def counts(self) -> dict[str, int]:
        """The counts to use: the person's when valid, the gentle defaults otherwise."""
        if self.is_bound and self.is_valid():
            return dict(self.cleaned_data)
        return {name: field.initial for name, field in self.fields.items()}
