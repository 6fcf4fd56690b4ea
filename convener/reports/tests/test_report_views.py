"""The report pages render every section from real data, hide small groups, and offer the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from convener.reports import documents, selectors
from convener.reports.summaries import SECTIONS
from convener.reports.tests import report_data

pytestmark = pytest.mark.django_db

QUERY = {"since": "2026-01-01", "until": "2026-10-31", "threshold": "5", "sections": SECTIONS}


@pytest.fixture
def filled(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    return cast


def _view(cast, persona="viewer", **extra):
    url = reverse("reports:view", kwargs={"slug": cast.initiative.slug})
    return cast.client(persona).get(url, {**QUERY, **extra})


def test_the_form_offers_the_last_twelve_months_and_every_section(cast):
    url = reverse("reports:form", kwargs={"slug": cast.initiative.slug})
    response = cast.client("viewer").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    period = form.initial["until"] - form.initial["since"]
    assert period.days == 364
    for key in ("overview", "participation", "circles", "activities", "rounds", "chronology"):
        assert f'value="{key}"' in html


def test_the_print_view_renders_every_section_from_real_data(filled):
    response = _view(filled)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Overview",
        "Participation balance",
        "The four circles",
        "Activity mix",
        "Rubric rounds",
        "Decisions",
        "Chronology",
    ):
        assert f">{heading}</h2>" in html, heading
    # Participation: 24 people took part; families are a quarter, against a 25% target.
    assert "24 people took part." in html
    assert "Family/Youth are 25% of the people who took part against a target of 25%" in html
    # Activities: the kick-off of 2025 is outside the period.
    assert "2 activities took place." in html
    assert "Last year" not in html
    # Rounds and their shift; the milestone in the chronology.
    assert "Answers at collaborating or deeper:" in html
    assert "“Spring round”" in html
    assert "“Autumn round”" in html
    assert "Shared privacy guidance adopted" in html
    # The decision log of the consensus app, with what the decision serves.
    assert "1 decision was recorded; 1 participant took part in making them." in html
    assert "Focus year one on confidentiality" in html
    assert "Making decisions by consensus" in html
    # Charts are inline SVG images with a title and a table next to them.
    assert html.count('role="img"') >= 6
    assert '<title id="perspective-chart-title">' in html
    assert "People who took part, by perspective" in html


def test_small_groups_are_not_counted_anywhere_in_the_report(filled):
    report = _view(filled).context["report"]
    rows = {row.key: row for row in report.participation.perspectives}
    school, health = rows["school_district"], rows["health_provider"]
    assert school.suppressed
    assert school.count is None
    assert school.reason == "small"
    assert health.suppressed
    assert health.reason == "complementary"
    assert rows["state_agency"].count == 12
    ladder = {row.key: row for row in report.activities.ladder_rows}
    assert ladder["school_district"].suppressed
    assert ladder["school_district"].counts is None
    groups = {g.label: g for g in report.rounds.by_perspective}
    assert groups["School district"].suppressed
    assert groups["School district"].deeper is None
    assert groups["State agency"].deeper == 100.0


def test_a_higher_threshold_hides_more(filled):
    report = _view(filled, threshold="7").context["report"]
    rows = {row.key: row for row in report.participation.perspectives}
    assert rows["family_youth"].suppressed
    assert "Family/Youth are a small group (fewer than 7 shown apart)" in (
        report.participation.summary
    )


def test_only_the_chosen_sections_are_shown(filled):
    url = reverse("reports:view", kwargs={"slug": filled.initiative.slug})
    response = filled.client("viewer").get(url, {**QUERY, "sections": ["rounds", "circles"]})
    html = response.content.decode()
    assert ">Rubric rounds</h2>" in html
    assert ">The four circles</h2>" in html
    assert ">Overview</h2>" not in html
    assert ">Chronology</h2>" not in html


def test_the_form_asks_for_a_section_when_none_is_chosen(cast):
    url = reverse("reports:view", kwargs={"slug": cast.initiative.slug})
    form = {k: v for k, v in QUERY.items() if k != "sections"}  # as sent with every box cleared
    response = cast.client("viewer").get(url, form)
    assert response.status_code == 400
    assert "Choose at least one section." in response.content.decode()


def test_a_link_with_only_a_period_shows_every_section(cast):
    url = reverse("reports:view", kwargs={"slug": cast.initiative.slug})
    response = cast.client("viewer").get(url, {"since": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["report"].sections == SECTIONS


def test_a_period_that_ends_before_it_starts_is_refused(cast):
    response = _view(cast, since="2026-05-01", until="2026-01-01")
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.content.decode()


def test_the_print_view_offers_the_pdf_of_the_same_report(filled):
    html = _view(filled, sections=["overview", "rounds"]).content.decode()
    pdf = reverse("reports:pdf", kwargs={"slug": filled.initiative.slug})
    assert f'action="{pdf}"' in html
    for name, value in (("since", "2026-01-01"), ("sections", "rounds"), ("threshold", "5")):
        assert f'name="{name}" value="{value}"' in html
    assert 'value="participation"' not in html


def test_outsiders_get_404_and_anonymous_must_log_in(cast):
    url = reverse("reports:view", kwargs={"slug": cast.initiative.slug})
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("anonymous").get(url).status_code == 302


def test_the_report_reads_in_spanish(filled):
    url = reverse("reports:view", kwargs={"slug": filled.initiative.slug})
    # LocaleMiddleware leaves the request's language active in this thread; the override puts
    # the previous one back afterwards, so later tests still read English.
    with translation.override("en"):
        response = filled.client("viewer").get(url, QUERY, headers={"accept-language": "es"})
    html = response.content.decode()
    assert ">Equilibrio de la participación</h2>" in html
    assert "24 personas participaron." in html
    assert "Informe del 1 de enero de 2026 al 31 de octubre de 2026" in html


def test_an_initiative_without_data_still_reports_in_plain_words(cast):
    response = cast.client("viewer").get(
        reverse("reports:view", kwargs={"slug": cast.initiative.slug})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "No one took part in an activity in this period." in html
    assert "No activities were recorded in this period." in html
    assert "No rubric rounds took place in this period." in html
    assert "No decisions recorded in this period." in html
    assert "Nothing was added to the chronology in this period." in html
    pdf = documents.render_pdf(
        selectors.build_report(initiative=cast.initiative, period=report_data.PERIOD)
    )
    assert pdf.startswith(b"%PDF")
