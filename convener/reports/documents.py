"""Turn a report into pages: the template context with its charts, the HTML, and the PDF.

The print view and the PDF share one body template; the PDF is drawn by WeasyPrint from the
same HTML with the print stylesheet read from the static file on disk. WeasyPrint may fetch
nothing but the app's own static files: no network, no web fonts.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from convener.core import charts
from convener.core.charts.axes import shift_chart
from convener.core.charts.grids import shaded_quadrants
from convener.reports.figures import Report
from convener.stakeholders.analytics import CircleCount
from convener.stakeholders.views import participation_charts

PRINT_CSS = "reports/report.css"
# WeasyPrint logs each layout step at INFO; in a command's or a server's log that is noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
BASE_URL = "https://convener.invalid/"  # relative links resolve here; nothing is fetched from it
# The engagement ladder's levels, light to dark; the text sits in the table, not on the bars.
LEVEL_FILLS = ("#e3eff5", "#bfd9e6", "#6fa7c2", "#0b5d7a", "#08445a")


def _circle_rings(report: Report) -> list[participation_charts.Ring]:
    assert report.circles is not None
    # Names are left out on purpose: a report goes to funders and reviewers.
    counts = [CircleCount(t.key, t.count, 0, ()) for t in report.circles.counts]
    return participation_charts.rings(counts)


def chart_context(report: Report) -> dict[str, Any]:
    """Return the placed shapes of every chart the report's sections draw."""
    out: dict[str, Any] = {}
    fewer = _("fewer than %(n)s") % {"n": report.threshold}
    if report.participation is not None:
        out["perspective_chart"] = charts.bar_chart(
            [
                charts.BarRow(
                    row.label,
                    None if row.suppressed else (row.percent or 0) / 100,
                    fewer if row.suppressed else f"{row.percent}%",
                    None if row.target_percent is None else row.target_percent / 100,
                )
                for row in report.participation.perspectives
            ],
            charts.PRINT,
        )
    if report.circles is not None:
        out["rings"] = _circle_rings(report)
        out["ring_size"] = participation_charts.SIZE
        out["ring_centre"] = participation_charts.CENTRE
    if report.activities is not None:
        section = report.activities
        out["kind_chart"] = charts.bar_chart(
            charts.count_rows([(t.label, t.count) for t in section.kinds]), charts.PRINT
        )
        out["quadrant_cells"] = shaded_quadrants(
            [(q.label, q.count, q.percent) for q in section.quadrants]
        )
        levels = [
            (t.label, LEVEL_FILLS[i % len(LEVEL_FILLS)]) for i, t in enumerate(section.levels)
        ]
        rows: list[tuple[str, Any, str]] = [
            (
                _("Everyone"),
                [t.count for t in section.levels],
                str(sum(t.count for t in section.levels)),
            )
        ]
        rows += [
            (r.label, r.counts, fewer if r.suppressed else str(r.total))
            for r in section.ladder_rows
        ]
        out["ladder_chart"] = charts.stacked_chart(rows, levels, charts.PRINT)
    if report.rounds is not None and len(report.rounds.compared) >= 2:
        out["shift_chart"] = shift_chart(
            [(row.title, row.means) for row in report.rounds.shifts],
            report.rounds.compared,
            report.rounds.level_names,
        )
    return out


def report_context(report: Report) -> dict[str, Any]:
    return {"report": report, **chart_context(report)}


def render_document(report: Report) -> str:
    """Return the standalone HTML the PDF is drawn from (no site header, no scripts)."""
    return render_to_string("reports/document.html", report_context(report))


class StaticOnlyFetcher(URLFetcher):
    """Serve WeasyPrint the app's static files from disk and refuse every other address."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            raise ValueError(f"Not a local static file: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_path(url: str) -> Path | None:
    """Return the file on disk behind a static URL, or None for any other address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(BASE_URL).netloc:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def stylesheet_path() -> Path:
    found = finders.find(PRINT_CSS)
    if not isinstance(found, str):
        raise FileNotFoundError(PRINT_CSS)
    return Path(found)


def pdf_document(html: str) -> HTML:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())


def print_stylesheet() -> CSS:
    return CSS(filename=str(stylesheet_path()), url_fetcher=StaticOnlyFetcher())


def render_pdf(report: Report) -> bytes:
    """Return the report as PDF bytes."""
    # Tagged: a structure tree (headings, tables with their headers, lists) and /Lang from
    # <html lang>, so that screen readers can read the PDF.
    pdf = pdf_document(render_document(report)).write_pdf(
        stylesheets=[print_stylesheet()], pdf_tags=True
    )
    assert pdf is not None
    return pdf


def pdf_filename(report: Report) -> str:
    period = report.period
    return f"report-{report.slug}-{period.since.isoformat()}-{period.until.isoformat()}.pdf"
