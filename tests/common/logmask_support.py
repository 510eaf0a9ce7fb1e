"""Every link that carries a secret in its address, with a canary where the secret goes.

If a test searches a log for CANARY and finds nothing, no secret reached that log.
"""

import io
import logging
from contextlib import contextmanager

from django.urls import reverse

CANARY = "SeCrEtCaNaRy7q3"
# Names of the links a person gets in a mail, a text or a shared address, with the
# kwargs that carry the secret.
TOKEN_URLS = [
    ("reminders:calendar_feed", {"token": CANARY}),
    ("reminders:unsubscribe", {"token": CANARY}),
    ("reminders:unsubscribe_undo", {"token": CANARY}),
    ("reminders:not_this_time", {"token": CANARY}),
    ("planner:safety_shared", {"token": CANARY}),
    ("sharing:invitation_accept", {"token": CANARY}),
    ("accounts:email_undo", {"token": CANARY}),
    ("account_confirm_email", {"key": CANARY}),
    ("account_reset_password_from_key", {"uidb36": CANARY, "key": CANARY}),
]


def token_paths() -> list[str]:
    return [reverse(name, kwargs=kwargs) for name, kwargs in TOKEN_URLS]


@contextmanager
def console_log():
    """What the configured console handler (settings.LOGGING's) writes, as text.

    The handler itself, with its filters, not caplog's: caplog sees records before
    any handler's filter, so it would not show what reaches the log file.
    """
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(old)
