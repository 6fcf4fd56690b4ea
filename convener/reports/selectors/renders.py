"""Read-only queries of PDF renders (asking for one and drawing it are in ``services``)."""

from __future__ import annotations

from django.utils import timezone

from convener.initiatives.models import Initiative
from convener.reports.models import ReportRender
from convener.reports.services import RENDER_KEEP


def recent_renders(*, initiative: Initiative, limit: int = 10) -> list[ReportRender]:
    """Return the initiative's renders still kept, newest first, without their PDFs."""
    since = timezone.now() - RENDER_KEEP
    renders = ReportRender.objects.filter(initiative=initiative, created_at__gte=since)
    return list(renders.defer("pdf")[:limit])
