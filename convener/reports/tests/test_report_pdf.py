"""The PDF: rendered by WeasyPrint from the report, checked by its pages and their text."""

from __future__ import annotations

import pytest
from django.utils import translation
from weasyprint.urls import URLFetchingError

from convener.reports import documents, selectors
from convener.reports.selectors import record
from convener.reports.summaries import SECTIONS
from convener.reports.tests import report_data
from convener.reports.tests.pdf_text import last_blocks, page_fill, rendered_pages
from tests import pdf_reading

# The PDF's layout does not depend on the database (its figures come from build_report, which
# the view and summary tests check on both): CI draws it once, in the SQLite pass.
pytestmark = [pytest.mark.django_db, pytest.mark.once]


def test_the_pdf_has_every_section_and_the_report_text(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    report = selectors.build_report(initiative=cast.initiative, period=report_data.PERIOD)
    pdf = documents.render_pdf(report)
    assert pdf.startswith(b"%PDF")
    pages = rendered_pages(report)
    # Sections follow on rather than each starting a page (which left pages mostly empty).
    assert 4 <= len(pages) < len(SECTIONS) + 3
    text = " ".join(pages)
    assert "Report for Jan. 1, 2026 to Oct. 31, 2026" in pages[0]
    assert "24 people took part." in text
    assert "Family/Youth are 25% of the people who took part against a target of 25%" in text
    assert "Small group: fewer than 5" in text
    assert "2 activities took place." in text
    assert "Shared privacy guidance adopted" in text
    for heading in ("Participation balance", "The four circles", "Rubric rounds", "Chronology"):
        assert heading in text
    assert pages[-1].endswith(f"{len(pages)} / {len(pages)}")  # the page counter


def test_fewer_sections_make_fewer_pages(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    report = selectors.build_report(
        initiative=cast.initiative, period=report_data.PERIOD, sections=["overview"]
    )
    pages = rendered_pages(report)
    assert len(pages) == 1
    assert "Overview" in pages[0]
    assert "Participation balance" not in pages[0]


def test_weasyprint_may_fetch_only_local_static_files():
    fetcher = documents.StaticOnlyFetcher()
    response = fetcher.fetch(documents.BASE_URL + "static/reports/report.css")
    assert b"@page" in response.read()
    for url in (
        "https://example.org/font.woff2",
        documents.BASE_URL + "static/../settings.py",
        "file:///etc/passwd",
        documents.BASE_URL + "i/secret/",
    ):
        with pytest.raises(ValueError, match="Not a local static file"):
            fetcher.fetch(url)
    assert URLFetchingError  # WeasyPrint turns these refusals into warnings, never a fetch


def test_the_pdf_is_tagged_with_headings_tables_and_language(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    report = selectors.build_report(initiative=cast.initiative, period=report_data.PERIOD)
    pdf = documents.render_pdf(report)
    tags = pdf_reading.structure(pdf)
    for tag in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Caption"):
        assert tag in tags, tag
    assert pdf_reading.language(pdf) == "en"
    assert pdf_reading.headings(pdf)[:2] == [report.title, "Overview"]


def test_no_page_ends_with_a_heading_or_a_table_caption(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    report = selectors.build_report(initiative=cast.initiative, period=report_data.PERIOD)
    for tag in last_blocks(report)[:-1]:
        assert tag not in ("h1", "h2", "h3", "caption")


def test_no_page_but_the_last_is_left_mostly_empty(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    report = selectors.build_report(initiative=cast.initiative, period=report_data.PERIOD)
    fills = page_fill(report)
    assert len(fills) > 3
    # A page per section left pages a quarter full; now each page but the last is at least half.
    assert min(fills[:-1]) >= 0.5, fills


@pytest.mark.parametrize(
    ("language", "counts", "expected"),
    [
        ("en", (0, 1, 1), "0 people took part in 1 activity; 1 rubric round was held."),
        ("en", (1, 2, 3), "1 person took part in 2 activities; 3 rubric rounds were held."),
        ("es", (1, 1, 1), "1 persona participó en 1 actividad; se realizó 1 ronda de la rúbrica."),
        ("es", (5, 2, 2), "5 personas participaron en 2 actividades; se realizaron 2 rondas"),
    ],
)
def test_the_overview_headline_counts_in_the_right_number(cast, language, counts, expected):
    people, activities, rounds = counts
    with translation.override(language):
        section = record.overview_section(
            initiative=cast.initiative,
            period=report_data.PERIOD,
            participants=people,
            activities=activities,
            rounds=rounds,
            decisions=0,
        )
    assert expected in section.summary
