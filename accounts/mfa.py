"""Two-step sign-in (allauth.mfa): our words, our encryption, and discreet names.

The flows are allauth's; this adapter only changes what a person reads, what an
authenticator app or passkey manager calls us, and how secrets are stored.
"""

from urllib.parse import quote, urlencode

from allauth.core import context
from allauth.mfa import app_settings
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from common import crypto

# What an authenticator app or a passkey manager lists us as when the person chose
# discreet mode: someone glancing at their phone sees a plain planner.
DISCREET_NAME = "Planner"


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code didn't work. Codes change every 30 seconds, so please try the "
            "newest one (or one of your recovery codes)."
        ),
        "unverified_email": (
            "Please confirm your email address first (we sent you a link), then come back "
            "to set up two-step sign-in."
        ),
        "add_email_blocked": (
            "While two-step sign-in is on, a new email address can't be added. You can "
            "turn two-step sign-in off for a moment, change your email, and turn it on again."
        ),
        "cannot_delete_authenticator": "This way of signing in can't be removed right now.",
        "cannot_generate_recovery_codes": (
            "Recovery codes come with two-step sign-in: set up an authenticator app or a "
            "passkey first."
        ),
    }

    def _name_for(self, user) -> str:
        return DISCREET_NAME if getattr(user, "discreet", False) else app_settings.TOTP_ISSUER

    def generate_authenticator_name(self, user, type) -> str:
        # allauth's default calls the first one "Master key".
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return "My passkey" if count == 0 else f"Passkey {count + 1}"

    def build_totp_url(self, user, secret: str) -> str:
        # allauth asks get_totp_issuer() without the person; the issuer is what the
        # app shows beside the codes, so in discreet mode it must not say Stepwise.
        params = {"secret": secret, "issuer": self._name_for(user)}
        if app_settings.TOTP_DIGITS != 6:
            params["digits"] = app_settings.TOTP_DIGITS
        if app_settings.TOTP_PERIOD != 30:
            params["period"] = app_settings.TOTP_PERIOD
        label = quote(self.get_totp_label(user))
        return f"otpauth://totp/{label}?{urlencode(params, quote_via=quote)}"

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # A passkey manager shows this name (and the host) beside the saved passkey.
        entity = super().get_public_key_credential_rp_entity()
        entity["name"] = self._name_for(context.request.user)
        return entity

    # The authenticator-app secret and the recovery-code seed would sign anyone in
    # with the password; like everything sensitive they are encrypted at rest with
    # FIELD_ENCRYPTION_KEYS.
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
