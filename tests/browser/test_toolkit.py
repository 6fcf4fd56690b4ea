"""Four Simple Questions end to end: start it, fill Q1 with autosave, split it between two
breakout groups, each fills its half, merge, and print — every page scanned with axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.toolkit import services
from convener.toolkit.models import Worksheet
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def saved(page: Page, field: str) -> None:
    """Wait until the autosave status of a field says it is saved."""
    expect(page.locator(f'[data-field="{field}"] [data-status]')).to_have_text("Saved.")


def test_four_simple_questions_with_autosave_breakout_merge_and_print(live_server, new_page):
    base = live_server.url
    owner = UserFactory(email="owner@example.org")
    member = UserFactory(email="member@example.org", display_name="Mo Member")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    toolkit = f"{base}/i/{initiative.slug}/toolkit/"

    page = new_page()
    log_in(page, base, "member@example.org")
    page.goto(toolkit)
    expect(page.get_by_role("heading", level=1)).to_have_text("Toolkit")
    assert_accessible(page)

    # Start Four Simple Questions and fill two rows of Q1; each field saves by itself.
    page.get_by_role(
        "button", name=re.compile(r"^Start a worksheet ?: Four simple questions$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Four simple questions")
    sheet = Worksheet.objects.get(initiative=initiative)
    assert_accessible(page)
    page.locator("#f-who_cares-people-0-who").fill("Ana Ruiz")
    page.locator("#f-who_cares-people-0-why").fill("She runs the children's clinic")
    saved(page, "who_cares.people")
    page.get_by_role(
        "button", name=re.compile(r"^Add a row ?: People and groups who care$")
    ).click()
    page.locator("#f-who_cares-people-1-who").fill("Parents' network")
    page.locator('[data-field="who_cares.people"]').get_by_label(
        "Key Participants / Key Advisors — the Champions"
    ).nth(1).check()
    saved(page, "who_cares.people")
    page.reload()
    expect(page.locator("#f-who_cares-people-0-who")).to_have_value("Ana Ruiz")
    expect(page.locator("#f-who_cares-people-1-who")).to_have_value("Parents' network")
    people = services.worksheet_values(sheet)["who_cares"]["people"]
    assert [row["who"]["name"] for row in people] == ["Ana Ruiz", "Parents' network"]
    assert people[1]["circle"] == "key"

    # Split the worksheet between two groups: Q1 and Q2 for one, Q3 and Q4 for the other.
    page.get_by_role("link", name="Breakout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Breakout: Four simple questions")
    assert_accessible(page)
    page.get_by_label("Name of team 1").fill("Group A")
    page.get_by_label("Name of team 2").fill("Group B")
    page.get_by_label("What shared work could unite us?").select_option("2")
    page.get_by_label("What did we learn?").select_option("")
    page.get_by_role("button", name="Start the breakout").click()
    expect(page.get_by_role("heading", level=2, name="Group A")).to_be_visible()
    assert_accessible(page)

    # Group A adds a third person; its copy shows only its sections.
    page.get_by_role("link", name="Open the copy of Group A").click()
    expect(
        page.get_by_role("heading", level=2, name="Who cares about this issue, and why?")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name="What shared work could unite us?")
    ).to_have_count(0)
    assert_accessible(page)
    page.locator("#f-who_cares-people-2-who").fill("School nurses")
    saved(page, "who_cares.people")
    page.locator("#f-work_underway-work-0-group").fill("County health department")
    page.locator("#f-work_underway-work-0-initiative").fill("Telehealth pilot")
    saved(page, "work_underway.work")

    # Group B plans a shared activity and a two-way plan.
    page.goto(f"{toolkit}w/{sheet.pk}/breakout/")
    page.get_by_role("link", name="Open the copy of Group B").click()
    expect(
        page.get_by_role("heading", level=2, name="Who cares about this issue, and why?")
    ).to_have_count(0)
    page.locator("#f-shared_work-activities-0-title").fill("Joint webinar for families")
    page.locator("#f-shared_work-activities-0-date").fill("2026-05-14")
    saved(page, "shared_work.activities")
    page.locator("#f-deepen_connections-plans-0-group").fill("Parents' network")
    page.locator("#f-deepen_connections-plans-0-we_support").fill("Share our session notes")
    saved(page, "deepen_connections.plans")
    assert_accessible(page)

    # Merge: the main worksheet holds both halves.
    page.goto(f"{toolkit}w/{sheet.pk}/")
    page.get_by_role("button", name="Merge the teams' answers").click()
    expect(page.get_by_text("The teams' answers are merged into the worksheet.")).to_be_visible()
    expect(page.locator("#f-who_cares-people-2-who")).to_have_value("School nurses")
    expect(page.locator("#f-work_underway-work-0-initiative")).to_have_value("Telehealth pilot")
    expect(page.locator("#f-shared_work-activities-0-title")).to_have_value(
        "Joint webinar for families"
    )
    expect(page.locator("#f-deepen_connections-plans-0-we_support")).to_have_value(
        "Share our session notes"
    )
    assert_accessible(page)

    # Print view.
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Four simple questions")
    expect(page.get_by_role("cell", name="Joint webinar for families")).to_be_visible()
    expect(page.get_by_role("cell", name="School nurses")).to_be_visible()
    assert_accessible(page)


def test_quadrant_by_keyboard_and_a_conflict_shows_both_versions(
    live_server, new_page, monkeypatch
):
    from convener.framework.packs import LocalizedText
    from convener.framework.packs.content import FieldDef, SectionDef, WorksheetDef

    grid = WorksheetDef(
        tool="four_simple_questions",
        sections=(
            SectionDef(
                key="place",
                title=LocalizedText("Where does it sit?"),
                prompt=LocalizedText("Place the problem."),
                fields=(
                    FieldDef(
                        "spot",
                        "quadrant",
                        LocalizedText("The problem"),
                        x_axis=LocalizedText("More technical"),
                        y_axis=LocalizedText("More adaptive"),
                    ),
                    FieldDef("notes", "long_text", LocalizedText("Notes")),
                ),
            ),
        ),
    )
    monkeypatch.setattr(services, "definition_for", lambda key, pack=None: grid)
    base = live_server.url
    owner = UserFactory(email="owner@example.org")
    member = UserFactory(email="member@example.org")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    sheet = services.create_worksheet(
        initiative=initiative, tool_key="four_simple_questions", actor=owner, title="Grid"
    )
    url = f"{base}/i/{initiative.slug}/toolkit/w/{sheet.pk}/"

    mine, theirs = new_page(), new_page()
    log_in(mine, base, "member@example.org")
    log_in(theirs, base, "owner@example.org")
    mine.goto(url)
    theirs.goto(url)
    assert_accessible(mine)

    # The dot moves with the arrow keys, from the centre, five points a step.
    mine.get_by_role("group", name=re.compile("The problem: click or drag")).focus()
    mine.keyboard.press("ArrowRight")
    mine.keyboard.press("ArrowRight")
    mine.keyboard.press("ArrowUp")
    expect(mine.get_by_label(re.compile(r"More technical\s+\(0.100\)"))).to_have_value("60")
    expect(mine.get_by_label(re.compile(r"More adaptive\s+\(0.100\)"))).to_have_value("55")
    saved(mine, "place.spot")
    assert services.worksheet_values(sheet)["place"]["spot"] == {"x": 60, "y": 55}

    # Two people type in the same field: the second sees both versions and keeps both.
    theirs.get_by_label("Notes").fill("Their note")
    saved(theirs, "place.notes")
    mine.get_by_label("Notes").fill("My note")
    expect(mine.get_by_text("Their version:")).to_be_visible()
    expect(mine.locator(".ws-theirs")).to_have_text("Their note")
    assert_accessible(mine)
    mine.get_by_role("button", name="Keep both texts").click()
    saved(mine, "place.notes")
    assert services.worksheet_values(sheet)["place"]["notes"] == "Their note\n\nMy note"


def test_text_typed_before_leaving_the_page_comes_back_and_is_saved(live_server, new_page):
    base = live_server.url
    owner = UserFactory(email="owner@example.org")
    initiative = make_initiative(owner=owner)
    sheet = services.create_worksheet(
        initiative=initiative, tool_key="four_simple_questions", actor=owner, title="Drafts"
    )
    url = f"{base}/i/{initiative.slug}/toolkit/w/{sheet.pk}/"
    page = new_page()
    log_in(page, base, "owner@example.org")
    page.goto(url)
    # Text typed in an earlier visit that never reached the server (say, the tab was closed
    # during the typing pause) is kept in this browser under the worksheet and field.
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify([['insights.notes', 'Half a thought']]))",
        f"convener:worksheet:{sheet.pk}:insights.notes",
    )
    assert services.worksheet_values(sheet)["insights"]["notes"] == ""
    page.reload()
    expect(page.get_by_label("Insights and ideas")).to_have_value("Half a thought")
    saved(page, "insights.notes")
    assert services.worksheet_values(sheet)["insights"]["notes"] == "Half a thought"
