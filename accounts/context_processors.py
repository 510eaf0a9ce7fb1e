"""What the base template needs on every page about the person, signed in or not."""

from django.conf import settings


def exit_page(request) -> dict:
    """Where Exit this page leaves to: the person's own choice, else the operator's."""
    user = getattr(request, "user", None)
    own = getattr(user, "exit_url", "") if user is not None and user.is_authenticated else ""
    return {"exit_page_url": own or settings.EXIT_PAGE_URL}
