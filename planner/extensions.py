"""Where apps above planner add to planner's pages, without planner importing them.

Planner sits below supporters and reminders (DESIGN.md section 3), yet some of
its pages show what those apps own: an ally's answer on a week card, notes of
encouragement on the home page. The owning app registers a provider here from
its AppConfig.ready(), and planner calls whatever is registered. With nothing
registered a page simply leaves that part out.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Expression

from accounts.models import User

# name -> a function returning an expression annotated on every ScheduledStep the
# week and home pages read (a subquery inside their one query, so no extra query).
scheduled_step_annotations: dict[str, Callable[[], Expression]] = {}

# name -> a function of the signed-in owner returning one more home-page context
# value under that name (each costs the queries it makes, fixed per page).
home_context: dict[str, Callable[[User], Any]] = {}
