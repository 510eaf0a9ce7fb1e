"""allauth.mfa's forms with our labels (settings.MFA_FORMS names them); rules stay allauth's."""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm

CODE_HELP = (
    "The 6-digit code your authenticator app shows now, or one of your 8-digit recovery codes."
)
PASSKEY_NAME_HELP = "Only you see this. It helps you tell your passkeys apart."


def _code_field(form, label: str, help_text: str = "") -> None:
    field = form.fields["code"]
    field.label, field.help_text = label, help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})
    field.error_messages["required"] = "Please type the code."


class ActivateAppForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, "The 6-digit code your app shows")


class SignInCodeForm(AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, "Code", CODE_HELP)


class ConfirmCodeForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self, "Code", CODE_HELP)


class AddPasskeyForm(AddWebAuthnForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name = self.fields["name"]
        name.label, name.help_text = "A name for this passkey", PASSKEY_NAME_HELP
        if "passwordless" in self.fields:
            passwordless = self.fields["passwordless"]
            passwordless.label = "Let this passkey sign me in on its own"
            passwordless.help_text = (
                "Then “Use a passkey instead” on the sign-in page works without your password. Your device "
                "will ask for your fingerprint, face or PIN each time."
            )
            passwordless.initial = True


class RenamePasskeyForm(EditWebAuthnForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name = self.fields["name"]
        name.label, name.help_text = "Name", PASSKEY_NAME_HELP
        name.error_messages["required"] = "Please give it a name, so you can tell it apart."
