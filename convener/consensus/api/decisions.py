"""API endpoints for decisions: the decision log, and recording a proposal's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.consensus import selectors, services
from convener.consensus.api.proposals import ERRORS, proposal_for
from convener.consensus.models import Decision, Outcome
from convener.core.api import ApiError
from convener.core.routes import RouteAccess
from convener.core.translated import SPANISH, written
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

router = Router()


class DecisionIn(Schema):
    outcome: Outcome
    statement: str = Field(min_length=1)
    statement_es: str = Field(
        default="", description="The outcome statement in Spanish; empty shows the English."
    )
    decided_on: dt.date
    decided_by: str = Field(min_length=1, max_length=300)


class DecisionOut(Schema):
    id: int
    proposal_id: int
    title: str
    revision: int
    outcome: str
    statement: str
    statement_es: str = Field(description="The outcome statement in Spanish, or empty.")
    decided_on: dt.date
    decided_by: str
    participants: int
    by_perspective: dict[str, int] = Field(description="Shown perspectives only.")
    distribution: list[dict[str, Any]]
    serves_kind: str
    serves_ref: str
    serves_label: str
    url: str


def _decision_out(decision: Decision) -> DecisionOut:
    summary = selectors.summary(decision)
    return DecisionOut(
        id=decision.pk,
        proposal_id=decision.proposal_id,
        title=decision.title,
        revision=decision.revision,
        outcome=decision.outcome,
        statement=decision.statement,
        statement_es=written(decision, "statement", SPANISH),
        decided_on=decision.decided_on,
        decided_by=decision.decided_by,
        participants=decision.participants,
        by_perspective=summary.by_perspective,
        distribution=list(decision.distribution),
        serves_kind=decision.serves_kind,
        serves_ref=decision.serves_ref,
        serves_label=decision.serves_label,
        url=summary.url,
    )


@router.get("/initiatives/{slug}/decisions", response={200: list[DecisionOut], **ERRORS})
def list_decisions(
    request: HttpRequest,
    slug: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    row: str = "",
) -> list[DecisionOut]:
    """The decision log, newest first; filter by date and by the rubric row served."""
    access = get_initiative_for(request.user, slug)
    found = selectors.decisions(access.initiative, since=since, until=until, serves_ref=row)
    return [_decision_out(d) for d in found]


@router.post("/proposals/{proposal_id}/decision", response={201: DecisionOut, **ERRORS})
def record_decision(
    request: HttpRequest, proposal_id: int, payload: DecisionIn
) -> Status[DecisionOut]:
    """Record the decision on the proposal's current revision (conveners)."""
    proposal, _access = proposal_for(request, proposal_id, Capability.MANAGE)
    try:
        decision = services.record_decision(
            proposal=proposal,
            actor=signed_in_user(request),
            outcome=payload.outcome.value,
            statement=payload.statement,
            statement_es=payload.statement_es,
            decided_on=payload.decided_on,
            decided_by=payload.decided_by,
        )
    except services.ConsensusError as error:
        raise ApiError(409, "conflict", error.message, error.fields or None) from error
    return Status(201, _decision_out(decision))


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives/{slug}/decisions": "viewer",
    "POST /api/v1/proposals/{proposal_id}/decision": "convener",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/proposals/{proposal_id}/decision": {
        "outcome": "adopted",
        "statement": "We focus year one on confidentiality.",
        "statement_es": "El primer año nos centramos en la confidencialidad.",
        "decided_on": "2026-03-02",
        "decided_by": "The core team, by consensus",
    },
}
