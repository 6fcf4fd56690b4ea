"""API endpoints for the ladder area: levels, engagement events, the chronology, milestones."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.activities import ladder_rules
from convener.activities.models import EngagementEvent, EventKind
from convener.activities.selectors.ladder_overview import EMPTY, Group, ladder_overview
from convener.activities.services import ladder as services
from convener.core.api import MAX_ID, ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.core.timeline import build_timeline, entry_habits, filter_entries
from convener.initiatives.models import Perspective
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BASE = "/initiatives/{slug}"


class LadderQuery(Schema):
    perspective: str = Field(default="", description="A perspective key, or `none`.")
    circle: str = Field(default="", description="A circle value, or `none`.")


class LevelsOut(Schema):
    perspective: str = Field(
        description="Perspective key; '' for not recorded, `all` for everyone."
    )
    label: str
    counts: dict[str, int] = Field(description="People on each level: invited … leader.")
    took_part: int
    moved_past_attended: int
    participants_ever: int
    partners_ever: int
    conversion_rate: float | None


class LadderQuarterOut(Schema):
    quarter: str
    counts: dict[str, int]


class StalledOut(Schema):
    stakeholder_id: int
    perspective: str
    times_attended: int
    last_attended: dt.date
    last_engaged: dt.date | None


class LadderOut(Schema):
    on: dt.date
    levels: list[str]
    overall: LevelsOut
    perspectives: list[LevelsOut]
    trend: list[LadderQuarterOut]
    stalled: list[StalledOut]


def _counts(dist: ladder_rules.Distribution) -> dict[str, int]:
    return {level.key: dist.counts[level] for level in ladder_rules.LEVELS}


def _levels_out(key: str, label: str, group: Group) -> LevelsOut:
    dist = group.distribution(key)
    conv = group.conversion
    return LevelsOut(
        perspective=key,
        label=label,
        counts=_counts(dist),
        took_part=dist.took_part,
        moved_past_attended=dist.past_participant,
        participants_ever=conv.participants,
        partners_ever=conv.partners,
        conversion_rate=conv.rate,
    )


@router.get(f"{BASE}/ladder", response={200: LadderOut, **ERRORS})
def get_ladder(request: HttpRequest, slug: str, query: Query[LadderQuery]) -> LadderOut:
    """Return today's ladder levels per perspective, the trend by quarter and stalled people."""
    access = get_initiative_for(request.user, slug)
    overview = ladder_overview(
        initiative=access.initiative,
        on=timezone.localdate(),
        perspective=query.perspective,
        circle=query.circle,
    )
    rows = [
        _levels_out(p.key, p.label, overview.groups.get(p.key, EMPTY)) for p in overview.taxonomy
    ]
    if "" in overview.groups:
        rows.append(_levels_out("", "", overview.groups[""]))
    return LadderOut(
        on=overview.on,
        levels=[level.key for level in ladder_rules.LEVELS],
        overall=_levels_out("all", "", overview.everyone),
        perspectives=rows,
        trend=[
            LadderQuarterOut(quarter=q.label, counts=_counts(q.distribution))
            for q in overview.trend
        ],
        stalled=[
            StalledOut(
                stakeholder_id=s.person_id,
                perspective=s.perspective_key,
                times_attended=s.times_attended,
                last_attended=s.last_attended,
                last_engaged=s.last_engaged,
            )
            for s in overview.stalled
        ],
    )


class EventIn(Schema):
    stakeholder_id: int
    kind: EventKind
    occurred_on: dt.date
    activity_id: int | None = None
    note: str = Field(default="", max_length=300)


class EventOut(Schema):
    id: int
    stakeholder_id: int
    kind: str
    occurred_on: dt.date
    activity_id: int | None
    note: str


def _event_out(e: EngagementEvent) -> EventOut:
    return EventOut(
        id=e.pk,
        stakeholder_id=e.stakeholder_id,
        kind=e.kind,
        occurred_on=e.occurred_on,
        activity_id=e.activity_id,
        note=e.note,
    )


@router.post(f"{BASE}/engagement-events", response={200: EventOut, 201: EventOut, **ERRORS})
def create_event(request: HttpRequest, slug: str, payload: EventIn) -> Status[EventOut]:
    """Record a step by a stakeholder. The same step at the same activity again returns 200."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    try:
        event, created = services.record_event(
            initiative=access.initiative,
            actor=signed_in_user(request),
            stakeholder_id=payload.stakeholder_id,
            kind=payload.kind.value,
            occurred_on=payload.occurred_on,
            activity_id=payload.activity_id,
            note=payload.note,
        )
    except services.LadderError as error:
        raise ApiError(422, "invalid", error.message, {error.field: [error.message]}) from error
    return Status(201 if created else 200, _event_out(event))


class EventQuery(Schema):
    stakeholder_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.get(f"{BASE}/engagement-events", response={200: list[EventOut], **ERRORS})
def list_events(request: HttpRequest, slug: str, query: Query[EventQuery]) -> list[EventOut]:
    """List engagement events, newest first; optionally for one stakeholder."""
    access = get_initiative_for(request.user, slug)
    events = EngagementEvent.objects.filter(initiative=access.initiative)
    if query.stakeholder_id is not None:
        events = events.filter(stakeholder_id=query.stakeholder_id)
    return [_event_out(e) for e in events.order_by("-occurred_on", "-id")[:5000]]


class ChronologyQuery(Schema):
    habit: str = ""
    perspective: str = ""


class EntryOut(Schema):
    occurred_on: dt.date
    kind: str
    title: str
    habits: list[str]
    perspectives: list[str]
    detail: str
    url: str


@router.get(f"{BASE}/chronology", response={200: list[EntryOut], **ERRORS})
def get_chronology(
    request: HttpRequest, slug: str, query: Query[ChronologyQuery]
) -> list[EntryOut]:
    """Return the chronology in date order, filtered by habit and perspective."""
    access = get_initiative_for(request.user, slug)
    entries = filter_entries(
        build_timeline(access.initiative), habit=query.habit, perspective=query.perspective
    )
    return [
        EntryOut(
            occurred_on=e.occurred_on,
            kind=e.kind,
            title=e.title,
            habits=list(entry_habits(e)),
            perspectives=list(e.perspective_keys),
            detail=e.detail,
            url=e.url,
        )
        for e in entries
    ]


class MilestoneIn(Schema):
    occurred_on: dt.date
    title: str = Field(min_length=1, max_length=200)
    what_changed: str = ""
    value_produced: str = ""
    habit: str = Field(default="", max_length=40)
    perspectives: list[str] = Field(default_factory=list, description="Perspective keys.")


class MilestoneOut(Schema):
    id: int
    occurred_on: dt.date
    title: str
    what_changed: str
    value_produced: str
    habit: str
    perspectives: list[str]


@router.post(f"{BASE}/milestones", response={201: MilestoneOut, **ERRORS})
def create_milestone(request: HttpRequest, slug: str, payload: MilestoneIn) -> Status[MilestoneOut]:
    """Add a milestone to the chronology."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    if payload.occurred_on > timezone.localdate():
        message = "A milestone cannot be dated in the future."
        raise ApiError(422, "invalid", message, {"occurred_on": [message]})
    known = set(
        Perspective.objects.filter(initiative=access.initiative).values_list("key", flat=True)
    )
    unknown = [k for k in payload.perspectives if k not in known]
    if unknown:
        message = "Unknown perspective keys: " + ", ".join(unknown)
        raise ApiError(422, "invalid", message, {"perspectives": [message]})
    milestone = services.save_milestone(
        initiative=access.initiative,
        actor=signed_in_user(request),
        occurred_on=payload.occurred_on,
        title=payload.title.strip(),
        what_changed=payload.what_changed,
        value_produced=payload.value_produced,
        habit=payload.habit,
        perspective_keys=payload.perspectives,
    )
    return Status(
        201,
        MilestoneOut(
            id=milestone.pk,
            occurred_on=milestone.occurred_on,
            title=milestone.title,
            what_changed=milestone.what_changed,
            value_produced=milestone.value_produced,
            habit=milestone.habit,
            perspectives=sorted(payload.perspectives),
        ),
    )


_PREFIX = "/api/v1/initiatives/{slug}"
api_access: dict[str, RouteAccess] = {
    f"GET {_PREFIX}/ladder": "viewer",
    f"POST {_PREFIX}/engagement-events": "member",
    f"GET {_PREFIX}/engagement-events": "viewer",
    f"GET {_PREFIX}/chronology": "viewer",
    f"POST {_PREFIX}/milestones": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    f"POST {_PREFIX}/engagement-events": {
        "stakeholder_id": 1,
        "kind": "attended",
        "occurred_on": "2024-01-15",
    },
    f"POST {_PREFIX}/milestones": {"occurred_on": "2024-01-15", "title": "Route check"},
}
