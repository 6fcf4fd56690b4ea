"""Use cases of activities: log them, invite people, check them in, note who led.

Permission checks live in the views and API; these functions trust their caller. Every
attendance records an "attended" engagement event, every accepted invitation an "accepted"
one, and the roles noted on an activity (led, contributed, ...) their own events; recording
the same thing twice is one row, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import (
    Activity,
    ActivityInvitation,
    ActivityKind,
    Attendance,
    EngagementEvent,
    EventKind,
    InvitationStatus,
)
from convener.activities.services.ladder_summaries import refresh_people
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Perspective, validate_time_zone
from convener.initiatives.services import record_audit
from convener.stakeholders.models import CIRCLE_ORDER, Kind, Stakeholder
from convener.stakeholders.services.duplicates import check_not_duplicate
from convener.stakeholders.services.registry import create_stakeholder

TARGET = "activity"
ACTIVITY_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "custom_kind",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "time_zone",
    "place",
    "link",
    "description",
    "habit",
    "intended_depth",
    "audience_circles",
    "formality",
    "learning",
    "direction",
    "next_activity",
)
# What a calendar entry shows: a change to one of these is a calendar update.
CALENDAR_FIELDS: tuple[str, ...] = (
    "title",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "time_zone",
    "place",
    "link",
    "description",
)
# What the team may note about an attendee on the activity page.
ROLE_EVENTS: tuple[str, ...] = (
    EventKind.LED,
    EventKind.CONTRIBUTED,
    EventKind.SHARED,
    EventKind.ASKED,
    EventKind.INTERACTED,
)


class ActivityError(ValueError):
    """A request about activities that is refused, with a message fit to show."""


class FutureAttendanceError(ActivityError):
    """Attendance for an activity that has not happened yet."""


# --- Activities ---


def _validate(activity: Activity) -> None:
    if activity.kind == ActivityKind.CUSTOM and not activity.custom_kind.strip():
        raise ActivityError(_("Name the type of activity."))
    if activity.kind != ActivityKind.CUSTOM:
        activity.custom_kind = ""
    if activity.ends_on and activity.ends_on < activity.starts_on:
        raise ActivityError(_("The end date cannot be before the start date."))
    problem = time_problem(activity)
    if problem:
        raise ActivityError(problem)
    pack = active_pack()
    if activity.habit and activity.habit not in {h.key for h in pack.habits}:
        raise ActivityError(_("Choose one of the framework's habits."))
    if activity.intended_depth and activity.intended_depth not in pack.depth_keys:
        raise ActivityError(_("Choose one of the framework's depth levels."))
    unknown = set(activity.audience_circles or []) - set(CIRCLE_ORDER)
    if unknown:
        raise ActivityError(_("Unknown circle: %(circle)s") % {"circle": ", ".join(unknown)})
    nxt = activity.next_activity
    if nxt is not None:
        if nxt.initiative_id != activity.initiative_id:
            raise ActivityError(_("Choose one of this initiative's activities."))
        if activity.pk and _reaches(nxt, activity.pk):
            raise ActivityError(_("An activity cannot follow itself in a chain."))


def time_problem(activity: Activity) -> str:
    """Return what is wrong with an activity's times of day and zone, or ""."""
    if activity.time_zone:
        try:
            validate_time_zone(activity.time_zone)
        except ValidationError as error:
            return " ".join(error.messages)
    if activity.end_time is not None and activity.start_time is None:
        return _("Give a start time too, or leave the end time empty.")
    starts, ends = activity.starts_at, activity.ends_at
    if starts is not None and ends is not None and ends <= starts:
        return _("The end time must be after the start time.")
    return ""


def _reaches(start: Activity, target_id: int) -> bool:
    """Return whether following next_activity from ``start`` comes back to ``target_id``."""
    seen: set[int] = set()
    current: Activity | None = start
    while current is not None and current.pk not in seen:
        if current.pk == target_id:
            return True
        seen.add(current.pk)
        current = current.next_activity
    return False


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ActivityError(f"Unknown activity fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_activity(
    *,
    initiative: Initiative,
    actor: User | None,
    fields: Mapping[str, Any],
    expected_perspectives: Iterable[Perspective] = (),
) -> Activity:
    """Log an activity of ``initiative``, with the perspectives it hopes to reach."""
    _check_fields(fields)
    activity = Activity(initiative=initiative, created_by=actor, **fields)
    _validate(activity)
    activity.save()
    wanted = [p for p in expected_perspectives if p.initiative_id == initiative.pk]
    if wanted:
        activity.expected_perspectives.set(wanted)
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type=TARGET,
        target_id=activity.pk,
        fields=[k for k, v in fields.items() if v not in ("", None, [])],
    )
    return activity


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    actor: User | None,
    fields: Mapping[str, Any],
    expected_perspectives: Iterable[Perspective] | None = None,
) -> list[str]:
    """Change ``activity``'s ``fields`` (and expected perspectives, when given)."""
    _check_fields(fields)
    changed = [k for k, v in fields.items() if getattr(activity, k) != v]
    for name, value in fields.items():
        setattr(activity, name, value)
    _validate(activity)
    if set(changed) & set(CALENDAR_FIELDS):
        activity.calendar_sequence += 1
    activity.save()
    if expected_perspectives is not None:
        wanted = {p.pk for p in expected_perspectives if p.initiative_id == activity.initiative_id}
        if wanted != set(activity.expected_perspectives.values_list("pk", flat=True)):
            activity.expected_perspectives.set(list(wanted))
            changed.append("expected_perspectives")
    if changed:
        record_audit(
            initiative=activity.initiative,
            actor=actor,
            action="update",
            target_type=TARGET,
            target_id=activity.pk,
            fields=changed,
        )
    return changed


@transaction.atomic
def delete_activity(*, activity: Activity, actor: User | None) -> None:
    """Delete ``activity`` with its invitations and attendance; its events keep no activity."""
    touched = set(activity.invitations.values_list("stakeholder_id", flat=True))
    record_audit(
        initiative=activity.initiative,
        actor=actor,
        action="delete",
        target_type=TARGET,
        target_id=activity.pk,
    )
    initiative = activity.initiative
    activity.delete()
    refresh_people(initiative=initiative, stakeholder_ids=touched)


def _stakeholders(initiative: Initiative, ids: Iterable[int]) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.active().filter(initiative=initiative, pk__in=list(ids))


@transaction.atomic
def invite(*, activity: Activity, actor: User | None, stakeholder_ids: Iterable[int]) -> int:
    """Invite the initiative's stakeholders in ``stakeholder_ids``; return how many are new.

    Someone already invited keeps their invitation and its status.
    """
    already = set(activity.invitations.values_list("stakeholder_id", flat=True))
    new = [
        ActivityInvitation(activity=activity, stakeholder_id=pk)
        for pk in _stakeholders(activity.initiative, stakeholder_ids).values_list("pk", flat=True)
        if pk not in already
    ]
    ActivityInvitation.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        refresh_people(
            initiative=activity.initiative, stakeholder_ids=[i.stakeholder_id for i in new]
        )
        record_audit(
            initiative=activity.initiative,
            actor=actor,
            action="invite",
            target_type=TARGET,
            target_id=activity.pk,
            detail=f"{len(new)} invited",
        )
    return len(new)


def _record_event(
    *, activity: Activity, stakeholder_id: int, kind: str, actor: User | None, on: dt.date
) -> bool:
    """Record one engagement event for ``activity``; return False when it was already there."""
    _event, created = EngagementEvent.objects.get_or_create(
        stakeholder_id=stakeholder_id,
        activity=activity,
        kind=kind,
        defaults={"initiative": activity.initiative, "occurred_on": on, "recorded_by": actor},
    )
    if created:
        refresh_people(initiative=activity.initiative, stakeholder_ids=[stakeholder_id])
    return created


@transaction.atomic
def set_invitation_status(
    *, invitation: ActivityInvitation, status: str, actor: User | None
) -> None:
    """Record a reply to an invitation; accepting also records an "accepted" event."""
    if status not in InvitationStatus.values:
        raise ActivityError(_("Unknown invitation status."))
    invitation.status = status
    invitation.responded_at = None if status == InvitationStatus.INVITED else timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    if status == InvitationStatus.ACCEPTED:
        _record_event(
            activity=invitation.activity,
            stakeholder_id=invitation.stakeholder_id,
            kind=EventKind.ACCEPTED,
            actor=actor,
            on=timezone.localdate(),
        )
    refresh_people(
        initiative=invitation.activity.initiative, stakeholder_ids=[invitation.stakeholder_id]
    )


# --- Attendance ---


def check_attendance_allowed(activity: Activity) -> None:
    """Raise FutureAttendanceError when ``activity`` has not started yet."""
    if activity.starts_on > timezone.localdate():
        raise FutureAttendanceError(
            _("This activity is on %(date)s: attendance can be recorded from that day on.")
            % {"date": activity.starts_on.isoformat()}
        )


@transaction.atomic
def check_in(
    *, activity: Activity, stakeholder: Stakeholder, actor: User | None, walk_in: bool = False
) -> tuple[Attendance, bool]:
    """Record ``stakeholder`` as present at ``activity``; return the row and whether it is new.

    Checking in twice returns the first row. Someone who was not invited is marked as a
    walk-in. Each new attendance also records an "attended" event.
    """
    check_attendance_allowed(activity)
    if stakeholder.initiative_id != activity.initiative_id or stakeholder.is_erased:
        raise ActivityError(_("Choose someone from this initiative's registry."))
    invited = activity.invitations.filter(stakeholder=stakeholder).exists()
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                activity=activity,
                stakeholder=stakeholder,
                defaults={"walk_in": walk_in or not invited, "checked_in_by": actor},
            )
    except IntegrityError:  # a second door checked the same person in at the same moment
        attendance, created = (
            Attendance.objects.get(activity=activity, stakeholder=stakeholder),
            False,
        )
    if created:
        _record_event(
            activity=activity,
            stakeholder_id=stakeholder.pk,
            kind=EventKind.ATTENDED,
            actor=actor,
            on=activity.starts_on,
        )
    return attendance, created


def check_in_many(*, activity: Activity, actor: User | None, stakeholder_ids: Iterable[int]) -> int:
    """Check in the initiative's stakeholders in ``stakeholder_ids``; return how many are new."""
    check_attendance_allowed(activity)
    new = 0
    for stakeholder in _stakeholders(activity.initiative, stakeholder_ids):
        new += check_in(activity=activity, stakeholder=stakeholder, actor=actor)[1]
    return new


@transaction.atomic
def check_in_walk_in(
    *,
    activity: Activity,
    actor: User | None,
    name: str,
    perspective: Perspective | None = None,
    fields: Mapping[str, Any] | None = None,
    confirmed_new: bool = False,
) -> Attendance:
    """Add someone who came uninvited to the registry and check them in, in one step.

    Raise ``PossibleDuplicate`` when the registry may already hold them (same name, e-mail or
    phone), unless ``confirmed_new``: the person at the door is offered as "this person?".
    """
    check_attendance_allowed(activity)
    values: dict[str, Any] = {"name": name.strip(), "kind": Kind.PERSON, **(fields or {})}
    check_not_duplicate(
        initiative=activity.initiative,
        name=values["name"],
        email=str(values.get("email") or ""),
        phone=str(values.get("phone") or ""),
        confirmed_new=confirmed_new,
    )
    if perspective is not None:
        values["perspective"] = perspective
    stakeholder = create_stakeholder(initiative=activity.initiative, actor=actor, fields=values)
    return check_in(activity=activity, stakeholder=stakeholder, actor=actor, walk_in=True)[0]


@transaction.atomic
def record_roles(
    *, activity: Activity, actor: User | None, stakeholder_ids: Iterable[int], kind: str
) -> int:
    """Note that attendees of ``activity`` led, contributed, shared, asked or interacted.

    Only people checked in count; return how many events are new.
    """
    if kind not in ROLE_EVENTS:
        raise ActivityError(_("Choose what they did."))
    present = activity.attendance.filter(stakeholder_id__in=list(stakeholder_ids)).values_list(
        "stakeholder_id", flat=True
    )
    return sum(
        _record_event(
            activity=activity, stakeholder_id=pk, kind=kind, actor=actor, on=activity.starts_on
        )
        for pk in present
    )
