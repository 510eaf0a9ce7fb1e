from django import forms

from accounts.services.deletion import CONFIRM_WORD, confirmation_matches

NOT_CONFIRMED = (
    f"To delete your account, please type the word “{CONFIRM_WORD}” in the box. "
    "Nothing has been deleted."
)


class AccountDeleteForm(forms.Form):
    confirm = forms.CharField(
        label=f"Type the word “{CONFIRM_WORD}” to confirm",
        help_text="Capital letters or small ones, either is fine.",
        max_length=40,
        error_messages={"required": NOT_CONFIRMED, "max_length": NOT_CONFIRMED},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"]
        if not confirmation_matches(typed):
            raise forms.ValidationError(NOT_CONFIRMED)
        return typed
