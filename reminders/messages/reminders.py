"""The person's own reminders: weekly planning, steps, check-ins, the safety plan review.

Words live in templates/reminders/<kind>_{subject,email,sms}.txt and
<kind>_email.html. A message names why it came and how to change or stop it,
and carries nothing about the person's health but a step's title: no
distress ratings, notes, exit strategies or goals, and the subject and the
text (what a lock screen shows) do not say "safety plan" either. In discreet
mode (the person's `discreet`, on the user row already loaded) subjects and
texts name neither Stepwise nor the step.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from common.choices import Weekday
from planner.models import CheckIn, ScheduledStep
from planner.rules_checkins import period_for
from planner.selectors.checkins import checkin_settings_for
from planner.templatetags.week_tags import clock_text
from reminders import gsm
from reminders.channels import Message
from reminders.models import Outbox, ReminderKind

# Two segments: room for the title and the one-tap "not this time" link, whose
# signed address alone is some 100 characters.
STEP_TEXT_SEGMENTS = 2

Kind = ReminderKind
TEMPLATES = "reminders"
STEP_GONE = "The step was moved or taken out of the plan, so there was nothing to remind about."
ALREADY_CHECKED_IN = "You had already checked in, so there was nothing to ask."


def not_needed(row: Outbox) -> str:
    """Why a row of the person's own kinds has nothing to say any more ("" if it has)."""
    if row.kind == Kind.STEP and scheduled_for(row) is None:
        return STEP_GONE
    if row.kind == Kind.CHECKIN and _checked_in(row):
        return ALREADY_CHECKED_IN
    return ""


def _checked_in(row: Outbox) -> bool:
    """Whether the person already checked in for the period this reminder asks about.

    Answered for a whole batch at once by reminders.messages.preload; else two queries.
    """
    preloaded = getattr(row, "_checked_in", None)
    if preloaded is not None:
        return preloaded
    person = row.recipient
    settings = checkin_settings_for(person)
    period = period_for(
        row.due_at,
        person.zone,
        rhythm=settings.rhythm,
        sunday_first=person.week_starts_on_sunday,
    )
    return CheckIn.objects.filter(
        owner=person, rhythm=settings.rhythm, period_start=period.start
    ).exists()


def checked_in_for(rows: list[Outbox]) -> None:
    """Answer _checked_in for all these check-in rows in two queries (rows must be CHECKIN)."""
    from planner.models import CheckInSettings

    if not rows:
        return
    owners = {row.recipient_id for row in rows}
    saved = {s.owner_id: s for s in CheckInSettings.objects.filter(owner_id__in=owners)}
    asked = {}
    for row in rows:
        person = row.recipient
        rhythm = (saved.get(row.recipient_id) or CheckInSettings(owner=person)).rhythm
        period = period_for(
            row.due_at, person.zone, rhythm=rhythm, sunday_first=person.week_starts_on_sunday
        )
        asked[row.pk] = (row.recipient_id, rhythm, period.start)
    done = set(
        CheckIn.objects.filter(
            owner_id__in=owners, period_start__in={start for _, _, start in asked.values()}
        ).values_list("owner_id", "rhythm", "period_start")
    )
    for row in rows:
        row._checked_in = asked[row.pk] in done


def planning_message(row: Outbox, to: str) -> Message | None:
    from reminders.messages import preferences_for

    prefs = preferences_for(row)  # preloaded for a batch, else one query
    day = Weekday(prefs.planning_weekday).label
    at = clock_text(prefs.planning_at, row.recipient.locale)
    why = f"you asked for a weekly planning prompt on {day}s at {at}."
    context = {"action_url": _absolute("planner:week"), "planning_why": why}
    return _render(row, to, "planning", context)


def step_message(row: Outbox, to: str) -> Message | None:
    scheduled = scheduled_for(row)
    if scheduled is None:
        return None
    week_of = timezone.localtime(scheduled.starts_at, row.recipient.zone).date()
    action = _absolute("planner:week_of", year=week_of.year, month=week_of.month, day=week_of.day)
    from reminders.not_this_time import not_this_time_url

    context = {
        "scheduled": scheduled,
        "action_url": action,
        "not_this_time_url": not_this_time_url(scheduled),
    }
    if row.channel == Outbox.Channel.SMS:
        return _step_text(row, to, context)
    return _render(row, to, "step", context)


def _step_text(row: Outbox, to: str, context: dict) -> Message:
    """A step text in at most STEP_TEXT_SEGMENTS segments (reminders.gsm).

    It carries the signed "not this time" link (one tap, no sign-in) beside "reply
    SKIP", and STOP. The title is made GSM-7, so one emoji cannot turn the whole
    text into UCS-2 and treble it, and shortened with dots to the room the rest
    leaves. Only if even a one-letter title would not fit does the link give way
    (SKIP still does what it does).
    """
    title = gsm.gsm_safe(context["scheduled"].step.title)
    limit = gsm.septets_in(STEP_TEXT_SEGMENTS)
    for link in (True, False):
        # Worded around a one-letter title: what is left is the title's room.
        bare = _render(row, to, "step", context | {"title": "x", "link": link}).text
        room = limit - gsm.gsm_length(bare) + 1
        if gsm.is_gsm(bare) and room >= 1:
            break
    return _render(row, to, "step", context | {"title": gsm.shorten(title, room), "link": link})


def checkin_message(row: Outbox, to: str) -> Message | None:
    if _checked_in(row):
        return None
    return _render(row, to, "checkin", {"action_url": _absolute("planner:checkin")})


def safety_review_message(row: Outbox, to: str) -> Message | None:
    # A text links to the home page (the plan is one tap from every page): even
    # the address of the safety plan would say too much on a lock screen.
    name = "planner:home" if row.channel == Outbox.Channel.SMS else "planner:safety_plan"
    return _render(row, to, "safety_review", {"action_url": _absolute(name)})


BUILDERS = {
    Kind.PLANNING: planning_message,
    Kind.STEP: step_message,
    Kind.CHECKIN: checkin_message,
    Kind.SAFETY_REVIEW: safety_review_message,
}


def scheduled_for(row: Outbox) -> ScheduledStep | None:
    """The row's step if it is still planned, and still this person's.

    Read for a whole batch at once by reminders.messages.preload; else one query.
    """
    if row.scheduled_step_id is None:
        return None
    preloaded = getattr(row, "_planned_steps", None)
    if preloaded is not None:
        return preloaded.get(row.scheduled_step_id)
    return (
        ScheduledStep.objects.select_related("step")
        .filter(
            pk=row.scheduled_step_id,
            owner_id=row.recipient_id,
            status=ScheduledStep.Status.PLANNED,
        )
        .first()
    )


def _render(row: Outbox, to: str, name: str, context: dict) -> Message:
    person = row.recipient
    context |= {
        "person": person,
        "discreet": person.discreet,
        "kind_label": Kind(row.kind).label,
        "reminders_url": reminders_page_url(),
    }
    # Dates and times read in the person's own zone.
    with timezone.override(person.zone):
        if row.channel == Outbox.Channel.SMS:
            text = render_to_string(f"{TEMPLATES}/{name}_sms.txt", context)
            return Message(to=to, text=" ".join(text.split()))
        from reminders.unsubscribe import unsubscribe_url

        context["unsubscribe_url"] = unsubscribe_url(person, row.kind, issued=row.due_at)
        subject = render_to_string(f"{TEMPLATES}/{name}_subject.txt", context)
        return Message(
            to=to,
            subject=" ".join(subject.split()),
            text=render_to_string(f"{TEMPLATES}/{name}_email.txt", context).strip() + "\n",
            html=render_to_string(f"{TEMPLATES}/{name}_email.html", context),
        )


def reminders_page_url() -> str:
    from reminders.unsubscribe import reminders_path

    return f"{settings.PUBLIC_URL}{reminders_path()}"


def _absolute(name: str, **kwargs) -> str:
    return f"{settings.PUBLIC_URL}{reverse(name, kwargs=kwargs or None)}"
