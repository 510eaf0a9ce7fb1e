from django import forms

from supporters.models import AllyResponse, Encouragement


class EncouragementForm(forms.Form):
    body = forms.CharField(
        label="A short note",
        # No maxlength attribute: the browser would cut the text silently, and we
        # would rather keep every word and say kindly that it is too long.
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {Encouragement.MAX_LENGTH} characters. It appears on their home page.",
        error_messages={"required": "Please write a few words first."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Please write a few words first.")
        if len(body) > Encouragement.MAX_LENGTH:
            raise forms.ValidationError(
                f"That's {len(body)} characters; notes fit {Encouragement.MAX_LENGTH}. "
                "Everything you wrote is still here to trim."
            )
        return body


class AllyAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=AllyResponse.Answer.choices)
