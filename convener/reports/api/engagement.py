"""The stakeholder-engagement account as JSON (``GET .../initiatives/{slug}/reports/engagement``).

The same account as the web view, the PDF and the .docx, as figures without the sentences, for
states that assemble their submissions by script. Suppressed groups carry ``suppressed: true``
and no figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.reports import summaries
from convener.reports.engagement import Account, assemble
from convener.reports.selectors.engagement import engagement_records

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class EngagementQuery(Schema):
    since: dt.date | None = Field(None, description="First day; default a year before `until`.")
    until: dt.date | None = Field(None, description="Last day; default today.")
    threshold: int = Field(
        summaries.DEFAULT_THRESHOLD, ge=3, le=50, description="Smallest group shown on its own."
    )


class EngagementPeriodOut(Schema):
    since: dt.date
    until: dt.date


class EngagementRecordOut(Schema):
    kind: str = Field(description="activity, round, proposal, session, report, update…")
    id: int
    title: str
    on: dt.date | None
    url: str


class EngagementPerspectiveOut(Schema):
    key: str
    label: str
    is_family_youth: bool
    suppressed: bool
    people: int | None
    times: int | None
    attended: int | None
    answered: int | None
    positions: int | None
    deeper: int | None = Field(
        description="Attendances at activities meant to be collaborating or deeper."
    )


class EngagementPurposeOut(Schema):
    key: str
    label: str
    people: int | None = Field(description="None when it would reveal a hidden group.")
    times: int | None
    perspectives: list[EngagementPerspectiveOut]
    records: list[EngagementRecordOut]
    concerns: list[str]


class EngagementCountOut(Schema):
    value: int | None
    suppressed: bool


class EngagementOutreachOut(Schema):
    key: str
    label: str
    first_on: dt.date
    before: EngagementCountOut
    since: EngagementCountOut
    activities: list[EngagementRecordOut]


class EngagementTallyOut(Schema):
    key: str
    label: str
    count: int


class EngagementMechanismsOut(Schema):
    convenings: int
    kinds: list[EngagementTallyOut]
    rounds: int
    responses: int
    modes: list[EngagementTallyOut]
    live_sessions: int
    personal_links: int
    invitations: int
    languages: list[str]
    records: list[EngagementRecordOut]


class EngagementCellOut(Schema):
    key: str
    label: str
    count: int | None
    suppressed: bool


class EngagementDecisionOut(Schema):
    id: int
    title: str
    outcome: str
    outcome_label: str
    decided_on: dt.date
    purposes: list[str]
    participants: int
    positions: list[EngagementTallyOut]
    by_perspective: list[EngagementCellOut]
    url: str


class EngagementSharingOut(Schema):
    items: list[EngagementTallyOut]
    records: list[EngagementRecordOut]
    publications: list[EngagementRecordOut]


class EngagementOut(Schema):
    slug: str
    title: str
    period: EngagementPeriodOut
    threshold: int
    generated_at: dt.datetime
    purposes: list[EngagementPurposeOut]
    outreach: list[EngagementOutreachOut]
    mechanisms: EngagementMechanismsOut
    decisions: list[EngagementDecisionOut]
    sharing: EngagementSharingOut


def _figures(account: Account) -> dict[str, Any]:
    """Return the account's figures (its sentences left out) in the shape of ``EngagementOut``."""
    return {
        "slug": account.slug,
        "title": account.title,
        "period": account.period,
        "threshold": account.threshold,
        "generated_at": account.generated_at,
        "purposes": account.purposes,
        "outreach": account.outreach,
        "mechanisms": account.mechanisms,
        "decisions": account.decisions,
        "sharing": account.sharing,
    }


@router.get("/initiatives/{slug}/reports/engagement", response={200: EngagementOut, **ERRORS})
def get_engagement(
    request: HttpRequest, slug: str, query: Query[EngagementQuery]
) -> dict[str, Any]:
    """Return the stakeholder-engagement account for a period (default: the last 12 months).

    For each SPP/APR purpose, who took part by perspective and how often; the activities
    aimed at under-represented groups and their participation before and since; the
    mechanisms used; the decisions and the positions behind them; how results were shared.
    """
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    until = query.until or timezone.localdate()
    since = query.since or summaries.period_ending(until).since
    problem = summaries.period_problem(since, until)
    if problem:
        raise ApiError(422, "invalid_period", problem, {"until": [problem]})
    records = engagement_records(
        initiative=access.initiative, period=summaries.Period(since, until)
    )
    return _figures(assemble(records, threshold=query.threshold, generated_at=timezone.now()))


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives/{slug}/reports/engagement": "viewer",
}
api_sample_bodies: dict[str, dict[str, object]] = {}
