"""What every app's email shares: the From address a discreet recipient gets."""

from email.utils import formataddr, parseaddr

from django.conf import settings


def neutral_sender() -> str:
    """The usual From address under a name that could be any reminder app's."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr(("Reminders", address))
