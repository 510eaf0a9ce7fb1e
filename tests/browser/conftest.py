"""Debian's chromium, driven by Playwright, against pytest-django's live server.

Playwright's sync API keeps an event loop running in the test thread, which makes
Django refuse ORM calls there (SynchronousOnlyOperation). The tests and the live
server never share a connection, so the guard has nothing to protect here.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from tests.services import chromium_path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a fresh context: `open_page(color_scheme="dark", viewport=NARROW)`.

    Each page keeps the Content Security Policy complaints its console printed in
    `page.csp_errors`, so a test can prove no inline script or style slipped in.
    """
    contexts = []

    def _open(*, viewport=PHONE, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        # A missing element should fail in seconds, not after Playwright's 30 s default.
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda message: (
                page.csp_errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield _open
    # Closed before pytest-django flushes the database, so no request is left in flight.
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def sign_in(client, live_server):
    """Give a page the session of `user`, as if they had signed in a moment ago."""

    def _sign_in(page, user):
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return _sign_in


def axe_check(page, *, every_impact: bool = False) -> None:
    """Fail on any serious or critical axe violation (any at all with `every_impact`),
    naming the rule and the elements."""
    results = _axe.run(page)
    blocking = [
        v for v in results.response["violations"] if every_impact or v["impact"] in BLOCKING_IMPACTS
    ]
    if blocking:
        lines = [f"axe found {len(blocking)} problem(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {', '.join(node['target'])}" for node in violation["nodes"])
        pytest.fail("\n".join(lines), pytrace=False)


def expect_said_after_swap(page, focused, text: str) -> None:
    """After an htmx swap started by a click: keyboard focus is on `focused` (the
    confirmation or the new content's heading, never the page body), and the one
    live region of base.html says `text`."""
    expect(page.locator("#swap-said")).to_have_text(text)
    expect(focused).to_be_focused()
    assert page.evaluate("document.activeElement !== document.body")


def save_screenshot(page, name: str) -> Path:
    """Keep a full-page picture in test-artifacts/ for a person to look at after CI."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=path, full_page=True)
    return path
