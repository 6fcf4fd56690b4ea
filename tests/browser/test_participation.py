"""The participation dashboard finds the demo registry's gaps; circles move by keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from convener.demo.data import DEMO_PASSWORD, load_demo
from convener.demo.stakeholders import load_stakeholders
from convener.stakeholders.models import CircleMove, Stakeholder
from tests.browser.conftest import assert_accessible, open_from_menu

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


@pytest.fixture
def demo():
    login = load_demo()
    load_stakeholders(login.initiative)
    return login


def test_the_dashboard_says_plainly_what_is_missing(live_server, page, demo):
    base, slug = live_server.url, demo.initiative.slug
    log_in(page, base, demo.email)
    page.goto(f"{base}/i/{slug}/")
    open_from_menu(page, "Participation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Participation")
    findings = page.get_by_role("region", name="What stands out").get_by_role("listitem")
    expect(findings.first).to_contain_text("Family/Youth")
    expect(findings.first).to_contain_text("well below the target of 25%")
    expect(findings.nth(1)).to_have_text("68% of people in the registry are agency staff.")
    expect(page.locator("main")).to_contain_text("engaged beyond the second circle")
    expect(page.get_by_role("img", name="Share of people by perspective")).to_be_visible()
    assert_accessible(page)

    # The same numbers for one subset: the people tagged "parent network".
    page.get_by_label("Tag").select_option("parent network")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("people tagged “parent network”")
    expect(page.get_by_role("table", name="People by perspective")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Set the target mix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Target mix")
    assert_accessible(page)


def test_a_person_moves_between_circles_by_keyboard(live_server, page, demo):
    base, slug = live_server.url, demo.initiative.slug
    person = (
        Stakeholder.objects.filter(initiative=demo.initiative, circle="", kind="person")
        .order_by("name", "id")
        .first()
    )
    assert person is not None
    log_in(page, base, demo.email)
    page.goto(f"{base}/i/{slug}/stakeholders/circles/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The four circles")
    expect(page.get_by_role("img", name="Four concentric circles")).to_be_visible()
    assert_accessible(page)

    # Circles start collapsed; a search opens the circle that holds the match.
    page.get_by_label("Find a person or group").fill(person.name)
    page.get_by_role("button", name="Find").click()
    row = page.locator(f"#stakeholder-{person.pk}")
    expect(row).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link", name="Move or edit").focus()  # from here on, only keys
    page.keyboard.press("Enter")
    expect(row.get_by_label("Circle")).to_be_focused()
    page.keyboard.type("Key")
    page.keyboard.press("Tab")
    expect(row.get_by_label("What they might do")).to_be_focused()
    page.keyboard.type("Bring two more families to the spring listening session.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # The row is replaced where it stands, and focus comes back to its link.
    expect(row.get_by_role("status")).to_contain_text(
        f"{person.name}: saved (Key Participants / Key Advisors)"
    )
    expect(row.get_by_role("link", name="Move or edit")).to_be_focused()
    assert_accessible(page)
    page.goto(f"{base}/i/{slug}/stakeholders/circles/?open=key")
    key_section = page.get_by_role("region", name="Key Participants")
    expect(key_section).to_contain_text(person.name)
    expect(page.get_by_role("table", name="The latest moves")).to_contain_text(person.name)
    assert_accessible(page)
    person.refresh_from_db()
    assert person.circle == "key"
    assert CircleMove.objects.filter(stakeholder=person, to_circle="key").exists()
