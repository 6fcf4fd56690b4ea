"""Every share names what it counts: the registry or the people who took part (break 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from convener.reports.summaries import SECTIONS
from convener.reports.tests import report_data

pytestmark = pytest.mark.django_db


def test_the_participation_page_and_the_report_name_what_they_count(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    client = cast.client("viewer")
    page = client.get(
        reverse("stakeholders:dashboard", kwargs={"slug": cast.initiative.slug})
    ).content.decode()
    report = client.get(
        reverse("reports:view", kwargs={"slug": cast.initiative.slug}),
        {"since": "2026-01-01", "until": "2026-10-31", "threshold": "5", "sections": SECTIONS},
    ).content.decode()
    # The same word never means two counts: the page counts the registry …
    assert "of participants" not in page
    assert "% of people in the registry" in page
    # … and the report counts the people who took part in the period, and says so.
    assert "of participants" not in report
    assert "% of the people who took part" in report
    assert "People who took part, by perspective" in report


def test_the_names_are_spanish_too(cast):
    report_data.build(cast.initiative, cast.users["owner"])
    client = cast.client("viewer")
    with translation.override("es"):
        client.cookies["django_language"] = "es"
        page = client.get(
            reverse("stakeholders:dashboard", kwargs={"slug": cast.initiative.slug}),
            headers={"accept-language": "es"},
        ).content.decode()
    assert "de las personas del registro" in page
