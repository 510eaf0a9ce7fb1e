"""Where apps above planner add to planner's pages, without planner importing them.

Planner sits below supporters and reminders (DESIGN.md section 3), yet some of
its pages show what those apps own: an ally's answer on a week card, notes of
encouragement on the home page. The owning app registers a provider here from
its AppConfig.ready(), and planner calls whatever is registered. With nothing
registered a page simply leaves that part out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression
from django.http import HttpRequest

from accounts.models import User

# name -> a function returning an expression annotated on every ScheduledStep the
# week and home pages read (a subquery inside their one query, so no extra query).
scheduled_step_annotations: dict[str, Callable[[], Expression]] = {}

# name -> a function of the request returning where the home page should send this
# person instead (a URL), or None for home as usual. Asked before home reads anything,
# so a supporter with no plan of their own lands on the people they support.
home_redirects: dict[str, Callable[[HttpRequest], str | None]] = {}

# name -> a function of the signed-in owner returning one more home-page context
# value under that name (each costs the queries it makes, fixed per page).
home_context: dict[str, Callable[[User], Any]] = {}


@dataclass(frozen=True)
class ExportPart:
    """One more part of "download everything", owned by an app above planner.

    With `import_` set it sits among the file's "topics" and an import brings it
    back; without, it sits under "records", for the person to read, and `why_not`
    tells them (in the ZIP's README) why an import leaves it alone.
    """

    name: str  # its key in the file
    export: Callable[[User], list]  # the person -> JSON-ready rows, in a fixed number of queries
    said: str  # how it is named to the person ("reminder preferences")
    readme: str  # what it holds, in a sentence
    import_: Callable[[User, list], int] | None = None
    why_not: str = ""


# name -> a part of the export (see planner/services/export_parts.py).
export_parts: dict[str, ExportPart] = {}
