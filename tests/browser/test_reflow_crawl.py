"""Every page a demo account reaches reflows at 320 px with 150% text and WCAG 1.4.12
text spacing (1.4.10, 1.4.4, 1.4.12), and reads cleanly to axe (issue 15, item 7).

A breadth-first crawl from the home page, signed in as Maya, then as Sam (her supporter,
whose pages differ), then signed out, following same-origin links that only read. One
browser context each, reused, so the run stays short.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve

from accounts.models import User

pytestmark = pytest.mark.browser

REFLOW = {"width": 320, "height": 640}
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
LARGE_TEXT = "html { font-size: 159.375% !important; }"
# A crawl that visits every journal entry learns nothing new after the second: at most
# this many addresses per route, and a cap on the whole walk.
PER_ROUTE = 2
MAX_PAGES = 120
# Links a crawler must not follow: they sign out, leave, download a file, feed a calendar,
# or are one-off signed links that act on what they carry.
SKIP_PREFIXES = (
    "/accounts/logout/",
    "/static/",
    "/export/stepwise.",
    "/export/check-ins.csv",
    "/calendar/",
    "/sw.js",
    "/manifest.webmanifest",
    "/not-now/",
    "/unsubscribe/",
    "/invitations/",
)
SKIP_ROUTES = {"account_logout"}
_axe = Axe()


@pytest.fixture
def demo(db):
    call_command("seed_demo")
    people = {}
    for name in ("Maya", "Sam"):
        person = User.objects.get(display_name=name)
        person.text_size = 150
        person.readable_font = True
        person.save(update_fields=["text_size", "readable_font"])
        people[name] = person
    return people


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _follow(path: str) -> bool:
    return not path.startswith(SKIP_PREFIXES) and not re.search(r"\.(ics|csv|json|zip)$", path)


def _overflow(page) -> str | None:
    """None when nothing scrolls sideways, else the width and the widest culprits."""
    return page.evaluate(
        """() => {
            const root = document.scrollingElement;
            if (root.scrollWidth <= root.clientWidth + 1) return null;
            const limit = root.clientWidth + 0.5;
            const culprits = [...document.querySelectorAll('body *')]
              .filter(el => el.getBoundingClientRect().right > limit)
              // the innermost: an element none of whose children also overflow
              .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > limit))
              .slice(0, 6)
              .map(el => el.tagName.toLowerCase()
                   + (el.id ? '#' + el.id : '')
                   + (el.className && typeof el.className === 'string'
                      ? '.' + el.className.trim().replace(/ +/g, '.') : '')
                   + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
            return root.scrollWidth + 'px wide: ' + culprits.join('; ');
        }"""
    )


def _axe_problems(page) -> list[str]:
    violations = _axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {', '.join(t for n in v['nodes'] for t in n['target'])}"
        for v in violations
    ]


def _crawl(page, live_server, *, signed_in: bool) -> tuple[list[str], list[str], list[str]]:
    """Visit pages breadth-first; return (visited, overflow problems, axe problems).

    Signed out there is no text-size setting: the reader's stylesheet sets the same
    root size as html.text-150 (stepwise.css).
    """
    origin = urlsplit(live_server.url).netloc
    queue, seen, per_route = deque(["/"]), {"/"}, {}
    visited, overflows, accessibility = [], [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        route = _route(urlsplit(path).path)
        if route is None or route in SKIP_ROUTES:
            continue
        if per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = page.goto(path)
        if response is None or response.status != 200 or urlsplit(page.url).netloc != origin:
            continue
        visited.append(path)
        page.add_style_tag(content=TEXT_SPACING if signed_in else TEXT_SPACING + LARGE_TEXT)
        if signed_in:
            assert "text-150" in page.evaluate("document.documentElement.className"), path
        if problem := _overflow(page):
            overflows.append(f"{path} ({route}): {problem}")
        if per_route[route] == 1:
            accessibility.extend(f"{path}: {p}" for p in _axe_problems(page))
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            href, _ = urldefrag(href)
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != origin:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen and _follow(parts.path):
                seen.add(local)
                queue.append(local)
    return visited, overflows, accessibility


@pytest.mark.timeout(600)
@pytest.mark.parametrize("who", ["Maya", "Sam", None], ids=["Maya", "Sam", "signed-out"])
def test_every_page_the_demo_reaches_reflows_at_320px_with_text_spacing(
    browser, live_server, client, settings, demo, who
):
    # The reader's own stylesheet is theirs, not the page's: our CSP rightly refuses it.
    context = browser.new_context(viewport=REFLOW, base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    try:
        if who is not None:
            client.force_login(demo[who])
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        visited, overflows, accessibility = _crawl(
            context.new_page(), live_server, signed_in=who is not None
        )
    finally:
        context.close()
    assert len(visited) >= (15 if who else 5), visited
    report = [f"{len(overflows)} of {len(visited)} pages scroll sideways:", *overflows]
    report += [f"axe found {len(accessibility)} problem(s):", *accessibility]
    assert not overflows and not accessibility, "\n".join(report)
