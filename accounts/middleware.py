from django.utils import timezone


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
