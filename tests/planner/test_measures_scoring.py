"""Scoring of both measures against totals worked out by hand."""

from datetime import UTC, datetime, timedelta

import pytest

from planner import measures


@pytest.mark.parametrize(
    ("answers", "total"),
    [
        ([1, 1, 1], 3),  # hardly ever, to all three: the lowest total
        ([3, 3, 3], 9),  # often, to all three: the highest
        ([1, 2, 3], 6),
        ([2, 2, 1], 5),
        ([3, 1, 2], 6),
    ],
)
def test_ucla_total_is_the_sum_of_the_three_answers(answers, total):
    assert measures.ucla3_score(answers) == total


@pytest.mark.parametrize(
    "answers", [[0, 1, 1], [1, 1, 4], [1, 1], [1, 1, 1, 1], [1, 1, True], [1, 1, 1.5]]
)
def test_ucla_refuses_answers_outside_the_published_scale(answers):
    with pytest.raises(ValueError):
        measures.ucla3_score(answers)


@pytest.mark.parametrize(
    ("answers", "total", "family", "friends"),
    [
        ([0, 0, 0, 0, 0, 0], 0, 0, 0),
        ([5, 5, 5, 5, 5, 5], 30, 15, 15),
        ([2, 1, 1, 3, 2, 2], 11, 4, 7),
        ([2, 2, 1, 3, 2, 2], 12, 5, 7),
        ([3, 2, 2, 3, 2, 1], 13, 7, 6),
    ],
)
def test_lsns6_total_and_subscales_are_hand_computed_sums(answers, total, family, friends):
    assert measures.lsns6_score(answers) == total
    assert measures.lsns6_subscores(answers) == (family, friends)


def test_lsns6_under_12_marks_a_risk_of_isolation_and_12_does_not():
    assert measures.lsns6_marks_isolation_risk(measures.lsns6_score([2, 1, 1, 3, 2, 2]))  # 11
    assert not measures.lsns6_marks_isolation_risk(measures.lsns6_score([2, 2, 1, 3, 2, 2]))  # 12
    assert measures.lsns6_marks_isolation_risk(0)
    assert not measures.lsns6_marks_isolation_risk(30)


@pytest.mark.parametrize("answers", [[0, 0, 0, 0, 0, 6], [-1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1]])
def test_lsns6_refuses_answers_outside_the_published_scale(answers):
    with pytest.raises(ValueError):
        measures.lsns6_score(answers)


def test_the_items_are_the_published_wording_in_the_published_order():
    assert [i.text for i in measures.UCLA3_ITEMS] == [
        "How often do you feel that you lack companionship?",
        "How often do you feel left out?",
        "How often do you feel isolated from others?",
    ]
    assert [label for _, label in measures.UCLA3_CHOICES] == [
        "Hardly ever",
        "Some of the time",
        "Often",
    ]
    assert measures.LSNS6_ITEMS[0].text == (
        "How many relatives do you see or hear from at least once a month?"
    )
    assert measures.LSNS6_ITEMS[5].text == (
        "How many friends do you feel close to such that you could call on them for help?"
    )
    assert [value for value, _ in measures.LSNS6_CHOICES] == [0, 1, 2, 3, 4, 5]


def test_a_measure_is_offered_again_about_a_month_after_the_last_answers():
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert measures.is_due(last_taken_at=None, now=now)
    assert not measures.is_due(last_taken_at=now - timedelta(days=27), now=now)
    assert measures.is_due(last_taken_at=now - timedelta(days=28), now=now)


def test_trend_words_are_gentle_and_know_which_way_is_better_for_each_measure():
    assert "less lonely" in measures.trend_words(measures.UCLA3, 7, 5)
    assert "lonelier" in measures.trend_words(measures.UCLA3, 5, 7)
    assert "more people" in measures.trend_words(measures.LSNS6, 10, 14)
    assert "same" in measures.trend_words(measures.LSNS6, 12, 12)
    assert "starting point" in measures.trend_words(measures.LSNS6, None, 12)
    for words in (measures.trend_words(k, 5, 7) for k in (measures.UCLA3, measures.LSNS6)):
        assert not any(w in words.lower() for w in ("fail", "worse", "bad", "poor", "grade"))
