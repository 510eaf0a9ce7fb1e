"""What supporters adds to planner's pages, through planner.extensions."""

from django.db.models import OuterRef, Subquery

from planner import extensions
from supporters import export
from supporters.models import AllyResponse
from supporters.selectors.supporting import encouragement_for_home
from supporters.views.supporting import home_elsewhere


def ally_answer() -> Subquery:
    """What the step's ally answered, if the ally is a supporter with a live link."""
    return Subquery(
        AllyResponse.objects.filter(
            scheduled_step=OuterRef("pk"),
            link=OuterRef("step__ally__supporter_link"),
            link__ended_at__isnull=True,
        ).values("answer")[:1]
    )


def register() -> None:
    # "Download everything" (planner's) carries supporters' records too.
    export.register()
    extensions.scheduled_step_annotations["ally_answer"] = ally_answer
    # A supporter with no plan of their own lands on the people they support.
    extensions.home_redirects["supporting"] = home_elsewhere
    extensions.home_context["notes"] = lambda owner: encouragement_for_home(owner=owner)
