"""Background jobs of the reports app (run through ``convener.core.jobs.enqueue``)."""

from __future__ import annotations

from convener.reports import services


def render_report(*, render_id: int) -> None:
    """Draw the PDF of one ``ReportRender``."""
    services.draw_render(render_id=render_id)
