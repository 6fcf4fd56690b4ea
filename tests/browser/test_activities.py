"""A member logs a regional workgroup, invites people, checks them in at the door (one walks
in), notes who co-led, and reads the quadrants and their list view."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from convener.activities.models import Activity, Attendance, EngagementEvent
from convener.activities.services import events as services
from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.stakeholders.models import Circle
from convener.stakeholders.services.registry import create_stakeholder
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def test_member_logs_a_workgroup_checks_people_in_and_reads_the_quadrants(
    live_server, new_page
) -> None:
    base = live_server.url
    owner = UserFactory(email="owner@example.org")
    member = UserFactory(email="member@example.org", display_name="Mo Member")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    family = initiative.perspectives.get(key="family_youth")
    for name in ("Ana Ruiz", "Ben Okafor", "Cy Lee"):
        create_stakeholder(
            initiative=initiative,
            actor=owner,
            fields={"name": name, "perspective": family, "circle": Circle.KEY},
        )
    services.create_activity(
        initiative=initiative,
        actor=owner,
        fields={
            "title": "State webinar",
            "kind": "webinar",
            "starts_on": timezone.localdate() - dt.timedelta(days=20),
            "formality": "formal",
            "learning": "from",
            "direction": "one_way",
        },
    )
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    page = new_page()
    log_in(page, base, "member@example.org")
    page.goto(f"{base}/i/{initiative.slug}/activities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activities")
    assert_accessible(page)

    # Log the regional workgroup meeting.
    page.get_by_role("link", name="Log an activity").click()
    assert_accessible(page)
    page.get_by_label("Title (required)").fill("Northern regional workgroup")
    page.locator("#id_kind").select_option(label="Regional workgroup")
    page.locator("#id_starts_on").fill(yesterday)
    page.get_by_label("Place", exact=True).fill("Community library")
    page.get_by_label("Habit served").select_option("work_together")
    page.get_by_label("Key Participants / Key Advisors — the Champions").check()
    page.get_by_label("Family/Youth").check()
    page.get_by_label("Informal", exact=True).check()
    page.get_by_label("Learning with", exact=True).check()
    page.get_by_label("Two-way", exact=True).check()
    page.get_by_role("button", name="Log activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northern regional workgroup")
    assert_accessible(page)
    activity = Activity.objects.get(title="Northern regional workgroup")

    # Invite the family members by filter.
    page.get_by_role("link", name="Invite", exact=True).click()
    page.get_by_label("Perspective").select_option(label="Family/Youth")
    page.get_by_role("button", name="Filter").click()
    assert_accessible(page)
    page.get_by_role("button", name="Invite the ticked people").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "3 people invited."
    )
    assert_accessible(page)

    # At the door, on a phone: find Ana by name and check her in with one button.
    phone = new_page(viewport={"width": 390, "height": 844})
    log_in(phone, base, "member@example.org")
    phone.goto(f"{base}/i/{initiative.slug}/activities/{activity.pk}/check-in/")
    assert_accessible(phone)
    phone.get_by_label("Name", exact=True).first.fill("ruiz")
    phone.get_by_role("button", name="Find").click()
    phone.get_by_role("button", name="Check in Ana Ruiz").click()
    expect(phone.locator(".messages")).to_contain_text("Ana Ruiz checked in.")
    assert_accessible(phone)
    # Ben from the invitation list, and a walk-in added in the same step.
    phone.get_by_label("Ben Okafor").check()
    phone.get_by_role("button", name="Check in the ticked people").click()
    expect(phone.locator(".messages")).to_contain_text("1 person checked in.")
    phone.locator("#id_walk_in-name").fill("Dee Walker")
    phone.locator("#id_walk_in-perspective").select_option(label="Family/Youth")
    phone.get_by_role("button", name="Add and check in").click()
    expect(phone.locator(".messages")).to_contain_text("Dee Walker added to the registry")
    assert_accessible(phone)
    assert Attendance.objects.filter(activity=activity).count() == 3
    assert Attendance.objects.get(activity=activity, stakeholder__name="Dee Walker").walk_in

    # Back on the activity page: note that Ana co-led.
    page.goto(f"{base}/i/{initiative.slug}/activities/{activity.pk}/")
    page.get_by_label("What they did").select_option(label="Led or co-led an activity")
    page.get_by_role("group", name="Who").get_by_label("Ana Ruiz").check()
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_role("row", name="Ana Ruiz")).to_contain_text("Led or co-led an activity")
    assert_accessible(page)
    assert EngagementEvent.objects.filter(kind="led", activity=activity).count() == 1

    # Relevant participation of the meeting.
    page.get_by_role("link", name="Relevant participation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Relevant participation")
    assert_accessible(page)

    # The quadrants, then the list view for screen readers.
    page.goto(f"{base}/i/{initiative.slug}/activities/quadrants/")
    expect(page.get_by_role("heading", level=1)).to_have_text("One-way / two-way learning")
    expect(page.get_by_role("img", name="Activities on the One-Way/Two-Way")).to_be_visible()
    expect(page.get_by_text("50% sit in Formal / Learning from.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Skip to the list view").click()
    list_view = page.get_by_role("table", name="Every placed activity")
    expect(list_view).to_contain_text("Northern regional workgroup")
    expect(list_view).to_contain_text("Informal / Learning with")
    assert_accessible(page)

    # The participation trend and the keep-inviting list.
    page.goto(f"{base}/i/{initiative.slug}/activities/participation-trend/")
    expect(page.get_by_role("table", name="Balance index and family/youth share")).to_contain_text(
        "Northern regional workgroup"
    )
    assert_accessible(page)
    page.goto(f"{base}/i/{initiative.slug}/activities/keep-inviting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep inviting")
    assert_accessible(page)
