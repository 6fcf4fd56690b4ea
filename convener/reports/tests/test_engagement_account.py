"""The stakeholder-engagement account: its figures recounted from the records, on the demo and
on generated initiatives; small groups hidden; the .docx read back; the PDF's headings kept with
their content; the JSON API; outsiders get 404."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from weasyprint.formatting_structure.boxes import TextBox

from convener.accounts.models import ApiToken
from convener.activities.models import Activity, Attendance
from convener.initiatives.models import Initiative
from convener.initiatives.purposes import Purpose
from convener.reports import engagement_documents as docs
from convener.reports.engagement import Account, assemble
from convener.reports.selectors.engagement import engagement_records
from convener.reports.summaries import Period
from convener.reports.tests import engagement_recount as recount
from convener.stakeholders.models import Stakeholder
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db


def api_get(cast, persona: str, slug: str, query: dict[str, str]):
    _token, secret = ApiToken.issue(user=cast.users[persona], name="test")
    url = f"/api/v1/initiatives/{slug}/reports/engagement"
    return cast.client("anonymous").get(url, query, headers={"Authorization": f"Bearer {secret}"})


YEAR = Period(dt.date(2025, 9, 1), dt.date(2026, 8, 31))


def account_of(initiative: Initiative, period: Period = YEAR, threshold: int = 5) -> Account:
    records = engagement_records(initiative=initiative, period=period)
    return assemble(records, threshold=threshold, generated_at=timezone.now())


def assert_matches_the_records(account: Account, initiative: Initiative, period: Period) -> None:
    """Every purpose's figures, perspective by perspective, equal a recount of the records."""
    for section in account.purposes:
        expected = recount.rows(initiative, period.since, period.until, section.key)
        hide = recount.hidden({k: row[1] for k, row in expected.items()}, account.threshold)
        lone = len(hide) == 1
        assert section.times == (None if lone else sum(row[2] for row in expected.values()))
        for row in section.perspectives:
            key, people, times, attended, answered, positions = expected[row.key]
            assert row.suppressed == (key in hide), (section.key, key)
            if row.suppressed:
                assert (row.people, row.times, row.attended) == (None, None, None)
            else:
                got = (row.people, row.times, row.attended, row.answered, row.positions)
                assert got == (people, times, attended, answered, positions), (section.key, key)


def last_blocks(account: Account) -> list[str]:
    """Return, for each page of the laid-out PDF, the tag of the last element with content."""
    containers = {"html", "body", "main", "section", "div", "header", "table", "thead", "tbody"}
    containers |= {"tr", "ul", "ol", "span", "a", "strong", "em", "br"}
    tags = []
    for page in docs.pdf_document(account).pages:
        content = [
            box.element_tag
            for box in page._page_box.descendants()
            if box.element_tag
            and box.element_tag not in containers
            and not (isinstance(box, TextBox) and not box.text.strip())
        ]
        tags.append(content[-1] if content else "")
    return tags


def test_the_demo_account_matches_its_records_and_reads_back_from_docx_and_pdf():
    call_command("load_demo", stdout=StringIO())
    # the demo loader sits above this app in the import rule: its initiative is the only one
    initiative = Initiative.objects.get()
    account = account_of(initiative)
    # The demo tags activities, rounds and proposals with every purpose.
    assert all(section.records for section in account.purposes)
    assert_matches_the_records(account, initiative, YEAR)
    assert any(row.suppressed for s in account.purposes for row in s.perspectives)
    assert account.decisions
    assert account.outreach
    assert account.mechanisms.languages == ("English", "español")

    # The .docx opens, and its headings, sentences and table figures are the account's.
    document = Document(io.BytesIO(docs.render_docx(account)))
    text = "\n".join(p.text for p in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Who took part, by purpose" in headings
    assert "Setting targets" in headings
    assert "How results were shared" in headings
    for section in account.purposes:
        for sentence in section.sentences:
            assert sentence in text
    first = next(s for s in account.purposes if s.records)
    table = document.tables[0]
    shown = [r for r in first.perspectives if r.suppressed or r.people]
    assert [row.cells[0].text for row in table.rows[1:]] == [r.label for r in shown]
    for docx_row, row in zip(table.rows[1:], shown, strict=True):
        expected = "fewer than 5" if row.suppressed else str(row.people)
        assert docx_row.cells[1].text == expected

    # The PDF keeps every heading with what follows it: no page ends on a heading.
    tags = last_blocks(account)
    assert len(tags) > 1
    assert not {"h1", "h2", "h3", "caption"} & set(tags), tags
    assert docs.render_pdf(account).startswith(b"%PDF")


people_st = st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=25)
activity_st = st.tuples(
    st.integers(min_value=-20, max_value=400),  # day from the period's start (some outside)
    st.sets(st.sampled_from(Purpose.values), max_size=2),
    st.sets(st.integers(min_value=0, max_value=24), max_size=25),
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(people=people_st, activities=st.lists(activity_st, max_size=6), threshold=st.integers(3, 6))
def test_a_generated_initiative_is_counted_and_suppressed_as_its_records_say(
    people, activities, threshold
):
    owner = UserFactory()
    initiative = make_initiative(owner=owner)
    perspectives = list(initiative.perspectives.all()[:4])
    stakeholders = [
        Stakeholder.objects.create(
            initiative=initiative,
            name=f"Person {i}",
            perspective=perspectives[p] if p < 3 else None,
        )
        for i, p in enumerate(people)
    ]
    for n, (offset, purposes, attendees) in enumerate(activities):
        activity = Activity.objects.create(
            initiative=initiative,
            title=f"Activity {n}",
            kind="meeting",
            starts_on=YEAR.since + dt.timedelta(days=offset),
            purposes=sorted(purposes),
        )
        Attendance.objects.bulk_create(
            Attendance(activity=activity, stakeholder=stakeholders[i])
            for i in attendees
            if i < len(stakeholders)
        )
    account = account_of(initiative, threshold=threshold)
    assert_matches_the_records(account, initiative, YEAR)
    for section in account.purposes:
        shown = [r for r in section.perspectives if not r.suppressed]
        hidden = [r for r in section.perspectives if r.suppressed]
        # No hidden group can be recovered by subtracting the shown ones from the total.
        if len(hidden) == 1:
            assert section.people is None
            assert section.times is None
        elif not hidden:
            assert section.people == sum(r.people for r in shown)


def test_the_pages_and_the_api_give_the_same_figures_and_outsiders_get_404(cast):
    initiative = cast.initiative
    stakeholder = Stakeholder.objects.create(
        initiative=initiative, name="Ana", perspective=initiative.perspectives.first()
    )
    activity = Activity.objects.create(
        initiative=initiative,
        title="Data retreat",
        kind="meeting",
        starts_on=dt.date(2026, 3, 1),
        purposes=["data_analysis"],
        concerns="SPP/APR Indicator 17 (SSIP)",
    )
    Attendance.objects.create(activity=activity, stakeholder=stakeholder)
    query = {"since": "2026-01-01", "until": "2026-06-30", "threshold": "3"}
    page = cast.client("viewer").get(reverse("reports:engagement", args=[initiative.slug]), query)
    assert page.status_code == 200
    html = page.content.decode()
    detail = reverse("activities:detail", args=[initiative.slug, activity.pk])
    assert f'href="{detail}"' in html
    assert 'id="records-data_analysis"' in html
    assert "SPP/APR Indicator 17 (SSIP)" in html
    # One person from one perspective is below the threshold: no figure, only "fewer than 3".
    assert "fewer than 3: not shown" in html
    body = api_get(cast, "viewer", initiative.slug, query).json()
    data = next(p for p in body["purposes"] if p["key"] == "data_analysis")
    # The only group is hidden, so the purpose's totals (which would be that group) are too.
    assert data["people"] is None
    assert data["times"] is None
    assert "how many took part is not shown" in html
    assert data["records"][0]["url"] == detail
    row = next(r for r in data["perspectives"] if r["suppressed"])
    assert row["people"] is None
    assert row["times"] is None
    assert "sentences" not in data
    for name in ("engagement", "engagement_print", "engagement_pdf", "engagement_docx"):
        url = reverse(f"reports:{name}", args=[initiative.slug])
        assert cast.client("outsider").get(url, query).status_code == 404
    assert api_get(cast, "outsider", initiative.slug, query).status_code == 404
    docx = cast.client("viewer").get(
        reverse("reports:engagement_docx", args=[initiative.slug]), query
    )
    assert docx["Content-Type"] == docs.DOCX_CONTENT_TYPE
    assert "Data retreat" in "\n".join(
        p.text for p in Document(io.BytesIO(docx.content)).paragraphs
    )


def test_a_bad_period_gets_a_clear_message_not_an_error(cast):
    slug = cast.initiative.slug
    query = {"since": "2026-06-30", "until": "2026-01-01"}
    page = cast.client("viewer").get(reverse("reports:engagement", args=[slug]), query)
    assert page.status_code == 400
    assert "The end of the period comes before its start." in page.content.decode()
    response = api_get(cast, "viewer", slug, query)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_period"
