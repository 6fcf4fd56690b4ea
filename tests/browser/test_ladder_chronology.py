"""The engagement ladder says who moved past attending; the chronology takes milestones."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from convener.activities import chronology as activity_chronology
from convener.activities.models import Activity, EngagementEvent
from convener.demo.data import DEMO_PASSWORD, load_demo
from convener.initiatives.models import Perspective
from convener.measuring import chronology as measuring_chronology
from convener.stakeholders.models import Stakeholder
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
    activity_chronology.register()
    measuring_chronology.register()
    login = load_demo()
    initiative = login.initiative
    family, _created = Perspective.objects.get_or_create(
        initiative=initiative,
        key="ladder-families",
        defaults={"label": "family members", "is_family_youth": True, "position": 90},
    )
    today = timezone.localdate()
    activity = Activity.objects.create(
        initiative=initiative,
        title="Regional workgroup on teletherapy",
        kind="regional_workgroup",
        starts_on=today - dt.timedelta(days=40),
        habit="work_together",
    )
    for i in range(11):
        person = Stakeholder.objects.create(
            initiative=initiative, name=f"Parent {i}", perspective=family
        )
        for days_ago in (300, 40):
            EngagementEvent.objects.create(
                initiative=initiative,
                stakeholder=person,
                kind="attended",
                occurred_on=today - dt.timedelta(days=days_ago),
                activity=activity if days_ago == 40 else None,
            )
        if i < 2:
            EngagementEvent.objects.create(
                initiative=initiative,
                stakeholder=person,
                kind="led",
                occurred_on=today - dt.timedelta(days=20),
            )
    return login


def test_the_ladder_and_the_chronology(live_server, page, demo):
    base, slug = live_server.url, demo.initiative.slug
    log_in(page, base, demo.email)
    page.goto(f"{base}/i/{slug}/")
    open_from_menu(page, "Engagement ladder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Participation → engagement ladder")
    expect(page.locator("main")).to_contain_text(
        "Only 2 of 11 family members moved past “attended”."
    )
    expect(page.get_by_role("img", name="Share of each perspective on each level")).to_be_visible()
    expect(
        page.get_by_role("table", name="Stalled participants, most often present first")
    ).to_contain_text("Parent 5")
    assert_accessible(page)

    page.get_by_label("Perspective", exact=True).select_option("ladder-families")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table", name="People on each level, by perspective")).to_contain_text(
        "family members"
    )
    page.get_by_role("link", name="History").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("on the engagement ladder")
    assert_accessible(page)

    page.goto(f"{base}/i/{slug}/")
    open_from_menu(page, "Chronology")
    expect(page.get_by_role("heading", level=1)).to_have_text("A quick chronology of engagement")
    expect(page.locator("main")).to_contain_text("Regional workgroup on teletherapy")
    assert_accessible(page)

    page.get_by_role("link", name="Add a milestone").click()
    assert_accessible(page)
    page.get_by_label("Date (required)").fill(
        (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    )
    page.get_by_label("Milestone (required)").fill("Parents co-chair the workgroup")
    page.get_by_label("What changed").fill("Two parents now co-chair")
    page.get_by_label("Habit", exact=True).select_option("coalescing")
    page.get_by_label("family members").check()
    page.get_by_role("button", name="Save milestone").click()
    expect(page.locator("main")).to_contain_text("Parents co-chair the workgroup")
    assert_accessible(page)

    page.get_by_label("Habit", exact=True).select_option("coalescing")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("main")).to_contain_text("Parents co-chair the workgroup")
    expect(page.locator("main")).not_to_contain_text("Regional workgroup on teletherapy")
    assert_accessible(page)
