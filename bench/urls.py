"""The app's URLs plus one bare view, the floor each page is measured against."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    # Not login_not_required: it pays the same session, user and CSRF cost as a page,
    # so the ratio shows what the page itself adds.
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare),
    path("", include("config.urls")),
]
