"""Demo check-ins, journal entries and thought records for seed_demo.

Twelve weeks of Maya's daily-ish check-ins (she skips a day now and then, as
people do) with mood and meaningful moments rising gently and distress easing,
a handful of tagged journal entries, and two thought records: one cites her
calmest-against-forecast attempt from the practice history the week seeder made.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from planner import rules, rules_checkins
from planner.models import Attempt, CheckIn, CheckInSettings, JournalEntry, Tag, ThoughtRecord
from planner.services.checkins import tags_ensure

DAYS = 12 * 7
NOTES = {
    80: "Long day. Stayed in and that was fine.",
    61: "Replied to Aoife's message at last.",
    45: "Walked past the café twice before going in. Went in.",
    30: "Sam called. We laughed about the dog.",
    12: "Library group: said more than hello this time.",
    3: "Tired, but a good kind of tired.",
}
TAGS_BY_DAY = {80: ["anniversaries"], 66: ["crowds", "noise"], 45: ["being watched"], 20: ["noise"]}
# (days ago, title, text, tags)
JOURNAL = [
    (78, "A heavy week", "It's nearly a year since everything changed. I noticed I kept the curtains closed all day. Writing it down so I can see it.", ["anniversaries"]),
    (60, "The supermarket at 6pm", "Too many people, the tannoy, the trolleys. I left the basket by the door. Next time: go in the morning.", ["crowds", "noise"]),
    (41, "Café, second try", "Sat with my back to the wall near the door. Nobody was looking at me; they were looking at their phones.", ["being watched"]),
    (22, "What helped this week", "Texting Aoife before going out. Knowing my exit. Ordering the same drink.", []),
    (6, "Noticing a pattern", "When I skip breakfast everything feels louder by afternoon. Small thing, worth knowing.", ["noise"]),
]  # fmt: skip


def _at(day, hour: int, zone) -> datetime:
    return rules.local_to_utc(day, time(hour, 0), zone)


def seed(people: dict[str, User]) -> None:
    """Refresh Maya's check-ins, journal and thought records: running it twice is harmless."""
    maya = people["maya"]
    zone = maya.zone
    today = rules.local_date(timezone.now(), zone)
    chance = random.Random(7)  # noqa: S311 - a fixed seed for believable, repeatable demo data
    with transaction.atomic():
        CheckIn.objects.filter(owner=maya).delete()
        JournalEntry.objects.filter(owner=maya).delete()
        ThoughtRecord.objects.filter(owner=maya).delete()
        Tag.objects.filter(owner=maya).delete()
        CheckInSettings.objects.update_or_create(
            owner=maya, defaults={"rhythm": "daily", "at": time(20, 30)}
        )
        for days_ago in range(DAYS, 0, -1):
            if days_ago not in NOTES and chance.random() < 0.15:
                continue  # a quiet day: no check-in, and nothing counts it against her
            progress = (DAYS - days_ago) / DAYS  # 0 twelve weeks ago, nearly 1 yesterday
            day = today - timedelta(days=days_ago)
            at = _at(day, 20, zone) + timedelta(minutes=chance.randint(0, 90))
            checkin = CheckIn.objects.create(
                owner=maya,
                rhythm="daily",
                period_start=day,
                mood=max(1, min(5, round(2 + 2 * progress + chance.uniform(-0.9, 0.9)))),
                # Tapped on the 0-10 chips, so stored in tens of the 0-100 scale.
                distress=rules_checkins.distress_from_tap(
                    max(0, min(10, round(6.5 - 3.5 * progress + chance.uniform(-1.2, 1.2))))
                ),
                energy=max(1, min(5, round(2 + 1.5 * progress + chance.uniform(-1, 1)))),
                interactions=max(0, round(3 * progress + chance.uniform(-1, 1.2))),
                note=NOTES.get(days_ago, ""),
                created_at=at,
                updated_at=at,
            )
            if days_ago in TAGS_BY_DAY:
                checkin.tags.set(tags_ensure(owner=maya, names=TAGS_BY_DAY[days_ago]))
        for days_ago, title, text, tags in JOURNAL:
            at = _at(today - timedelta(days=days_ago), 21, zone)
            entry = JournalEntry.objects.create(
                owner=maya, title=title, text=text, created_at=at, updated_at=at
            )
            entry.tags.set(tags_ensure(owner=maya, names=tags))
        _thought_records(maya, today=today, zone=zone)


def _thought_records(maya: User, *, today, zone) -> None:
    logged = list(
        Attempt.objects.filter(owner=maya, happened_at__isnull=False).select_related("step")
    )
    # The attempt that most beat its forecast is the strongest evidence she has.
    best = max(logged, key=lambda a: a.predicted_peak - a.suds_peak, default=None)
    at = _at(today - timedelta(days=9), 21, zone)
    cited = ThoughtRecord.objects.create(
        owner=maya,
        situation="Sam suggested the Saturday market together.",
        automatic_thought="It'll be packed, I'll panic, and Sam will see me fall apart.",
        emotion="dread",
        intensity_before=75,
        traps=["fortune-telling", "catastrophising", "mind-reading"],
        evidence_for="Markets are busy. I left the supermarket early in the spring.",
        evidence_against="The café felt much easier than I predicted. Sam has never judged me.",
        balanced_thought="It may be busy and uncomfortable, and I know how to step out for a minute.",
        intensity_after=45,
        created_at=at,
        updated_at=at,
    )
    if best is not None:
        cited.cited_attempts.set([best])
    at = _at(today - timedelta(days=33), 21, zone)
    ThoughtRecord.objects.create(
        owner=maya,
        situation="Aoife didn't answer my message for two days.",
        automatic_thought="She's tired of me.",
        emotion="hurt",
        intensity_before=70,
        traps=["mind-reading", "personalising"],
        evidence_for="She used to reply within the hour.",
        evidence_against="She said last month work was mad. She replied warmly when she did.",
        balanced_thought="She's busy; silence isn't a verdict on me.",
        intensity_after=30,
        created_at=at,
        updated_at=at,
    )
