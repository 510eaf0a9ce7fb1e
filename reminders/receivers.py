"""Receivers for domain events of the apps below reminders (connected in apps.ready)."""

from django.dispatch import receiver

from accounts.signals import account_deleting, wording_changed, zone_changed
from reminders.messages.prepared import outbox_reword
from reminders.services.deletion import reminders_forget_person
from reminders.services.schedule import reminders_replan


@receiver(zone_changed, dispatch_uid="reminders_replan_on_zone_change")
def replan_on_zone_change(sender, *, user, now, **kwargs) -> None:
    reminders_replan(owner=user, now=now)


@receiver(wording_changed, dispatch_uid="reminders_reword_on_wording_change")
def reword_on_wording_change(sender, *, user, now, **kwargs) -> None:
    # The zone's own receiver above re-plans, which words again as well.
    outbox_reword(recipient_id=user.pk)


@receiver(account_deleting, dispatch_uid="reminders_forget_on_account_deleting")
def forget_on_account_deleting(sender, *, user, now, **kwargs) -> None:
    reminders_forget_person(user=user)
