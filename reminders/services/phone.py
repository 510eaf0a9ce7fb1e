"""Proving a phone number is the person's own, before any reminder is texted to it.

1. phone_verification_start texts a 6-digit code (after commit) and keeps only its
   HMAC; a new request replaces the person's open code.
2. phone_verification_confirm checks a typed code: 10 minutes, 5 tries, then the
   code is spent and a new one is needed.
3. A confirmed number becomes ReminderPreferences.phone. Starting with a different
   number than the one on file un-verifies it and turns texts off at once, so no
   reminder goes to a number the person just said is not theirs any more.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common import ratelimit
from common.blind_index import matching
from common.phones import phone_to_e164
from planner.crisis_lines import country_for_timezone
from reminders.models import PhoneVerification, ReminderPreferences, SmsOptOut
from reminders.services.schedule import reminders_replan
from reminders.sms import get_sms_backend

logger = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=10)
# Per number across all accounts (nobody can text-bomb someone else's phone), and
# per account across numbers.
PER_NUMBER = {"limit": 3, "window": 60 * 60}
PER_ACCOUNT = {"limit": 5, "window": 24 * 60 * 60}
CODE_TEXT = "Your Stepwise code is {code}. It works for 10 minutes."
TOO_MANY_FOR_NUMBER = (
    "We've sent a few codes to this number in the last hour. Please wait a little"
    " and try again; the last code we sent still works for 10 minutes."
)
TOO_MANY_FOR_ACCOUNT = "That's as many codes as we can send you today. Please try again tomorrow."


def code_hash(*, owner_id: int, phone: str, code: str) -> str:
    # Keyed, so a database dump alone cannot be tried against the million codes.
    message = f"phone-code:{owner_id}:{phone}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def phone_normalise(*, owner: User, raw_phone: str) -> str:
    """+E.164 from what the person typed; a local number reads in their zone's country."""
    return phone_to_e164(raw_phone.strip(), region=country_for_timezone(owner.timezone))


def _preferences_for_update(owner: User) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.select_for_update().get_or_create(owner=owner)
    return prefs


def _send_code(phone: str, code: str, verification_id: int) -> None:
    # After commit, and never raising into the request: if the provider is down the
    # person sees no error page, asks again, and the rate limit still holds.
    try:
        get_sms_backend().send(
            to=phone, body=CODE_TEXT.format(code=code), dedupe_key=f"phone-code:{verification_id}"
        )
    except Exception:
        logger.warning("Could not text a verification code", exc_info=True)


def _count_or_refuse(*, phone: str, owner: User, stamp: float) -> None:
    # Check first, so a refused request does not count against the other limit;
    # then count, and trust the count too: two requests at once may both pass
    # the check, but the cache's atomic increment lets only one of them through.
    limits = (
        ("phone-code-number", phone, PER_NUMBER, TOO_MANY_FOR_NUMBER),
        ("phone-code-account", str(owner.pk), PER_ACCOUNT, TOO_MANY_FOR_ACCOUNT),
    )
    for scope, key, limit, words in limits:
        if ratelimit.exceeded(scope, key, **limit, now=stamp):
            raise ValidationError(words, code="rate_limited")
    for scope, key, limit, words in limits:
        if not ratelimit.hit(scope, key, **limit, now=stamp):
            raise ValidationError(words, code="rate_limited")


def phone_verification_start(*, owner: User, raw_phone: str, now: datetime) -> PhoneVerification:
    """Text a fresh code to `raw_phone`, or raise ValidationError saying what to do instead."""
    phone = phone_normalise(owner=owner, raw_phone=raw_phone)
    if SmsOptOut.objects.filter(matching(SmsOptOut, "phone", phone)).exists():
        raise ValidationError(
            "This number has asked us to stop texting it (it replied STOP). To hear from us"
            " again, text START to any message you had from Stepwise, then ask for a code.",
            code="opted_out",
        )
    _count_or_refuse(phone=phone, owner=owner, stamp=now.timestamp())

    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        prefs = _preferences_for_update(owner)
        if prefs.phone and prefs.phone != phone:
            _forget_number(prefs)
            reminders_replan(owner=owner, now=now)
        owner.phone_verifications.filter(verified_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        verification = PhoneVerification.objects.create(
            owner=owner,
            phone=phone,
            code_hash=code_hash(owner_id=owner.pk, phone=phone, code=code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        transaction.on_commit(lambda: _send_code(phone, code, verification.pk))
    return verification


def _forget_number(prefs: ReminderPreferences) -> None:
    prefs.phone = ""
    prefs.phone_verified_at = None
    prefs.sms_enabled = False
    prefs.save(
        update_fields=["phone", "phone_index", "phone_verified_at", "sms_enabled", "updated_at"]
    )


def phone_verification_open(*, owner: User, now: datetime) -> PhoneVerification | None:
    """The code the person can still type, if there is one."""
    return (
        owner.phone_verifications.filter(
            verified_at__isnull=True, expires_at__gt=now, tries__lt=PhoneVerification.MAX_TRIES
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def phone_verification_confirm(*, owner: User, code: str, now: datetime) -> ReminderPreferences:
    """Check a typed code; on a match the number is the person's verified phone.

    A wrong try is counted (and committed) before the ValidationError is raised,
    so five wrong tries spend the code whatever the caller does next.
    """
    typed = "".join(ch for ch in code if ch.isdigit())
    with transaction.atomic():
        verification = (
            owner.phone_verifications.select_for_update()
            .filter(
                verified_at__isnull=True, expires_at__gt=now, tries__lt=PhoneVerification.MAX_TRIES
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if verification is None:
            error = ValidationError(
                "That code has run out (codes work for 10 minutes and 5 tries)."
                " Ask for a new one and we'll text it straight away.",
                code="expired",
            )
        else:
            expected = code_hash(owner_id=owner.pk, phone=verification.phone, code=typed)
            if hmac.compare_digest(expected, verification.code_hash):
                verification.verified_at = now
                verification.save(update_fields=["verified_at"])
                prefs = _preferences_for_update(owner)
                prefs.phone = verification.phone
                prefs.phone_verified_at = now
                prefs.save(
                    update_fields=["phone", "phone_index", "phone_verified_at", "updated_at"]
                )
                reminders_replan(owner=owner, now=now)
                return prefs
            verification.tries += 1
            verification.save(update_fields=["tries"])
            left = PhoneVerification.MAX_TRIES - verification.tries
            error = ValidationError(
                f"That code doesn't match. You can try {left} more time{'s' if left != 1 else ''}."
                if left
                else "That code doesn't match, and that was the last try for it."
                " Ask for a new code and we'll text it straight away.",
                code="wrong_code",
            )
    raise error


def phone_remove(*, owner: User, now: datetime) -> None:
    """Forget the number: texts stop at once; email reminders go on."""
    with transaction.atomic():
        prefs = _preferences_for_update(owner)
        _forget_number(prefs)
        owner.phone_verifications.filter(verified_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        reminders_replan(owner=owner, now=now)
