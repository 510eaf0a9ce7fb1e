"""Words for the password page: what the person was about to do when we asked."""

from django import template
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()

# URL name of the page that asked -> the end of "... before you ___"; anything not
# listed gets the general words.
PURPOSES = {
    "account_email": "change the email address you sign in with",
    "account_change_password": "change your password",
    "planner:export": "download your data or bring some in",
    "planner:export_zip": "download your data",
    "planner:export_json": "download your data",
    "planner:export_checkins_csv": "download your check-ins",
    "planner:safety_link": "make a private link to your safety plan",
    "reminders:calendar_feed_make": "make a private calendar address",
    "reminders:phone": "change the phone number for your reminders",
    "sharing:invite": "share your safety plan or journal",
    "sharing:supporter": "share your safety plan or journal",
    "mfa_index": "change how you sign in",
    "mfa_activate_totp": "set up an authenticator app",
    "mfa_deactivate_totp": "turn off your authenticator app",
    "mfa_generate_recovery_codes": "make new recovery codes",
    "mfa_view_recovery_codes": "see your recovery codes",
    "mfa_download_recovery_codes": "download your recovery codes",
    "mfa_add_webauthn": "add a passkey",
    "mfa_list_webauthn": "change your passkeys",
    "mfa_edit_webauthn": "rename a passkey",
    "mfa_remove_webauthn": "remove a passkey",
    "accounts:delete": "delete your account",
    "accounts:session_end": "sign out another device",
    "accounts:sessions_end_others": "sign out your other devices",
}
GENERAL = "change something that keeps your account safe"
# Pages that answer with a file: after the password the browser saves it and stays on
# the password page, so that page says so beforehand.
DOWNLOADS = {"planner:export_zip", "planner:export_json", "planner:export_checkins_csv"}


def _view_name(next_url: str | None) -> str:
    if not next_url or not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        return ""
    try:
        return resolve(next_url.split("?", 1)[0]).view_name
    except Resolver404:
        return ""


@register.simple_tag
def reauth_purpose(next_url: str | None) -> str:
    return PURPOSES.get(_view_name(next_url), GENERAL)


@register.simple_tag
def reauth_downloads(next_url: str | None) -> bool:
    return _view_name(next_url) in DOWNLOADS
