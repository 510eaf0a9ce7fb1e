"""Helpers for the values, goals and ladder tests (not a test module itself)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import TrustedContact
from planner.services.ladders import StepDraft, ladder_extend
from tests.factories import GoalFactory, ValueFactory
from tests.pages import assert_shows


def make_ladder(goal, suds=(10, 30, 50), **fields):
    drafts = [
        StepDraft(title=f"Step at {s}", predicted_suds=s, planned_minutes=10 + i, **fields)
        for i, s in enumerate(suds)
    ]
    return ladder_extend(goal=goal, drafts=drafts)


def ally_of(owner, name="Nora", can_be_ally=True):
    return TrustedContact.objects.create(owner=owner, name=name, can_be_ally=can_be_ally)


def grow_history(owner, *, goals=20, steps=6):
    """A person a year in: many goals across every status, each with a full ladder."""
    statuses = ["active", "paused", "achieved", "archived"]
    value = ValueFactory(owner=owner, name="Long history")
    for i in range(goals):
        goal = GoalFactory(owner=owner, value=value, status=statuses[i % 4])
        make_ladder(goal, suds=[10 * (n + 1) for n in range(steps)], ally=ally_of(owner, f"A{i}"))


def queries_for(client, url, *, expect=(), **headers):
    """(number of queries, the SQL) for one GET, so a failing count can show its SQL.

    The page must answer 200 and show each text in `expect` (a piece of the history
    the test grew), so a count can never pass on an empty or error page.
    """
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert_shows(response, *expect)
    return len(captured), "\n".join(q["sql"] for q in captured.captured_queries)
