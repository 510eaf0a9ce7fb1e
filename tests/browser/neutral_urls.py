"""The app's URLs plus a stand-in for the ordinary website Exit this page leads to.

The test network is closed, so the "neutral site" is a plain page on the live server.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


@login_not_required
def neutral(request, name):
    return HttpResponse(
        f"<!DOCTYPE html><html lang='en'><title>{name}</title><h1>Weather for {name}</h1></html>"
    )


urlpatterns = [
    path("neutral/<slug:name>/", neutral),
    path("", include("config.urls")),
]
