"""API endpoints for proposals: list, create, read with results, revise, open/close, positions."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.consensus import services
from convener.consensus.models import Position, Proposal, ServesKind
from convener.consensus.processes import PROCESSES, get_process
from convener.consensus.results import DEFAULT_THRESHOLD, MIN_THRESHOLD, Results
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders.models import Circle

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class AudienceIn(Schema):
    team: bool = True
    circles: list[Circle] = Field(default_factory=list)
    perspectives: list[str] = Field(default_factory=list, description="Perspective keys.")
    stakeholders: list[int] = Field(default_factory=list, description="Stakeholder ids.")


class ServesIn(Schema):
    kind: ServesKind = ServesKind.NONE
    ref: str = Field(default="", max_length=120, description="A rubric row key, for rubric rows.")
    label: str = Field(default="", max_length=200)


class ProposalIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    process: str = Field(default="gradients", description="One of: " + ", ".join(PROCESSES))
    anonymous: bool = False
    audience: AudienceIn = Field(default_factory=AudienceIn)
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    serves: ServesIn = Field(default_factory=ServesIn)
    suppression_threshold: int = Field(default=DEFAULT_THRESHOLD, ge=MIN_THRESHOLD)


class RevisionIn(Schema):
    text: str = Field(min_length=1)
    change_note: str = ""
    title: str | None = Field(default=None, max_length=200)


class RevisionOut(Schema):
    number: int
    text: str
    change_note: str
    created_at: dt.datetime


class OptionOut(Schema):
    key: str
    label: str
    meaning: str
    needs_reason: bool
    count: int
    share: float


class GroupOut(Schema):
    key: str = Field(description="Perspective key; empty for positions without one.")
    label: str
    audience: int | None
    suppressed: bool = Field(description="Fewer positions than the threshold: no figures given.")
    count: int | None
    participation: float | None
    mean_support: float | None


class ResultsOut(Schema):
    revision: int
    total: int
    audience: int
    mean_support: float | None = Field(description="0 … 1; abstentions left out.")
    threshold: int
    polarised: bool
    options: list[OptionOut]
    groups: list[GroupOut]


class ProposalOut(Schema):
    id: int
    title: str
    process: str
    status: str
    accepting: bool
    revision: int
    text: str
    anonymous: bool
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    serves_kind: str
    serves_ref: str
    serves_label: str
    suppression_threshold: int


class ProposalDetailOut(ProposalOut):
    revisions: list[RevisionOut]
    results: ResultsOut


class PositionIn(Schema):
    option: str = Field(min_length=1, description="An option key of the proposal's process.")
    reason: str = Field(default="", max_length=4000)
    perspective: str | None = Field(default=None, description="A perspective key you speak for.")


class PositionOut(Schema):
    revision: int
    option: str
    reason: str
    perspective: str | None
    updated_at: dt.datetime


def proposal_for(
    request: HttpRequest, proposal_id: int, need: Capability
) -> tuple[Proposal, Access]:
    """Load a proposal, then check the caller's access to its initiative (outsiders get 404)."""
    proposal = get_object_or_404(Proposal.objects.select_related("initiative"), pk=proposal_id)
    access = get_initiative_for(request.user, proposal.initiative.slug, need)
    return proposal, access


def _unprocessable(error: services.ConsensusError) -> ApiError:
    return ApiError(422, "invalid", error.message, error.fields or None)


def _proposal_out(proposal: Proposal) -> ProposalOut:
    return ProposalOut(
        id=proposal.pk,
        title=proposal.title,
        process=proposal.process,
        status=proposal.status,
        accepting=services.is_accepting(proposal),
        revision=proposal.revision,
        text=services.current_revision(proposal).text,
        anonymous=proposal.anonymous,
        opens_at=proposal.opens_at,
        closes_at=proposal.closes_at,
        serves_kind=proposal.serves_kind,
        serves_ref=proposal.serves_ref,
        serves_label=proposal.serves_label,
        suppression_threshold=proposal.suppression_threshold,
    )


def _results_out(proposal: Proposal, summary: Results) -> ResultsOut:
    process = get_process(proposal.process)
    return ResultsOut(
        revision=proposal.revision,
        total=summary.distribution.total,
        audience=summary.audience,
        mean_support=summary.distribution.mean_support,
        threshold=summary.threshold,
        polarised=summary.polarisation.polarised,
        options=[
            OptionOut(
                key=c.key,
                label=process.option(c.key).label(),
                meaning=process.option(c.key).meaning(),
                needs_reason=c.needs_reason,
                count=c.count,
                share=c.share,
            )
            for c in summary.distribution.options
        ],
        groups=[
            GroupOut(
                key=g.key,
                label=g.label,
                audience=g.audience,
                suppressed=g.suppressed,
                count=g.count,
                participation=g.participation,
                mean_support=g.mean_support,
            )
            for g in summary.groups
        ],
    )


def _detail_out(proposal: Proposal) -> ProposalDetailOut:
    return ProposalDetailOut(
        **_proposal_out(proposal).model_dump(),
        revisions=[
            RevisionOut(
                number=r.number, text=r.text, change_note=r.change_note, created_at=r.created_at
            )
            for r in proposal.revisions.all()
        ],
        results=_results_out(proposal, services.proposal_results(proposal)),
    )


def _perspectives(initiative: Initiative, keys: list[str], field: str) -> list[Perspective]:
    found = {p.key: p for p in initiative.perspectives.filter(key__in=keys)}
    unknown = [k for k in keys if k not in found]
    if unknown:
        raise ApiError(422, "invalid", "Unknown perspective.", {field: unknown})
    return [found[k] for k in keys]


@router.get("/initiatives/{slug}/proposals", response={200: list[ProposalOut], **ERRORS})
def list_proposals(request: HttpRequest, slug: str) -> list[ProposalOut]:
    """List the initiative's proposals, newest first."""
    access = get_initiative_for(request.user, slug)
    found = Proposal.objects.filter(initiative=access.initiative).prefetch_related("revisions")
    return [_proposal_out(p) for p in found]


@router.post("/initiatives/{slug}/proposals", response={201: ProposalDetailOut, **ERRORS})
def create_proposal(
    request: HttpRequest, slug: str, payload: ProposalIn
) -> Status[ProposalDetailOut]:
    """Create a draft proposal (conveners)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    initiative = access.initiative
    perspectives = _perspectives(initiative, payload.audience.perspectives, "audience.perspectives")
    people = list(initiative.stakeholders.active().filter(pk__in=payload.audience.stakeholders))
    if len(people) != len(set(payload.audience.stakeholders)):
        raise ApiError(
            422, "invalid", "Unknown stakeholder.", {"audience.stakeholders": ["Unknown id."]}
        )
    try:
        proposal = services.create_proposal(
            initiative=initiative,
            actor=signed_in_user(request),
            title=payload.title,
            text=payload.text,
            process=payload.process,
            anonymous=payload.anonymous,
            audience_team=payload.audience.team,
            audience_circles=[c.value for c in payload.audience.circles],
            audience_perspectives=perspectives,
            audience_stakeholders=people,
            opens_at=payload.opens_at,
            closes_at=payload.closes_at,
            serves_kind=payload.serves.kind.value,
            serves_ref=payload.serves.ref,
            serves_label=payload.serves.label,
            suppression_threshold=payload.suppression_threshold,
        )
    except services.ConsensusError as error:
        raise _unprocessable(error) from error
    return Status(201, _detail_out(proposal))


@router.get("/proposals/{proposal_id}", response={200: ProposalDetailOut, **ERRORS})
def get_proposal(request: HttpRequest, proposal_id: int) -> ProposalDetailOut:
    """Read a proposal with its revisions and the results of its current revision."""
    proposal, _access = proposal_for(request, proposal_id, Capability.VIEW)
    return _detail_out(proposal)


@router.post("/proposals/{proposal_id}/revisions", response={201: ProposalDetailOut, **ERRORS})
def revise_proposal(
    request: HttpRequest, proposal_id: int, payload: RevisionIn
) -> Status[ProposalDetailOut]:
    """Add a revision: positions start afresh on it (conveners)."""
    proposal, _access = proposal_for(request, proposal_id, Capability.MANAGE)
    try:
        services.revise_proposal(
            proposal=proposal,
            actor=signed_in_user(request),
            text=payload.text,
            change_note=payload.change_note,
            title=payload.title,
        )
    except services.ConsensusError as error:
        raise ApiError(409, "conflict", error.message) from error
    proposal.refresh_from_db()
    return Status(201, _detail_out(proposal))


@router.post("/proposals/{proposal_id}/open", response={200: ProposalOut, **ERRORS})
def open_proposal(request: HttpRequest, proposal_id: int) -> ProposalOut:
    """Open the proposal for positions (conveners)."""
    proposal, _access = proposal_for(request, proposal_id, Capability.MANAGE)
    try:
        services.open_proposal(proposal=proposal, actor=signed_in_user(request))
    except services.ConsensusError as error:
        raise ApiError(409, "conflict", error.message) from error
    return _proposal_out(proposal)


@router.post("/proposals/{proposal_id}/close", response={200: ProposalOut, **ERRORS})
def close_proposal(request: HttpRequest, proposal_id: int) -> ProposalOut:
    """Close the proposal: positions are final (conveners)."""
    proposal, _access = proposal_for(request, proposal_id, Capability.MANAGE)
    try:
        services.close_proposal(proposal=proposal, actor=signed_in_user(request))
    except services.ConsensusError as error:
        raise ApiError(409, "conflict", error.message) from error
    return _proposal_out(proposal)


def _position_out(position: Position) -> PositionOut:
    return PositionOut(
        revision=position.revision,
        option=position.option,
        reason=position.reason,
        perspective=position.perspective.key if position.perspective else None,
        updated_at=position.updated_at,
    )


@router.get("/proposals/{proposal_id}/position", response={200: PositionOut, **ERRORS})
def get_my_position(request: HttpRequest, proposal_id: int) -> PositionOut:
    """Return your own position on the current revision (404 when you have not taken one)."""
    proposal, _access = proposal_for(request, proposal_id, Capability.CONTRIBUTE)
    position = (
        proposal.positions.filter(revision=proposal.revision, user=signed_in_user(request))
        .select_related("perspective")
        .first()
    )
    if position is None:
        raise ApiError(404, "not_found", "You have not taken a position on this revision.")
    return _position_out(position)


@router.put("/proposals/{proposal_id}/position", response={200: PositionOut, **ERRORS})
def put_my_position(request: HttpRequest, proposal_id: int, payload: PositionIn) -> PositionOut:
    """Take or change your own position on the current revision (team members)."""
    proposal, access = proposal_for(request, proposal_id, Capability.CONTRIBUTE)
    perspective = None
    if payload.perspective:
        perspective = _perspectives(access.initiative, [payload.perspective], "perspective")[0]
    try:
        position = services.record_member_position(
            proposal=proposal,
            user=signed_in_user(request),
            option=payload.option,
            reason=payload.reason,
            perspective=perspective,
        )
    except services.ConsensusError as error:
        raise _unprocessable(error) from error
    return _position_out(position)


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives/{slug}/proposals": "viewer",
    "POST /api/v1/initiatives/{slug}/proposals": "convener",
    "GET /api/v1/proposals/{proposal_id}": "viewer",
    "POST /api/v1/proposals/{proposal_id}/revisions": "convener",
    "POST /api/v1/proposals/{proposal_id}/open": "convener",
    "POST /api/v1/proposals/{proposal_id}/close": "convener",
    "GET /api/v1/proposals/{proposal_id}/position": "member",
    "PUT /api/v1/proposals/{proposal_id}/position": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/initiatives/{slug}/proposals": {
        "title": "Focus year one on confidentiality",
        "text": "We focus year one on confidentiality and language access.",
        "process": "gradients",
    },
    "POST /api/v1/proposals/{proposal_id}/revisions": {"text": "A revised text."},
    "PUT /api/v1/proposals/{proposal_id}/position": {"option": "endorse"},
}
