"""On every page, signed in or out, the Safety plan link is the next thing after the
"Exit this page" button: the third Tab stop, after the skip link and the exit."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User

pytestmark = pytest.mark.django_db

# The first focusable thing (a link, button, field or summary) after the exit button.
FOCUSABLE = re.compile(r"<(a|button|input|select|textarea|summary)\b[^>]*>", re.I)
EXIT = 'class="exit-this-page__button"'
SAFETY = re.compile(r'<a class="safety-link" href="/safety-plan/"')


def _plain_paths(patterns=None, prefix=""):
    """Every route without a parameter: the pages anyone can reach by typing a path."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _plain_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route


def _pages_with_the_shell(client):
    seen = 0
    for path in sorted(set(_plain_paths())):
        response = client.get(path)
        body = response.content.decode(errors="replace")
        if response.status_code != 200 or EXIT not in body:
            continue
        seen += 1
        yield path, body
    assert seen > 10, f"only {seen} pages checked"


def _assert_safety_follows_exit(path, body):
    after_exit = body[body.index(EXIT) :]
    after_exit = after_exit[after_exit.index("</a>") :]
    following = FOCUSABLE.search(after_exit)
    assert following and SAFETY.match(following.group(0)), (
        f"{path}: after Exit this page comes {following and following.group(0)}"
    )


def test_signed_out_every_page_puts_the_safety_plan_right_after_the_exit(client):
    for path, body in _pages_with_the_shell(client):
        _assert_safety_follows_exit(path, body)


def test_signed_in_every_page_puts_the_safety_plan_right_after_the_exit(client):
    call_command("seed_demo")
    client.force_login(User.objects.get(display_name="Maya"))
    for path, body in _pages_with_the_shell(client):
        _assert_safety_follows_exit(path, body)
