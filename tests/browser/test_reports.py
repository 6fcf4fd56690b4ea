"""A viewer opens the report form, chooses a period and sections, and reads the print view."""

import re

import pytest
from playwright.sync_api import Page, expect

from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.reports.tests import report_data
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def test_viewer_chooses_a_period_and_sections_and_reads_the_report(live_server, page) -> None:
    base = live_server.url
    owner = UserFactory(email="owner@example.org")
    viewer = UserFactory(email="viewer@example.org", display_name="Val Viewer")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=viewer, role=Role.VIEWER)
    report_data.build(initiative, owner)

    log_in(page, base, "viewer@example.org")
    page.goto(f"{base}/i/{initiative.slug}/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report")
    assert_accessible(page)

    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To").fill("2026-10-31")
    page.get_by_label("Chronology").uncheck()
    page.get_by_label("Decisions").uncheck()
    page.get_by_role("button", name="Show the report").click()

    expect(page).to_have_url(re.compile(r"/reports/view\?.*sections=rounds"))
    expect(page.get_by_role("heading", level=1)).to_have_text(initiative.title)
    expect(page.get_by_text("Report for Jan. 1, 2026 to Oct. 31, 2026")).to_be_visible()
    expect(page.get_by_role("heading", name="Participation balance")).to_be_visible()
    expect(page.get_by_role("heading", name="Rubric rounds")).to_be_visible()
    expect(page.get_by_role("heading", name="Chronology")).to_have_count(0)
    expect(page.get_by_text("24 people took part.")).to_be_visible()
    expect(
        page.get_by_role("img", name="Share of participants from each perspective")
    ).to_be_visible()
    assert_accessible(page)

    # On paper the site's header and the buttons go, and each section starts a new page.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Download as PDF")).to_be_hidden()
    breaks = page.locator("#sec-circles").evaluate(
        "h => getComputedStyle(h.closest('section')).breakBefore"
    )
    assert breaks == "page"
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == (
        f"report-{initiative.slug}-2026-01-01-2026-10-31.pdf"
    )
