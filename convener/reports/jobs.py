"""Background tasks of the reports app (``convener.core.tasks``): thin, taking ids only."""

from __future__ import annotations

from convener.core.tasks import task
from convener.reports import services


@task()
def render_report(*, render_id: int) -> None:
    """Draw the PDF of one ``ReportRender``."""
    services.draw_render(render_id=render_id)
