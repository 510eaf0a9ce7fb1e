"""What reminders forgets when a person deletes their account (accounts' `account_deleting`).

Their own rows (preferences, phone codes, outbox rows and their delivery log, the
calendar feed) go with the person by cascade. Two tables name a number rather
than a person, and are treated differently on purpose:
- InboundSms (texts received from the number, bodies included) is theirs to lose;
  it is kept only while someone else still uses that number.
- SmsOptOut (the STOP list) is kept: it stops texts to the number whoever sets a
  reminder up later, which opt-out rules require, and it names no one.
"""

from accounts.models import User
from common.blind_index import matching
from reminders.models import InboundSms, PhoneVerification, ReminderPreferences


def reminders_forget_person(*, user: User) -> int:
    """Delete texts received from the person's numbers; returns how many."""
    numbers = set(PhoneVerification.objects.filter(owner=user).values_list("phone", flat=True))
    numbers |= set(
        ReminderPreferences.objects.filter(owner=user)
        .exclude(phone="")
        .values_list("phone", flat=True)
    )
    shared = set(
        ReminderPreferences.objects.filter(matching(ReminderPreferences, "phone", *numbers))
        .exclude(owner=user)
        .values_list("phone", flat=True)
    )
    deleted, _ = InboundSms.objects.filter(
        matching(InboundSms, "from_number", *(numbers - shared))
    ).delete()
    return deleted
