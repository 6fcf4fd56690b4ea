"""URL parameter values for the route inventory (tests/test_routes.py)."""

import datetime as dt

from convener.initiatives.models import Initiative
from convener.reports.models import RenderStatus, ReportRender


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return values for this app's URL parameters; must be idempotent."""
    render, _ = ReportRender.objects.get_or_create(
        initiative=initiative,
        since=dt.date(2026, 1, 1),
        until=dt.date(2026, 6, 30),
        sections="overview",
        threshold=5,
        status=RenderStatus.DONE,
        defaults={"pdf": b"%PDF-1.7 route fixture", "size": 22},
    )
    return {"render_id": render.pk}
