"""Small response helpers every app may use."""

from django.http import HttpResponse


def private(response: HttpResponse) -> HttpResponse:
    """For a page whose address is its key (a private link, a signed token).

    Keeps it out of shared caches, search engines and the Referer header another
    site would receive, so the address cannot leak from there.
    """
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
