"""A viewer chooses a period and sections, reads the print view, and gets the PDF."""

import re

import pytest
from playwright.sync_api import Page, expect

from convener.core.tests.task_worker import run_one, use_database_tasks
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


def test_viewer_chooses_a_period_and_sections_and_reads_the_report(
    live_server, page, settings
) -> None:
    # The PDF is drawn by a worker: the status page polls until the worker below has run.
    use_database_tasks(settings)
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
        page.get_by_role("img", name="Share of the people who took part, from each perspective")
    ).to_be_visible()
    assert_accessible(page)

    # On paper the site's header and the buttons go; sections follow on (no three-quarter-empty
    # pages) and a section's heading stays with what follows it.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Get the PDF")).to_be_hidden()
    breaks = page.locator("#sec-circles").evaluate(
        "h => [getComputedStyle(h.closest('section')).breakBefore, getComputedStyle(h).breakAfter]"
    )
    assert breaks == ["auto", "avoid"]
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Get the PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report PDF")
    expect(page.get_by_text("Waiting to start.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Refresh").focus()  # a keyboard user waiting on Refresh
    outcome = run_one()  # the worker draws it; htmx shows it without a reload
    assert outcome is not None
    assert outcome.ok
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=10_000)
    expect(page.get_by_role("link", name="Refresh")).to_have_count(0)
    # Focus moved from the vanished Refresh to its nearest equivalent, not to the page body.
    expect(download_link).to_be_focused()
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == (
        f"report-{initiative.slug}-2026-01-01-2026-10-31.pdf"
    )

    # The PDF page lists the recent PDFs and can ask for another one.
    page.get_by_role("link", name="All recent PDFs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report PDF")
    expect(page.get_by_role("table", name="PDFs asked for in the last day")).to_contain_text(
        "Ready"
    )
    assert_accessible(page)
