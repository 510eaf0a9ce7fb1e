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


def _manifest(name: str, icon: str, svg: str) -> JsonResponse:
    # Nothing on a home screen says what the app is for; PNGs of 192 and 512 px are
    # what Chromium asks for before it offers to install (manage.py draw_icons).
    data = {
        "name": name,
        "short_name": name,
        "start_url": reverse("planner:safety_plan"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#2f5d62",
        "icons": [
            *(
                {
                    "src": static(f"icons/{icon}-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                }
                for size in (192, 512)
            ),
            {"src": static(svg), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@login_not_required
@require_GET
@never_cache
def manifest(request):
    return _manifest("Stepwise", "stepwise", "favicon.svg")


@login_not_required
@require_GET
@never_cache
def manifest_plain(request):
    """For discreet mode (base.html links it): installed, the app reads "Planner" with a
    plain icon. A second fixed address rather than one manifest per person: browsers
    fetch a manifest without cookies unless told otherwise, and keep it a while."""
    return _manifest("Planner", "plain", "favicon-plain.svg")


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
