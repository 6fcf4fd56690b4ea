"""A convener reads a round's grid, views it by perspective, and compares rounds (axe on each)."""

import pytest
from playwright.sync_api import Page, expect

from convener.demo.measuring import load_rounds
from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.measuring.models import Round
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_convener_reads_the_grid_by_perspective_and_compares_rounds(live_server, new_page):
    owner = UserFactory(email="owner@example.org")
    convener = UserFactory(email="dana@example.org", display_name="Dana")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=convener, role=Role.CONVENER)
    load_rounds(initiative)
    latest = Round.objects.get(initiative=initiative, name__startswith="Twelve-month")
    base = f"{live_server.url}/i/{initiative.slug}/measuring"

    page = new_page()
    log_in(page, live_server.url, convener.email)
    page.goto(f"{base}/rounds/{latest.pk}/results/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Twelve-month round")
    grid = page.get_by_role("table", name="All respondents: share of answers at each depth")
    expect(grid.get_by_role("row")).to_have_count(5)  # header + four Coalescing rows
    expect(grid.locator("td.cell").first).to_contain_text("%")
    assert_accessible(page)

    page.get_by_label("View by").select_option("perspective")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="By perspective")).to_be_visible()
    consensus = page.get_by_role("table", name="Making decisions by consensus")
    expect(consensus.get_by_role("row", name="Family/Youth")).to_be_visible()
    expect(page.get_by_text("fewer than 5 answers").first).to_be_visible()
    expect(page.get_by_role("heading", name="Perception gap")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Compare with earlier rounds").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rounds compared")
    expect(page.get_by_role("img", name="Mean depth of each row")).to_be_visible()
    expect(page.get_by_text("pts)").first).to_be_visible()
    assert_accessible(page)

    for path, heading in (
        ("summary/", "Habit summary"),
        ("indicators/", "Practice-change indicators"),
        (f"rounds/{latest.pk}/print/", initiative.title),
    ):
        page.goto(f"{base}/{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
