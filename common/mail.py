"""Mail words every app shares.

Discreet mode (User.discreet) asks that nothing landing in the person's inbox names
Stepwise: reminders (reminders.messages) and allauth's own mails (accounts.adapter)
both come from this sender.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings


def neutral_sender() -> str:
    """The usual From address under a name that could be any reminder app's."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr(("Reminders", address))
