"""Receivers for domain events of the apps below reminders (connected in apps.ready)."""

from django.dispatch import receiver

from accounts.signals import account_deleting, zone_changed
from reminders.services.deletion import reminders_forget_person
from reminders.services.schedule import reminders_replan


@receiver(zone_changed, dispatch_uid="reminders_replan_on_zone_change")
def replan_on_zone_change(sender, *, user, now, **kwargs) -> None:
    reminders_replan(owner=user, now=now)


@receiver(account_deleting, dispatch_uid="reminders_forget_on_account_deleting")
def forget_on_account_deleting(sender, *, user, now, **kwargs) -> None:
    reminders_forget_person(user=user)
