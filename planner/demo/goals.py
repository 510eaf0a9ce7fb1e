"""Maya's values, goals and ladders for seed_demo.

Each ladder starts from a template and carries the edits a real person makes:
steps she had already done taken out, titles in her own words, her own guesses at
how hard things will feel. Her café goal comes first: the week seeder builds her
practice history on its second step. Safe to run again: nothing is duplicated, and
what she changed since is left alone.
"""

from dataclasses import replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.blind_index import matching
from planner.ladder_templates import BY_KEY
from planner.models import Goal, TrustedContact, Value
from planner.services.goals import goal_create, goal_set_status
from planner.services.ladders import StepDraft, drafts_from_template, ladder_extend
from planner.services.values import value_from_catalog

VALUES = [("family", 5), ("connection", 4), ("belonging", 4), ("courage", 3)]
OWN_VALUE = ("Being a good aunt", "Showing up for Aoife's two, even in small ways.", 4)


def _ladder(template_key: str, keep: dict[int, dict], extra=()) -> list[StepDraft]:
    """The template's steps at the indexes in `keep`, each with Maya's edits."""
    drafts = drafts_from_template(BY_KEY[template_key])
    return [replace(drafts[i], **edits) for i, edits in keep.items()] + list(extra)


def _goals(ally: TrustedContact | None) -> list[dict]:
    return [
        {
            "title": "Become a regular at the café on Harbour Road",
            "value": "belonging",
            "area": "community",
            "why": "I used to love sitting in cafés. I'd like one place where people know my face.",
            "steps": _ladder(
                "familiar-face",
                {
                    2: {"title": "Visit the café at a quiet time, with a friend", "ally": ally},
                    3: {
                        "title": "Have a coffee there on my own",
                        "predicted_suds": 60,
                        "planned_minutes": 30,
                    },
                    4: {
                        "title": "Say hello to the barista",
                        "predicted_suds": 65,
                        "planned_minutes": 30,
                    },
                    5: {
                        "title": "Go every Tuesday evening",
                        "predicted_suds": 70,
                        "planned_minutes": 45,
                    },
                    6: {
                        "title": "Join the Thursday book swap",
                        "predicted_suds": 80,
                        "planned_minutes": 60,
                    },
                },
            ),
        },
        {
            "title": "Coffee with my sister Aoife once a month",
            "value": "family",
            "area": "relationships",
            "why": "We were close before. I miss her, and the kids are growing up fast.",
            "steps": _ladder(
                "coffee-with-family",
                {
                    3: {"title": "Tea at Aoife's, with Mum there too", "predicted_suds": 55},
                    4: {"title": "Coffee with Aoife in town, just us", "predicted_suds": 65},
                    5: {"title": "Put a monthly coffee in the calendar", "predicted_suds": 70},
                },
                extra=[
                    StepDraft(
                        title="Take the kids to the park with Aoife",
                        predicted_suds=75,
                        planned_minutes=90,
                        mode="offline",
                        accommodations=("leave_any_time", "breaks"),
                        exit_strategy="Say I need to get back, hug the kids, and head for the bus.",
                    )
                ],
            ),
        },
        {
            "title": "Say one thing at the residents' meeting",
            "value": "courage",
            "area": "social_skills",
            "why": "The bins and the broken light affect me too, and I have ideas.",
            "steps": _ladder(
                "saying-what-i-think",
                {
                    0: {"title": "Comment on the residents' group post about the light"},
                    1: {},
                    2: {},
                    4: {"title": "Tell my neighbour Tom what I think about the bins"},
                    5: {"title": "Say one thing at the residents' meeting"},
                },
            ),
            # Paused by Maya while the café goal takes her energy: nothing is lost.
            "status": Goal.Status.PAUSED,
        },
    ]


def seed(people: dict[str, User]) -> None:
    maya = people["maya"]
    with transaction.atomic():
        for key, importance in VALUES:
            value_from_catalog(owner=maya, key=key, importance=importance)
        name, description, importance = OWN_VALUE
        # Names and titles are encrypted: found by blind index, or compared here.
        if not Value.objects.filter(matching(Value, "name", name), owner=maya).exists():
            Value.objects.create(
                owner=maya, name=name, description=description, importance=importance
            )
        ally = TrustedContact.objects.filter(owner=maya, can_be_ally=True).first()
        titles = set(Goal.objects.filter(owner=maya).values_list("title", flat=True))
        now = timezone.now()
        for age, spec in enumerate(reversed(_goals(ally))):
            if spec["title"] in titles:
                continue
            goal = goal_create(
                owner=maya,
                value=spec["value"],
                title=spec["title"],
                area=spec["area"],
                why=spec["why"],
            )
            # The first goal is the oldest: it was set up nine weeks ago.
            Goal.objects.filter(pk=goal.pk).update(created_at=now - timedelta(weeks=7 + age))
            ladder_extend(goal=goal, drafts=spec["steps"])
            if spec.get("status"):
                goal_set_status(goal=goal, status=spec["status"], now=now - timedelta(weeks=3))
