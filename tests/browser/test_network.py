"""The Web of Connections: record a relationship, then read it in the graph and the tables."""

import pytest
from playwright.sync_api import Page, expect

from convener.activities.models import Relationship
from convener.demo.activities import load_activities
from convener.demo.data import DEMO_PASSWORD, load_demo
from convener.demo.stakeholders import load_stakeholders
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
    load_activities(login.initiative)
    return login


def test_record_a_relationship_and_see_it_in_the_web(live_server, page, demo):
    base, slug = live_server.url, demo.initiative.slug
    log_in(page, base, demo.email)
    page.goto(f"{base}/i/{slug}/")
    open_from_menu(page, "Web of connections")
    expect(page.get_by_role("heading", level=1)).to_have_text("Web of connections")
    expect(page.get_by_role("img", name="Web of connections")).to_be_visible()
    expect(page.get_by_role("region", name="What stands out")).to_contain_text(
        "Other has no connection to any other group."
    )
    assert_accessible(page)

    page.get_by_role("link", name="Record a relationship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a relationship")
    assert_accessible(page)
    page.get_by_label("From: a perspective or organization").select_option(label="Justice")
    page.get_by_role("group", name="To").get_by_label("…or type a role").fill("School nurse")
    page.get_by_label("How the issue looks from there").fill(
        "Court-ordered sessions clash with school hours."
    )
    page.get_by_label("Key ideas").fill("Sessions at school, with the nurse's room")
    page.get_by_role("button", name="Record relationship").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Web of connections")
    expect(page.locator(".messages")).to_contain_text("Relationship recorded.")
    recorded = page.get_by_role("table", name="How the issue looks from one role")
    expect(recorded).to_contain_text("Court-ordered sessions clash with school hours.")
    groups = page.get_by_role("table", name="Every group with its metrics")
    expect(groups.get_by_role("rowheader", name="School nurse")).to_be_visible()
    expect(page.locator("svg.network-graph text", has_text="School nurse")).to_be_visible()
    assert_accessible(page)

    # Only the links derived from shared activities: the recorded ones leave the graph.
    page.get_by_role("link", name="From shared activities").click()
    expect(page.get_by_role("link", name="From shared activities")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator("svg.network-graph .edge-recorded")).to_have_count(0)
    assert page.locator("svg.network-graph .edge-derived").count() > 10
    assert_accessible(page)

    page.get_by_role("link", name="Organizations").click()
    expect(page.get_by_role("table", name="Every group with its metrics")).to_contain_text(
        "Centro Familiar Latino"
    )
    assert_accessible(page)

    relationship = Relationship.objects.get(to_role="School nurse")
    page.goto(f"{base}/i/{slug}/activities/network/relationships/{relationship.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a relationship")
    assert_accessible(page)
    page.goto(f"{base}/i/{slug}/activities/network/relationships/{relationship.pk}/delete/")
    assert_accessible(page)
    page.get_by_role("button", name="Delete").click()
    expect(page.locator(".messages")).to_contain_text("Relationship deleted.")
    assert not Relationship.objects.filter(to_role="School nurse").exists()
