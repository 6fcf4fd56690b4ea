"""``convener report SLUG --output report.pdf``: write an initiative's report as a PDF."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.reports import documents, selectors, summaries


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Write the report of an initiative as a PDF (default: the last 12 months)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The initiative's slug.")
        parser.add_argument("--output", "-o", required=True, help="Where to write the PDF.")
        parser.add_argument("--since", help="First day of the period, YYYY-MM-DD.")
        parser.add_argument("--until", help="Last day of the period, YYYY-MM-DD (default today).")
        parser.add_argument(
            "--sections",
            help="Comma-separated sections (default all): " + ",".join(summaries.SECTIONS),
        )
        parser.add_argument(
            "--threshold",
            type=int,
            default=summaries.DEFAULT_THRESHOLD,
            help="Smallest group shown on its own (never below 3).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        initiative = Initiative.objects.filter(slug=options["slug"]).first()
        if initiative is None:
            raise CommandError(f"No initiative with the slug {options['slug']!r}.")
        until = _date(options["until"]) if options["until"] else timezone.localdate()
        since = (
            _date(options["since"]) if options["since"] else summaries.period_ending(until).since
        )
        problem = summaries.period_problem(since, until)
        if problem:
            raise CommandError(problem)
        raw = options["sections"]
        if raw and summaries.unknown_sections(raw):
            names = ", ".join(summaries.unknown_sections(raw))
            raise CommandError(
                f"Unknown sections: {names}. Choose from {', '.join(summaries.SECTIONS)}."
            )
        started = time.perf_counter()
        report = selectors.build_report(
            initiative=initiative,
            period=summaries.Period(since, until),
            sections=summaries.parse_sections(raw),
            threshold=options["threshold"],
        )
        pdf = documents.render_pdf(report)
        output = Path(options["output"])
        output.write_bytes(pdf)
        record_audit(
            initiative=initiative,
            actor=None,
            action="export",
            target_type="report",
            target_id=initiative.pk,
            fields=list(report.sections),
            detail=f"PDF by command, {since.isoformat()} to {until.isoformat()}, {len(pdf)} bytes",
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Wrote {output} ({len(pdf):,} bytes, {since} to {until}) in {elapsed:.1f} s."
        )
