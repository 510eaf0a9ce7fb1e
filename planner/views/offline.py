"""The offline copy of the safety plan and the grounding tools.

The server only serves the manifest and the service worker, the same to everyone. The
choice to keep a copy lives in the person's browser (static/js/offline.js): a shared
phone must not keep their plan unless they asked for it on that phone.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# The only pages the service worker ever answers for; everything else goes to the network.
OFFLINE_PAGES = ("planner:safety_plan", "planner:grounding")


@login_not_required
@require_GET
@never_cache
def manifest(request):
    # A neutral name and icon: a home screen is seen by whoever holds the phone.
    data = {
        "name": "Stepwise",
        "short_name": "Stepwise",
        "start_url": reverse("planner:safety_plan"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#2f5d62",
        "icons": [
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@login_not_required
@require_GET
@never_cache
def service_worker(request):
    """Served from the root so its scope covers both pages; never cached, so a fix or
    a removal reaches every phone on its next visit."""
    context = {
        "pages": json.dumps([reverse(name) for name in OFFLINE_PAGES]),
        "static_url": json.dumps(static("")),
    }
    response = render(
        request, "planner/offline/sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response
