"""A round answered by one person: nothing of that answer can be read anywhere (axe on each).

Issue 16, break 1: the overall grid, the comparison and the report all say "fewer than 5
answers" instead of showing the one person's answers; a real comparison still says how sure
its changes are.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from convener.demo.measuring import load_rounds
from convener.initiatives.models import Membership, Perspective
from convener.initiatives.roles import Role
from convener.measuring.models import Answer, Response, Round, RoundKind, RoundStatus
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def one_answer_round(latest: Round) -> Round:
    """Add a round with one response, every row at transforming, after ``latest``."""
    when = (latest.closes_at or timezone.now()) + dt.timedelta(days=30)
    lone = Round.objects.create(
        initiative=latest.initiative,
        instrument=latest.instrument,
        name="Winter check-in",
        kind=RoundKind.STAKEHOLDERS,
        status=RoundStatus.CLOSED,
        opens_at=when - dt.timedelta(days=7),
        closes_at=when,
        suppression_threshold=5,
    )
    family = Perspective.objects.get(initiative=latest.initiative, key="family_youth")
    response = Response.objects.create(
        round=lone, perspective=family, mode="online", submitted_at=when
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            round=lone,
            row_key=key,
            level="transforming",
            perspective=family,
            counted=True,
        )
        for key in latest.instrument.row_keys
    )
    return lone


def test_a_one_answer_round_is_readable_nowhere(live_server, new_page):
    convener = UserFactory(email="dana@example.org", display_name="Dana")
    initiative = make_initiative(owner=UserFactory(email="owner@example.org"))
    Membership.objects.create(initiative=initiative, user=convener, role=Role.CONVENER)
    load_rounds(initiative)
    baseline = Round.objects.get(initiative=initiative, name__startswith="Baseline")
    latest = Round.objects.get(initiative=initiative, name__startswith="Twelve-month")
    lone = one_answer_round(latest)
    base = f"{live_server.url}/i/{initiative.slug}"

    page = new_page()
    page.set_default_timeout(30_000)  # the demo rounds make these pages heavier than most
    log_in(page, live_server.url, convener.email)

    # The overall grid: every row says "fewer than 5 answers", no percentage, no count.
    page.goto(f"{base}/measuring/rounds/{lone.pk}/results/")
    grid = page.get_by_role("table", name="All respondents: share of answers at each depth")
    expect(grid.get_by_text("fewer than 5 answers")).to_have_count(4)
    expect(grid.locator(".cell-percent")).to_have_count(0)
    expect(page.get_by_text("100%")).to_have_count(0)
    assert_accessible(page)

    # The comparison with the round before: no change can be shown.
    page.goto(f"{base}/measuring/compare/?rounds={latest.pk},{lone.pk}")
    sure = page.get_by_role(
        "table",
        name="Change in the share at collaborating or deeper, first round to last",
        exact=True,
    )
    expect(sure.get_by_text("no change can be shown: too few answers on one side")).to_have_count(4)
    expect(page.get_by_text("pts")).to_have_count(0)
    assert_accessible(page)

    # A real comparison says how sure each change is.
    page.goto(f"{base}/measuring/compare/?rounds={baseline.pk},{latest.pk}")
    sure = page.get_by_role(
        "table",
        name="Change in the share at collaborating or deeper, first round to last",
        exact=True,
    )
    expect(sure.get_by_text("a real change").first).to_be_visible()
    expect(sure.get_by_text("of 4", exact=False).first).to_be_visible()  # "…% of 4x answers"
    assert_accessible(page)

    # The report: the round is listed, its figure withheld, and the headline leaves it out.
    until = timezone.localdate(lone.closes_at) + dt.timedelta(days=1)
    page.goto(
        f"{base}/reports/view?since=2025-01-01&until={until.isoformat()}"
        "&sections=rounds&threshold=5"
    )
    rounds = page.get_by_role("table", name="Rounds held in the period")
    expect(rounds.get_by_role("row", name="Winter check-in")).to_contain_text(
        "fewer than 5 answers"
    )
    headline = page.locator("#sec-rounds + p.summary, .report-section p.summary").first
    expect(headline).not_to_contain_text("Winter check-in")
    expect(headline).to_contain_text("beyond chance")
    assert_accessible(page)
