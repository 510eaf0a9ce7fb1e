"""Signing in as a person would, from a named device, for the sessions tests."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
TABLET = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def device(user_agent: str = LAPTOP, ip: str = "203.0.113.10") -> Client:
    """A browser of its own: its own cookies, user agent and address."""
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)


def sign_in(client: Client, user, *, remember: bool = False):
    """Sign in through the real form, as a person would."""
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def signed_in(client: Client) -> bool:
    """What the person would notice: their home page opens, or sign-in is asked for."""
    response = client.get(reverse("accounts:profile"))
    return response.status_code == 200


def session_cookie(response):
    return response.cookies[settings.SESSION_COOKIE_NAME]
