"""The offline copy, as a person meets it: nothing is kept until they ask on this
phone; once asked, their plan and the grounding tools open without a connection;
turning it off, signing out or Exit this page takes the copy away again."""

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planner.models.safety import Section
from planner.services.safety import safety_section_save
from tests.browser.conftest import axe_check
from tests.planner.safety_support import fill_plan

pytestmark = pytest.mark.browser

KEEP = "Keep a copy on this phone"
REMOVE = "Remove the copy from this phone"
# The worker is running and the copy is in the browser's cache.
CACHE_FILLED = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return Boolean(registration && registration.active) && (await caches.keys()).length > 0;
}"""


@pytest.fixture
def alice_plan(alice):
    fill_plan(alice)
    return alice


def keep_a_copy(page):
    page.goto("/safety-plan/")
    expect(page.get_by_text("anyone who opens this browser could read")).to_be_visible()
    page.get_by_role("button", name=KEEP).click()
    expect(page.get_by_role("status").filter(has_text="kept on this phone")).to_be_visible()
    page.wait_for_function(CACHE_FILLED)
    expect(page.get_by_role("button", name=REMOVE)).to_be_visible()


def assert_opens_offline(page, owner):
    # Changed after the copy was kept: offline shows the copy, so not this.
    safety_section_save(
        owner=owner, section=Section.WARNING_SIGNS, value=["Written later"], now=timezone.now()
    )
    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    expect(page.get_by_role("heading", name="Your safety plan", level=1)).to_be_visible()
    expect(page.get_by_text("Staying in bed past noon")).to_be_visible()
    expect(page.get_by_text("Written later")).to_have_count(0)
    # Its styles and scripts came from the copy too.
    assert page.evaluate("[...document.styleSheets].filter((s) => s.cssRules.length).length") >= 2
    expect(page.get_by_role("button", name=REMOVE)).to_be_visible()
    page.goto("/grounding/")
    expect(page.get_by_role("heading", name="Paced breathing")).to_be_visible()
    page.goto("/safety-plan/")
    expect(page.get_by_text("Staying in bed past noon")).to_be_visible()


def assert_does_not_open_offline(page, path="/safety-plan/"):
    page.context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(path)
    page.context.set_offline(False)


def test_once_asked_the_plan_and_grounding_open_offline_until_turned_off(
    open_page, sign_in, alice_plan
):
    page = open_page()
    sign_in(page, alice_plan)
    keep_a_copy(page)
    assert_opens_offline(page, alice_plan)
    # Nothing else was kept: the journal does not open offline.
    assert_does_not_open_offline(page, "/journal/")
    page.goto("/safety-plan/")
    page.get_by_role("button", name=REMOVE).click()
    expect(page.get_by_role("status").filter(has_text="removed")).to_be_visible()
    expect(page.get_by_role("button", name=KEEP)).to_be_visible()
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert_does_not_open_offline(page)
    assert page.csp_errors == []


def test_without_asking_nothing_opens_offline(open_page, sign_in, alice_plan):
    page = open_page()
    sign_in(page, alice_plan)
    page.goto("/safety-plan/")
    # Offered, and off until asked.
    expect(page.get_by_role("button", name=KEEP)).to_be_visible()
    expect(page.get_by_role("button", name=REMOVE)).to_be_hidden()
    page.goto("/grounding/")
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    )
    assert_does_not_open_offline(page)
    assert_does_not_open_offline(page, "/grounding/")


def test_signing_out_takes_the_copy_away(open_page, sign_in, alice_plan):
    page = open_page()
    sign_in(page, alice_plan)
    keep_a_copy(page)
    page.get_by_text("Menu", exact=True).click()  # a phone: the links fold into the menu
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert_does_not_open_offline(page)


def test_exit_this_page_takes_the_copy_away(open_page, sign_in, alice_plan, settings, live_server):
    settings.EXIT_PAGE_URL = f"{live_server.url}/healthz"
    page = open_page()
    sign_in(page, alice_plan)
    keep_a_copy(page)
    page.get_by_role("link", name="Emergency Exit this page").click()
    expect(page).to_have_url(settings.EXIT_PAGE_URL)
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert_does_not_open_offline(page)


def test_the_control_reads_well_in_both_states(open_page, sign_in, alice_plan):
    page = open_page()
    sign_in(page, alice_plan)
    page.goto("/safety-plan/")
    expect(page.get_by_role("button", name=KEEP)).to_be_visible()
    axe_check(page)
    keep_a_copy(page)
    axe_check(page)


@pytest.mark.parametrize(("discreet", "name"), [(False, "Stepwise"), (True, "Planner")])
def test_chromium_can_install_the_app_under_the_name_the_person_would_want(
    open_page, sign_in, alice, discreet, name
):
    # Someone who watches the phone sees the home screen too: discreet mode names it "Planner".
    alice.discreet = discreet
    alice.save(update_fields=["discreet"])
    page = open_page()
    sign_in(page, alice)
    page.goto("/safety-plan/")
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest["errors"], manifest["errors"]
    parsed = json.loads(manifest["data"])
    assert parsed["name"] == parsed["short_name"] == name
    errors = {
        e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    }
    # A Playwright context is a private window, where Chromium never installs anything.
    assert errors <= {"in-incognito"}, errors
