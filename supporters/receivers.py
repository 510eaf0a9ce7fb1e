"""Receivers for domain events of the apps below supporters (connected in apps.ready)."""

from django.dispatch import receiver

from accounts.signals import account_deleting
from supporters.services.deletion import supporter_links_end_for_deleted


@receiver(account_deleting, dispatch_uid="supporters_end_links_on_account_deleting")
def end_links_on_account_deleting(sender, *, user, now, **kwargs) -> None:
    supporter_links_end_for_deleted(user=user, now=now)
