"""``convener report``: the demo initiative's report as a PDF, from one command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from convener.initiatives.models import AuditEntry, Initiative
from convener.reports import selectors
from convener.reports.summaries import Period
from convener.reports.tests.pdf_text import rendered_pages

pytestmark = pytest.mark.django_db

DEMO_SLUG = "teletherapy-childrens-mental-health"


def load_demo() -> Initiative:
    """Load the demo initiative through its command (the demo app sits above reports)."""
    call_command("load_demo", stdout=io.StringIO())
    return Initiative.objects.get(slug=DEMO_SLUG)


def test_the_command_writes_the_demo_report(tmp_path):
    initiative = load_demo()
    output = tmp_path / "report.pdf"
    out = io.StringIO()
    call_command(
        "report",
        DEMO_SLUG,
        "--output",
        str(output),
        "--since",
        "2025-09-01",
        "--until",
        "2026-10-31",
        stdout=out,
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert "Wrote" in out.getvalue()
    assert AuditEntry.objects.filter(
        initiative=initiative, action="export", target_type="report"
    ).exists()
    report = selectors.build_report(
        initiative=initiative, period=Period(dt.date(2025, 9, 1), dt.date(2026, 10, 31))
    )
    pages = rendered_pages(report)
    text = " ".join(pages)
    assert "Continuing teletherapy for children's mental health" in pages[0]
    assert "Family/Youth are" in text
    assert "against a target of" in text
    assert "Baseline round (autumn 2025)" in text
    assert "Twelve-month round (autumn 2026)" in text
    assert 7 <= len(pages) <= 30


def test_the_command_takes_sections(tmp_path):
    load_demo()
    output = tmp_path / "rounds.pdf"
    call_command("report", DEMO_SLUG, "--output", str(output), "--sections", "rounds")
    assert output.read_bytes().startswith(b"%PDF")


def test_the_command_refuses_unknown_sections_and_initiatives(tmp_path):
    load_demo()
    with pytest.raises(CommandError, match="Unknown sections: budget"):
        call_command(
            "report", DEMO_SLUG, "--output", str(tmp_path / "x.pdf"), "--sections", "budget"
        )
    with pytest.raises(CommandError, match="No initiative"):
        call_command("report", "nowhere", "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
