"""Alice deletes her account; Bob, who supported her, finds nothing on his next request."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, _axe, save_screenshot
from tests.browser.test_supporters import signed_in
from tests.factories import PASSWORD, GoalFactory, StepFactory
from tests.supporters.supporters_support import link_for

pytestmark = pytest.mark.browser


def axe_clean(page) -> None:
    """No axe violation of any impact (new pages and states are held to all of them)."""
    violations = _axe.run(page).response["violations"]
    assert not violations, [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations
    ]


def test_alice_deletes_her_account_and_bob_loses_access_on_his_next_request(
    open_page, alice, bob, live_server
):
    goal = GoalFactory(owner=alice, title="Join the Thursday walking group")
    StepFactory(goal=goal, title="Walk the route on my own first", position=0)
    link_for(alice, bob, "plan")

    bob_page = open_page(viewport=DESKTOP)
    signed_in(bob_page, bob, live_server)
    assert bob_page.goto(f"/supporting/{alice.pk}/plan/").status == 200
    expect(bob_page.get_by_text("Join the Thursday walking group")).to_be_visible()

    page = open_page()
    signed_in(page, alice, live_server)
    page.goto("/profile/")
    page.get_by_role("link", name="Delete my account").click()
    # allauth asks for the password again before the page shows anything.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Delete my account", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="download a copy of your data")).to_be_visible()
    axe_clean(page)

    confirm = page.get_by_label("Type the word “delete” to confirm")
    confirm.fill("yes please")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_text("Nothing has been deleted.").first).to_be_visible()
    expect(confirm).to_have_value("yes please")
    axe_clean(page)

    confirm.fill("Delete")
    page.get_by_role("button", name="Delete my account and everything in it").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    axe_clean(page)
    save_screenshot(page, "account-deleted")

    assert bob_page.reload().status == 404
    expect(bob_page.get_by_text("Join the Thursday walking group")).to_have_count(0)
    (notice,) = mail.outbox
    assert notice.to == [bob.email]
    assert "Alice's sharing with you has ended." in notice.body
