"""A core team member builds the registry in the browser; a viewer reads it without contacts."""

import pytest
from playwright.sync_api import Page, expect

from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.stakeholders.models import Circle, Kind, Stakeholder
from convener.stakeholders.services import registry as services
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def test_member_adds_finds_and_moves_people_and_a_viewer_sees_no_contacts(live_server, new_page):
    base = live_server.url
    owner = UserFactory(email="owner@example.org")
    member = UserFactory(email="member@example.org", display_name="Mo Member")
    viewer = UserFactory(email="viewer@example.org")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    Membership.objects.create(initiative=initiative, user=viewer, role=Role.VIEWER)
    org = services.create_stakeholder(
        initiative=initiative,
        actor=owner,
        fields={"name": "Parents United", "kind": Kind.ORGANIZATION},
    )
    for name in ("Ben Okafor", "Cy Lee"):
        services.create_stakeholder(
            initiative=initiative, actor=owner, fields={"name": name, "email": f"{name[:2]}@x.org"}
        )
    registry = f"{base}/i/{initiative.slug}/stakeholders/"

    page = new_page()
    log_in(page, base, "member@example.org")
    page.goto(registry)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholders")
    assert_accessible(page)

    # Add a person through the form.
    page.get_by_role("link", name="Add a stakeholder").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Ana Ruiz")
    page.get_by_label("Organization", exact=True).select_option(label="Parents United")
    page.get_by_label("Perspective").select_option(label="Family/Youth")
    page.get_by_label("is affected by the issue").check()
    page.get_by_label("E-mail address").fill("ana@example.org")
    page.get_by_label("Preferred language").fill("es")
    page.get_by_label("Tags").fill("youth council, rural")
    page.get_by_role("button", name="Add stakeholder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ana Ruiz")
    expect(page.get_by_text("Parents United")).to_be_visible()
    expect(page.get_by_role("heading", name="Engagement history")).to_be_visible()
    assert_accessible(page)

    # Find her by search, then by filter.
    page.get_by_role("link", name="All stakeholders").click()
    page.get_by_label("Search", exact=True).fill("ruiz")
    page.get_by_role("button", name="Apply", exact=True).click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Ana Ruiz")).to_be_visible()
    expect(table.get_by_role("link", name="Ben Okafor")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Perspective").select_option(label="Family/Youth")
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="found")).to_contain_text(
        "1 stakeholder found"
    )
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_text("More filters").click()
    page.get_by_label("Tag", exact=True).select_option("rural")
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.get_by_role("table").get_by_role("link", name="Ana Ruiz")).to_be_visible()
    assert_accessible(page)

    # Open the detail page from the list.
    page.get_by_role("table").get_by_role("link", name="Ana Ruiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ana Ruiz")
    expect(page.get_by_text("ana@example.org")).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Ana Ruiz")
    assert_accessible(page)
    page.get_by_label("Position").fill("Parent leader")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("Changes saved.")
    expect(page.get_by_text("Parent leader")).to_be_visible()

    # Bulk-move two people to a circle.
    page.goto(registry)
    page.get_by_label("Tick Ben Okafor").check()
    page.get_by_label("Tick Cy Lee").check()
    page.locator("#bulk-action").select_option("move")
    page.locator("#bulk-circle").select_option("key")
    page.get_by_role("button", name="Apply to ticked").click()
    expect(page.locator(".messages")).to_contain_text("2 stakeholders moved to Key Participants")
    assert_accessible(page)
    assert set(Stakeholder.objects.filter(circle=Circle.KEY).values_list("name", flat=True)) == {
        "Ben Okafor",
        "Cy Lee",
    }

    # The organization page lists its members.
    page.goto(f"{registry}{org.pk}/")
    expect(page.get_by_role("link", name="Ana Ruiz")).to_be_visible()
    assert_accessible(page)

    # A viewer reads the list and a detail page without any contact details.
    viewer_page = new_page()
    log_in(viewer_page, base, "viewer@example.org")
    viewer_page.goto(registry)
    expect(viewer_page.get_by_role("table").get_by_role("link", name="Ana Ruiz")).to_be_visible()
    expect(viewer_page.get_by_role("columnheader", name="E-mail address")).to_have_count(0)
    expect(viewer_page.get_by_text("ana@example.org")).to_have_count(0)
    expect(viewer_page.get_by_role("button", name="Apply to ticked")).to_have_count(0)
    assert_accessible(viewer_page)
    viewer_page.get_by_role("table").get_by_role("link", name="Ana Ruiz").click()
    expect(viewer_page.get_by_text("Contact details are hidden from viewers.")).to_be_visible()
    expect(viewer_page.get_by_text("ana@example.org")).to_have_count(0)
    assert_accessible(viewer_page)

    # The owner erases her personal data; the record stays for the counts.
    owner_page = new_page()
    log_in(owner_page, base, "owner@example.org")
    ana = Stakeholder.objects.get(email="ana@example.org")
    owner_page.goto(f"{registry}{ana.pk}/")
    owner_page.get_by_role("link", name="Delete").click()
    expect(owner_page.get_by_role("heading", level=1)).to_have_text("Delete Ana Ruiz?")
    assert_accessible(owner_page)
    owner_page.get_by_role("link", name="Cancel").click()
    owner_page.get_by_role("link", name="Erase this person").click()
    assert_accessible(owner_page)
    owner_page.get_by_role("button", name="Erase personal data").click()
    expect(owner_page.get_by_role("heading", level=1)).to_have_text("Erased person")
    assert_accessible(owner_page)
    ana.refresh_from_db()
    assert ana.email == ""
    assert ana.perspective is not None
