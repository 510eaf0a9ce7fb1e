"""When a person deletes their account: their sharing ends both ways, quietly.

Called from supporters.receivers on accounts' `account_deleting`, inside the
deleting transaction, while the person's row still exists.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string

from accounts.models import User
from common.mail import neutral_sender
from supporters.models import Invitation, SupporterLink
from supporters.services.access import access_log_erasure_allow
from supporters.services.links import supporter_link_leave, supporter_link_revoke

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SharingEndedNotice:
    """What the email needs, copied out: the person's row is gone when it is sent."""

    to: str
    owner_name: str
    owner_discreet: bool
    supporter_discreet: bool


def supporter_links_end_for_deleted(*, user: User, now: datetime) -> list[SharingEndedNotice]:
    """End every live link of `user`, both ways, and tell their supporters after commit.

    1. Links where they are the person supported: revoked, as if they had pressed
       "Stop sharing"; each supporter gets the same neutral notice after commit.
    2. Links where they support someone: ended as if they had stepped back.
       Ending a link cancels what waits to be sent for it (digests, ally
       reminders) and unlinks the trusted contact that named them.
    3. Invitations they accepted: the only thing left in them is their address.
    4. Let the account's row take its access-log rows with it (as owner or as
       viewer): the one deletion, beside the yearly prune, the log's guard allows.
    """
    live = (
        SupporterLink.objects.select_related("owner", "supporter")
        .filter(Q(owner=user) | Q(supporter=user), ended_at__isnull=True)
        .order_by("pk")
    )
    notices = []
    for link in live:
        if link.owner_id == user.pk:
            supporter_link_revoke(link=link, now=now)
            notices.append(
                SharingEndedNotice(
                    to=link.supporter.email,
                    owner_name=user.get_short_name(),
                    owner_discreet=user.discreet,
                    supporter_discreet=link.supporter.discreet,
                )
            )
        else:
            supporter_link_leave(link=link, now=now)
    Invitation.objects.filter(accepted_by=user).delete()
    access_log_erasure_allow()
    for notice in notices:
        # robust: a mail server that is down must not keep a person from leaving.
        transaction.on_commit(partial(sharing_ended_notice_send, notice), robust=True)
    return notices


def sharing_ended_notice_send(notice: SharingEndedNotice) -> None:
    """ "X's sharing with you has ended.": the words a revoke would say, no reason given."""
    context = {
        "owner_name": notice.owner_name,
        # The person's name stays out of the subject when either of them asked for
        # discreet mode; a discreet supporter's mail comes from "Reminders".
        "discreet": notice.owner_discreet or notice.supporter_discreet,
        "neutral": notice.supporter_discreet,
    }
    subject = render_to_string("supporters/sharing/email/ended_subject.txt", context)
    body = render_to_string("supporters/sharing/email/ended.txt", context)
    sender = neutral_sender() if notice.supporter_discreet else None
    EmailMessage(" ".join(subject.split()), body, sender, [notice.to]).send()
    log.info("sharing ended notice emailed")
