from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class UserTimezoneMiddleware:
    """Show every time in the signed-in person's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # User.zone falls back to UTC for a zone tzdata no longer knows, rather
            # than refusing to show the page.
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Tell every cache to keep no copy of a page shown to a signed-in person.

    On a shared computer the browser's cache outlives the session: after sign-out,
    the back button or the disk would still show the journal. `no-store` (with
    Django's other never-cache headers) keeps it from being written at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A view that already said no-store (a download, a private link) keeps its words.
        stored = "no-store" not in response.get("Cache-Control", "")
        if stored and user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
