"""The report's figures as JSON: ``GET /api/v1/initiatives/{slug}/report``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.reports import selectors, summaries

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ReportQuery(Schema):
    since: dt.date | None = Field(None, description="First day; default a year before `until`.")
    until: dt.date | None = Field(None, description="Last day; default today.")
    sections: str | None = Field(
        None, description="Comma-separated sections; default all: " + ",".join(summaries.SECTIONS)
    )
    threshold: int = Field(
        summaries.DEFAULT_THRESHOLD, ge=3, le=50, description="Smallest group shown on its own."
    )


class PeriodOut(Schema):
    since: dt.date
    until: dt.date


class ReportOut(Schema):
    slug: str
    title: str
    period: PeriodOut
    sections: list[str]
    threshold: int = Field(description="Breakdowns by perspective hide smaller groups.")
    generated_at: dt.datetime
    overview: dict[str, Any] | None = None
    participation: dict[str, Any] | None = Field(
        None, description="Suppressed perspectives have `suppressed: true` and no count."
    )
    circles: dict[str, Any] | None = None
    activities: dict[str, Any] | None = None
    rounds: dict[str, Any] | None = None
    decisions: dict[str, Any] | None = None
    chronology: dict[str, Any] | None = None


def _plain(value: Any) -> Any:
    """Return ``value`` with dates as ISO text, ready for JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@router.get("/initiatives/{slug}/report", response={200: ReportOut, **ERRORS})
def get_report(request: HttpRequest, slug: str, query: Query[ReportQuery]) -> dict[str, Any]:
    """Return the figures of the initiative's report for a period (default: the last 12 months).

    The same figures as the printable report and its PDF, with small groups suppressed in
    every breakdown by perspective.
    """
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    until = query.until or timezone.localdate()
    since = query.since or summaries.period_ending(until).since
    problem = summaries.period_problem(since, until)
    if problem:
        raise ApiError(422, "invalid_period", problem, {"until": [problem]})
    if query.sections and summaries.unknown_sections(query.sections):
        raise ApiError(422, "unknown_section", "Unknown sections.", {"sections": [query.sections]})
    report = selectors.build_report(
        initiative=access.initiative,
        period=summaries.Period(since, until),
        sections=summaries.parse_sections(query.sections),
        threshold=query.threshold,
    )
    data = asdict(report)
    return {
        **{k: v for k, v in data.items() if k not in summaries.SECTIONS},
        **{k: _plain(data[k]) for k in summaries.SECTIONS},
    }


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives/{slug}/report": "viewer",
}
api_sample_bodies: dict[str, dict[str, object]] = {}
