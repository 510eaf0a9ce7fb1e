from django.conf import settings

from common.logmask import mask_path


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "publickey-credentials-get": ["self"]} -> "camera=(), ...=(self)"."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every response.

    First in MIDDLEWARE, so static files, redirects and error pages carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class NoReferrerOnSecretLinksMiddleware:
    """`Referrer-Policy: no-referrer` on every page whose address carries a secret.

    A page reached by a private link (a shared safety plan, an unsubscribe link) would
    otherwise hand its address, token and all, to the next page as a Referer: to another
    site, or into our own access log. Which pages is decided by common.logmask, from the
    URL configuration, so the header and the log masking never disagree. Every other
    page keeps settings.SECURE_REFERRER_POLICY.

    A private-link page that posts a form of its own (accept an invitation, "not this
    time", undo an email change, set a new password) gets "same-origin" instead: under
    "no-referrer" browsers send `Origin: null` with the POST, and Django's CSRF check
    rightly refuses that. "same-origin" still keeps the token from leaving the site,
    and our own logs mask it. A view that sets its own policy keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Referrer-Policy" in response or mask_path(request.path_info) == request.path_info:
            return response
        posts = not response.streaming and b'method="post"' in response.content.lower()
        response["Referrer-Policy"] = "same-origin" if posts else "no-referrer"
        return response
