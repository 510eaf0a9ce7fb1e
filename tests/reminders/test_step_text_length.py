"""A step reminder text is at most two SMS segments, whatever the step is called,
and always carries the one-tap "not this time" link.

One segment is 160 characters in the GSM-7 alphabet (some, like €, count twice) or 70
if any character is outside it (an emoji, a curly quote), when the whole text goes as
UCS-2. Each part past one carries a header (153 septets left), and a third part would cost
and may arrive split; two leave room for the title and the signed link.
The checker here is written from the GSM 03.38 table, apart from the code it tests.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reminders.messages import message_for
from reminders.models import ReminderKind
from tests.reminders.channels_support import private_step, reminder_row, with_phone

pytestmark = pytest.mark.django_db

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
NOT_NOW = "/not-now/"


def segments(text: str) -> int:
    """How many SMS segments a phone network would bill for this text."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        septets = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        return 1 if septets <= 160 else -(-septets // 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)


@pytest.fixture
def step_text(alice, now):
    with_phone(alice)
    scheduled = private_step(alice, starts_at=now + timedelta(days=2))
    row = reminder_row(alice, ReminderKind.STEP, channel="sms", scheduled=scheduled)

    def _text(title: str, *, discreet: bool = False) -> str:
        scheduled.step.title = title
        scheduled.step.save(update_fields=["title"])
        alice.discreet = discreet
        alice.save(update_fields=["discreet"])
        row.refresh_from_db()
        return message_for(row).text

    return _text


def test_a_short_title_is_sent_whole_with_the_not_this_time_link(step_text):
    # Changing reminders: HELP's reply carries the page's link.
    text = step_text("Walk to the library")
    assert text.startswith('Stepwise: your step "Walk to the library", ')
    assert "reply SKIP" in text and "reply HELP" in text
    assert text.endswith("Reply STOP to stop texts")
    assert segments(text) <= 2
    assert NOT_NOW in text


def test_a_long_title_is_shortened_with_dots_and_keeps_the_skip_and_stop_lines(step_text):
    title = (
        "Have coffee with my sister at the little place by the harbour, stay an hour, "
        "then walk home the long way past the park and call Dana"
    )
    text = step_text(title)
    assert segments(text) <= 2
    assert NOT_NOW in text
    shown = text.split('"')[1]
    assert shown.endswith("...") and title.startswith(shown.removesuffix("..."))
    assert len(shown) >= 28  # still enough to know which step it is
    assert "reply SKIP" in text and text.endswith("Reply STOP to stop texts")


def test_an_emoji_in_the_title_does_not_turn_the_text_into_many_segments(step_text):
    text = step_text("Call Mum 💛 about Sunday’s lunch")
    assert segments(text) <= 2
    assert NOT_NOW in text
    assert "Call Mum" in text and "about Sunday's lunch" in text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
            st.sampled_from("€[]{}~^|\\😀💛🧡👍🏽éñß’“”…—"),
        ),
        min_size=1,
        max_size=200,
    ).filter(str.strip),
    discreet=st.booleans(),
)
def test_any_title_gives_a_two_segment_text_with_the_link(step_text, title, discreet):
    text = step_text(title, discreet=discreet)
    assert segments(text) <= 2, (len(text), text)
    assert NOT_NOW in text
    assert "reply SKIP" in text and text.endswith("Reply STOP to stop texts")
