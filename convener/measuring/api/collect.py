"""API endpoints for the collect area: rounds and facilitator entry of paper forms."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.measuring import services
from convener.measuring.models import Round, RoundKind, RoundStatus
from convener.stakeholders.models import Circle

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class RoundAudienceIn(Schema):
    circles: list[Circle] = Field(default_factory=list)
    perspectives: list[str] = Field(default_factory=list, description="Perspective keys or labels.")
    stakeholders: list[int] = Field(default_factory=list, description="Stakeholder ids.")


class RoundIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    rows: list[str] = Field(min_length=1, description="Rubric row keys of the content pack.")
    kind: RoundKind = RoundKind.STAKEHOLDERS
    audience: RoundAudienceIn = Field(default_factory=RoundAudienceIn)
    anonymous: bool = True
    languages: list[str] = Field(default_factory=lambda: list(services.RESPONDENT_LANGUAGES))
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    allow_not_sure: bool = True
    allow_comments: bool = True
    suppression_threshold: int = Field(default=5, ge=3)


class AudienceOut(Schema):
    circles: list[str]
    perspectives: list[str]
    stakeholders: list[int]


class RoundOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    accepting: bool = Field(description="Whether respondents can answer right now.")
    instrument_version: int
    rows: list[str]
    anonymous: bool
    languages: list[str]
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    allow_not_sure: bool
    allow_comments: bool
    suppression_threshold: int
    audience: AudienceOut
    links_issued: int
    responses_submitted: int


class PaperIn(Schema):
    perspective: str | None = Field(default=None, description="A perspective key or label.")
    answers: dict[str, str | None] = Field(
        description="Row key → level key (informing … transforming, or not_sure); null = skipped."
    )


class PaperOut(Schema):
    id: int
    answers: int


def _round_out(round: Round) -> RoundOut:
    counts = Round.objects.filter(pk=round.pk).aggregate(
        links=Count("links", distinct=True),
        submitted=Count(
            "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
        ),
    )
    return RoundOut(
        id=round.pk,
        name=round.name,
        kind=round.kind,
        status=round.status,
        accepting=services.is_accepting(round),
        instrument_version=round.instrument.version,
        rows=round.instrument.row_keys,
        anonymous=round.anonymous,
        languages=list(round.languages),
        opens_at=round.opens_at,
        closes_at=round.closes_at,
        allow_not_sure=round.allow_not_sure,
        allow_comments=round.allow_comments,
        suppression_threshold=round.suppression_threshold,
        audience=AudienceOut(
            circles=list(round.audience_circles),
            perspectives=[p.key for p in round.audience_perspectives.all()],
            stakeholders=list(round.audience_stakeholders.values_list("pk", flat=True)),
        ),
        links_issued=counts["links"],
        responses_submitted=counts["submitted"],
    )


def round_for(request: HttpRequest, round_id: int, need: Capability) -> tuple[Round, Access]:
    """Load a round, then check the caller's access to its initiative (outsiders get 404)."""
    round = get_object_or_404(Round.objects.select_related("initiative", "instrument"), pk=round_id)
    access = get_initiative_for(request.user, round.initiative.slug, need)
    return round, access


def _unprocessable(error: services.CollectionError) -> ApiError:
    return ApiError(422, "invalid", error.message, error.fields or None)


@router.post("/initiatives/{slug}/rounds", response={201: RoundOut, **ERRORS})
def create_round(request: HttpRequest, slug: str, payload: RoundIn) -> Status[RoundOut]:
    """Create a draft round on the rubric rows given by key (conveners)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    initiative = access.initiative
    perspectives = []
    for value in payload.audience.perspectives:
        found = services.resolve_perspective(initiative, value)
        if found is None:
            raise ApiError(
                422, "invalid", "Unknown perspective.", {"audience.perspectives": [value]}
            )
        perspectives.append(found)
    people = list(initiative.stakeholders.filter(pk__in=payload.audience.stakeholders))
    if len(people) != len(set(payload.audience.stakeholders)):
        raise ApiError(
            422, "invalid", "Unknown stakeholder.", {"audience.stakeholders": ["Unknown id."]}
        )
    try:
        round = services.create_round(
            initiative=initiative,
            actor=signed_in_user(request),
            name=payload.name,
            row_keys=payload.rows,
            kind=payload.kind,
            anonymous=payload.anonymous,
            languages=payload.languages,
            audience_circles=[c.value for c in payload.audience.circles],
            audience_perspectives=perspectives,
            audience_stakeholders=people,
            opens_at=payload.opens_at,
            closes_at=payload.closes_at,
            allow_not_sure=payload.allow_not_sure,
            allow_comments=payload.allow_comments,
            suppression_threshold=payload.suppression_threshold,
        )
    except services.CollectionError as error:
        raise _unprocessable(error) from error
    return Status(201, _round_out(round))


@router.get("/initiatives/{slug}/rounds", response={200: list[RoundOut], **ERRORS})
def list_rounds(request: HttpRequest, slug: str) -> list[RoundOut]:
    access = get_initiative_for(request.user, slug)
    listing = access.initiative.rounds.select_related("instrument").order_by("-created_at")
    return [_round_out(r) for r in listing]


@router.get("/rounds/{round_id}", response={200: RoundOut, **ERRORS})
def get_round(request: HttpRequest, round_id: int) -> RoundOut:
    round, _access = round_for(request, round_id, Capability.VIEW)
    return _round_out(round)


@router.post("/rounds/{round_id}/open", response={200: RoundOut, **ERRORS})
def open_round(request: HttpRequest, round_id: int) -> RoundOut:
    """Open the round for answers (conveners)."""
    round, _access = round_for(request, round_id, Capability.MANAGE)
    if round.status != RoundStatus.OPEN:
        services.open_round(round=round, actor=signed_in_user(request))
    return _round_out(round)


@router.post("/rounds/{round_id}/close", response={200: RoundOut, **ERRORS})
def close_round(request: HttpRequest, round_id: int) -> RoundOut:
    """Close the round: links stop working, answers are final (conveners)."""
    round, _access = round_for(request, round_id, Capability.MANAGE)
    if round.status == RoundStatus.OPEN:
        services.close_round(round=round, actor=signed_in_user(request))
    return _round_out(round)


@router.post("/rounds/{round_id}/responses", response={201: PaperOut, **ERRORS})
def enter_paper_response(request: HttpRequest, round_id: int, payload: PaperIn) -> Status[PaperOut]:
    """Enter one paper form (members). Unknown rows or levels: 422 and nothing is saved."""
    round, _access = round_for(request, round_id, Capability.CONTRIBUTE)
    perspective = None
    if payload.perspective:
        perspective = services.resolve_perspective(round.initiative, payload.perspective)
        if perspective is None:
            raise ApiError(
                422,
                "invalid",
                "Unknown perspective: use a key or label of the initiative's taxonomy.",
                {"perspective": [payload.perspective]},
            )
    try:
        response = services.enter_paper_response(
            round=round,
            actor=signed_in_user(request),
            perspective=perspective,
            answers=payload.answers,
        )
    except services.CollectionError as error:
        raise _unprocessable(error) from error
    return Status(201, PaperOut(id=response.pk, answers=response.answers.count()))


api_access: dict[str, RouteAccess] = {
    "POST /api/v1/initiatives/{slug}/rounds": "convener",
    "GET /api/v1/initiatives/{slug}/rounds": "viewer",
    "GET /api/v1/rounds/{round_id}": "viewer",
    "POST /api/v1/rounds/{round_id}/open": "convener",
    "POST /api/v1/rounds/{round_id}/close": "convener",
    "POST /api/v1/rounds/{round_id}/responses": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/initiatives/{slug}/rounds": {
        "name": "Baseline",
        "rows": ["coalescing.consensus"],
        "kind": "stakeholders",
    },
    "POST /api/v1/rounds/{round_id}/responses": {
        "perspective": "family_youth",
        "answers": {"coalescing.consensus": "informing"},
    },
}
