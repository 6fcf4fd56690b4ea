"""API endpoints for activities, invitations and attendance.

The same services as the pages write, so an activity is as valid through the API as through
the browser. Perspectives are given by key, circles and choices by their values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.activities import quadrants
from convener.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Direction,
    Formality,
    LearningMode,
)
from convener.activities.services import events as services
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders.api.registry import duplicate_error
from convener.stakeholders.models import CIRCLE_ORDER, Stakeholder
from convener.stakeholders.services.duplicates import PossibleDuplicate
from convener.stakeholders.services.registry import RegistryError

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
BASE = "/api/v1/initiatives/{slug}/activities"
ONE = BASE + "/{activity_id}"


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    custom_kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    time_zone: str = Field(description="The time zone the times are in (IANA name).")
    place: str
    link: str
    description: str
    habit: str = Field(description="The content pack's habit key, or blank.")
    intended_depth: str = Field(description="The content pack's depth key, or blank.")
    audience_circles: list[str]
    expected_perspectives: list[str] = Field(description="Perspective keys.")
    formality: str = Field(description="formal, informal or blank")
    learning: str = Field(description="from, with or blank")
    direction: str = Field(description="one_way, two_way or blank")
    quadrant: str = Field(
        description="formal_from, formal_with, informal_from, informal_with or blank"
    )
    next_activity_id: int | None
    invited: int
    attended: int


class ActivityIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    kind: ActivityKind
    custom_kind: str = Field(default="", max_length=80)
    starts_on: dt.date
    ends_on: dt.date | None = None
    start_time: dt.time | None = Field(default=None, description="Blank for an all-day activity.")
    end_time: dt.time | None = None
    time_zone: str = Field(default="", max_length=64, description="IANA name; blank: initiative's")
    place: str = Field(default="", max_length=200)
    link: str = Field(default="", max_length=200)
    description: str = ""
    habit: str = Field(default="", max_length=40)
    intended_depth: str = Field(default="", max_length=20)
    audience_circles: list[str] = Field(default_factory=list, description=", ".join(CIRCLE_ORDER))
    expected_perspectives: list[str] = Field(default_factory=list)
    formality: Formality | None = None
    learning: LearningMode | None = None
    direction: Direction | None = None
    next_activity_id: int | None = None


class ActivityPatch(Schema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    kind: ActivityKind | None = None
    custom_kind: str | None = Field(default=None, max_length=80)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    time_zone: str | None = Field(default=None, max_length=64)
    place: str | None = Field(default=None, max_length=200)
    link: str | None = Field(default=None, max_length=200)
    description: str | None = None
    habit: str | None = Field(default=None, max_length=40)
    intended_depth: str | None = Field(default=None, max_length=20)
    audience_circles: list[str] | None = None
    expected_perspectives: list[str] | None = None
    formality: Formality | None = None
    learning: LearningMode | None = None
    direction: Direction | None = None
    next_activity_id: int | None = None


class InvitationsIn(Schema):
    stakeholder_ids: list[int] = Field(min_length=1, max_length=5000)


class InvitationOut(Schema):
    id: int
    stakeholder_id: int
    name: str
    status: str
    invited_at: dt.datetime
    responded_at: dt.datetime | None


class WalkIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    perspective: str | None = Field(default=None, description="A perspective key.")
    confirm_new: bool = Field(
        default=False,
        description="Add a new person even though the registry may already hold them (after "
        "a 409 possible_duplicate answer listed the matches).",
    )


class AttendanceIn(Schema):
    stakeholder_id: int | None = None
    walk_in: WalkIn | None = None


class AttendanceOut(Schema):
    stakeholder_id: int
    name: str
    walk_in: bool
    checked_in_at: dt.datetime


class YearQuery(Schema):
    year: int | None = Field(None, ge=1, le=9999, description="Only activities of this year.")


def _get(access: Access, activity_id: int) -> Activity:
    return get_object_or_404(Activity, initiative=access.initiative, pk=activity_id)


def _out(a: Activity) -> ActivityOut:
    return ActivityOut(
        id=a.pk,
        title=a.title,
        kind=a.kind,
        custom_kind=a.custom_kind,
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        start_time=a.start_time,
        end_time=a.end_time,
        time_zone=a.zone_name,
        place=a.place,
        link=a.link,
        description=a.description,
        habit=a.habit,
        intended_depth=a.intended_depth,
        audience_circles=list(a.audience_circles or []),
        expected_perspectives=[p.key for p in a.expected_perspectives.all()],
        formality=a.formality,
        learning=a.learning,
        direction=a.direction,
        quadrant=quadrants.quadrant_of(a.formality, a.learning),
        next_activity_id=a.next_activity_id,
        invited=a.invitations.count(),
        attended=a.attendance.count(),
    )


def _invalid(message: str, fields: dict[str, list[str]] | None = None) -> ApiError:
    return ApiError(422, "invalid", message, fields)


def _fields(access: Access, values: dict[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    """Turn API values into service fields and the expected perspectives (None: unchanged)."""
    fields: dict[str, Any] = {}
    perspectives = None
    for name, value in values.items():
        if name == "expected_perspectives":
            if value is None:
                continue
            found = list(access.initiative.perspectives.filter(key__in=value))
            unknown = set(value) - {p.key for p in found}
            if unknown:
                raise _invalid(
                    "The request has invalid fields.",
                    {name: [f"Unknown perspective key: {k}" for k in sorted(unknown)]},
                )
            perspectives = found
        elif name == "next_activity_id":
            fields["next_activity"] = (
                None
                if value is None
                else get_object_or_404(Activity, initiative=access.initiative, pk=value)
            )
        elif name in ("formality", "learning", "direction"):
            fields[name] = "" if value is None else str(value)
        elif name == "kind":
            fields[name] = str(value)
        elif name == "audience_circles":
            fields[name] = list(value or [])
        else:
            fields[name] = value
    return fields, perspectives


def _check(activity: Activity) -> None:
    try:
        activity.full_clean(exclude=["initiative", "created_by", "next_activity"])
    except ValidationError as error:
        raise _invalid("The request has invalid fields.", error.message_dict) from None


@router.get(BASE.removeprefix("/api/v1"), response={200: list[ActivityOut], **ERRORS})
def list_activities(request: HttpRequest, slug: str, query: Query[YearQuery]) -> list[ActivityOut]:
    """List the initiative's activities, latest first (optionally of one year)."""
    access = get_initiative_for(request.user, slug)
    qs = Activity.objects.filter(initiative=access.initiative).prefetch_related(
        "expected_perspectives"
    )
    if query.year:
        qs = qs.filter(starts_on__year=query.year)
    return [_out(a) for a in qs]


@router.post(BASE.removeprefix("/api/v1"), response={201: ActivityOut, **ERRORS})
def create_activity(request: HttpRequest, slug: str, payload: ActivityIn) -> Status[ActivityOut]:
    """Log an activity (core team members and up)."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    fields, perspectives = _fields(access, payload.dict())
    _check(Activity(initiative=access.initiative, **fields))
    try:
        activity = services.create_activity(
            initiative=access.initiative,
            actor=signed_in_user(request),
            fields=fields,
            expected_perspectives=perspectives or [],
        )
    except services.ActivityError as error:
        raise _invalid(str(error)) from None
    return Status(201, _out(activity))


@router.get(ONE.removeprefix("/api/v1"), response={200: ActivityOut, **ERRORS})
def get_activity(request: HttpRequest, slug: str, activity_id: int) -> ActivityOut:
    access = get_initiative_for(request.user, slug)
    return _out(_get(access, activity_id))


@router.patch(ONE.removeprefix("/api/v1"), response={200: ActivityOut, **ERRORS})
def update_activity(
    request: HttpRequest, slug: str, activity_id: int, payload: ActivityPatch
) -> ActivityOut:
    """Change some fields; fields not sent keep their values."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get(access, activity_id)
    fields, perspectives = _fields(access, payload.dict(exclude_unset=True))
    for name in ("title", "kind", "starts_on"):
        if name in fields and fields[name] is None:
            raise _invalid(
                "The request has invalid fields.", {name: ["This field cannot be null."]}
            )
    for name in (
        "custom_kind",
        "time_zone",
        "place",
        "link",
        "description",
        "habit",
        "intended_depth",
    ):
        if name in fields and fields[name] is None:
            fields[name] = ""
    probe = Activity.objects.get(pk=activity.pk)
    for name, value in fields.items():
        setattr(probe, name, value)
    _check(probe)
    try:
        services.update_activity(
            activity=activity,
            actor=signed_in_user(request),
            fields=fields,
            expected_perspectives=perspectives,
        )
    except services.ActivityError as error:
        raise _invalid(str(error)) from None
    return _out(_get(access, activity_id))


@router.delete(ONE.removeprefix("/api/v1"), response={204: None, **ERRORS})
def delete_activity(request: HttpRequest, slug: str, activity_id: int) -> Status[None]:
    """Delete an activity with its invitations and attendance (conveners and owners)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    services.delete_activity(activity=_get(access, activity_id), actor=signed_in_user(request))
    return Status(204, None)


def _invitations(activity: Activity) -> list[InvitationOut]:
    return [
        InvitationOut(
            id=i.pk,
            stakeholder_id=i.stakeholder_id,
            name=i.stakeholder.name,
            status=i.status,
            invited_at=i.invited_at,
            responded_at=i.responded_at,
        )
        for i in activity.invitations.select_related("stakeholder").order_by("stakeholder__name")
    ]


@router.get(
    (ONE + "/invitations").removeprefix("/api/v1"), response={200: list[InvitationOut], **ERRORS}
)
def list_invitations(request: HttpRequest, slug: str, activity_id: int) -> list[InvitationOut]:
    access = get_initiative_for(request.user, slug)
    return _invitations(_get(access, activity_id))


@router.post(
    (ONE + "/invitations").removeprefix("/api/v1"), response={201: list[InvitationOut], **ERRORS}
)
def invite(
    request: HttpRequest, slug: str, activity_id: int, payload: InvitationsIn
) -> Status[list[InvitationOut]]:
    """Invite stakeholders by id; people already invited keep their invitation and reply."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get(access, activity_id)
    known = set(
        Stakeholder.objects.active()
        .filter(initiative=access.initiative, pk__in=payload.stakeholder_ids)
        .values_list("pk", flat=True)
    )
    unknown = sorted(set(payload.stakeholder_ids) - known)
    if unknown:
        raise _invalid(
            "The request has invalid fields.",
            {"stakeholder_ids": [f"Not in this initiative's registry: {pk}" for pk in unknown]},
        )
    services.invite(activity=activity, actor=signed_in_user(request), stakeholder_ids=known)
    return Status(201, _invitations(activity))


def _attendance_out(a: Attendance) -> AttendanceOut:
    return AttendanceOut(
        stakeholder_id=a.stakeholder_id,
        name=a.stakeholder.name,
        walk_in=a.walk_in,
        checked_in_at=a.checked_in_at,
    )


@router.get(
    (ONE + "/attendance").removeprefix("/api/v1"), response={200: list[AttendanceOut], **ERRORS}
)
def list_attendance(request: HttpRequest, slug: str, activity_id: int) -> list[AttendanceOut]:
    access = get_initiative_for(request.user, slug)
    activity = _get(access, activity_id)
    rows = activity.attendance.select_related("stakeholder").order_by("stakeholder__name")
    return [_attendance_out(a) for a in rows]


@router.post(
    (ONE + "/attendance").removeprefix("/api/v1"),
    response={200: AttendanceOut, 201: AttendanceOut, **ERRORS},
)
def check_in(
    request: HttpRequest, slug: str, activity_id: int, payload: AttendanceIn
) -> Status[AttendanceOut]:
    """Check someone in: 201 when new, 200 when they were already in; 422 before the date.

    Send ``stakeholder_id``, or ``walk_in`` to add someone to the registry and check them in.
    A walk-in the registry may already hold (same name, e-mail or phone) is answered 409
    ``possible_duplicate`` with the matches; check one of them in, or send ``confirm_new``.
    """
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get(access, activity_id)
    actor = signed_in_user(request)
    if (payload.stakeholder_id is None) == (payload.walk_in is None):
        raise _invalid("Send either stakeholder_id or walk_in.")
    try:
        if payload.walk_in is not None:
            perspective = None
            if payload.walk_in.perspective:
                perspective = access.initiative.perspectives.filter(
                    key=payload.walk_in.perspective
                ).first()
                if perspective is None:
                    raise _invalid(
                        "The request has invalid fields.",
                        {"walk_in.perspective": ["Unknown perspective key."]},
                    )
            attendance = services.check_in_walk_in(
                activity=activity,
                actor=actor,
                name=payload.walk_in.name,
                perspective=perspective,
                confirmed_new=payload.walk_in.confirm_new,
            )
            created = True
        else:
            stakeholder = get_object_or_404(
                Stakeholder, initiative=access.initiative, pk=payload.stakeholder_id
            )
            attendance, created = services.check_in(
                activity=activity, stakeholder=stakeholder, actor=actor
            )
    except services.FutureAttendanceError as error:
        raise ApiError(422, "future_activity", str(error)) from None
    except PossibleDuplicate as offer:
        raise duplicate_error(offer) from None
    except (services.ActivityError, RegistryError) as error:
        raise _invalid(str(error)) from None
    except ValidationError as error:
        raise _invalid(" ".join(error.messages)) from None
    return Status(201 if created else 200, _attendance_out(attendance))


api_access: dict[str, RouteAccess] = {
    f"GET {BASE}": "viewer",
    f"POST {BASE}": "member",
    f"GET {ONE}": "viewer",
    f"PATCH {ONE}": "member",
    f"DELETE {ONE}": "convener",
    f"GET {ONE}/invitations": "viewer",
    f"POST {ONE}/invitations": "member",
    f"GET {ONE}/attendance": "viewer",
    f"POST {ONE}/attendance": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    f"POST {BASE}": {
        "title": "Regional workgroup",
        "kind": "regional_workgroup",
        "starts_on": "2026-03-02",
    },
    f"PATCH {ONE}": {"title": "Regional workgroup, March"},
    f"POST {ONE}/invitations": {"stakeholder_ids": [1]},
    f"POST {ONE}/attendance": {"stakeholder_id": 1},
}
