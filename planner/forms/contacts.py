from django import forms

from common.phones import phone_to_e164
from planner.models import TrustedContact


class TrustedContactForm(forms.ModelForm):
    """Phone numbers may be typed the local way; `region` (the person's country) reads them."""

    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you see these. For example: best time to call.",
        error_messages={
            "max_length": "Please keep notes to %(limit_value)d characters (you have %(show_value)d)."
        },
    )

    class Meta:
        model = TrustedContact
        fields = ["name", "relationship", "phone", "email", "notes", "can_be_ally"]
        labels = {"phone": "Phone number"}
        help_texts = {
            "phone": "A local number is fine; we add the country code so tap-to-call works.",
        }
        error_messages = {
            "name": {
                "required": "Please add a name, or a nickname only you would know.",
                "max_length": "Please keep the name to %(limit_value)d characters (you have %(show_value)d).",
            },
            "relationship": {
                "max_length": "Please keep this to %(limit_value)d characters (you have %(show_value)d).",
            },
            "email": {"invalid": "That doesn't look like an email address. Please check it."},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, region: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        # Typed numbers are normalised before the model sees them; allow room for spaces.
        self.fields["phone"].max_length = 30
        self.fields["phone"].widget.attrs["maxlength"] = 30

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        return phone_to_e164(raw, region=self.region)


class ContactAskForm(forms.Form):
    """The words of a message asking someone if they're happy to be on the plan.

    Read from the query string (a GET form), so the ready-made links follow the
    wording with or without JavaScript; nothing is stored.
    """

    message = forms.CharField(
        label="Your message",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Change any of it, so it sounds like you. Then update the links below.",
        error_messages={
            "required": "Please write a few words, or use the suggested ones.",
            "max_length": (
                "Please keep the message to %(limit_value)d characters (you have %(show_value)d)."
            ),
        },
    )


class ContactAgreedForm(forms.Form):
    agreed = forms.ChoiceField(
        choices=[("yes", "They know they're on my plan"), ("no", "Not yet")],
        error_messages={
            "required": "Please choose one of the buttons.",
            "invalid_choice": "Please choose one of the buttons.",
        },
    )
