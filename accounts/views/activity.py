from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.selectors.security_events import security_events_page


@require_GET
def activity(request):
    page = security_events_page(
        user=request.user, now=timezone.now(), number=request.GET.get("page")
    )
    return render(request, "accounts/activity.html", {"page": page})
