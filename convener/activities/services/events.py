"""Use cases of activities: log them, invite people, check them in, note who led.

Permission checks live in the views and API; these functions trust their caller. Every
attendance records an "attended" engagement event, every accepted invitation an "accepted"
one, and the roles noted on an activity (led, contributed, ...) their own events; recording
the same thing twice is one row, never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
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
from convener.activities.quadrants import Point
from convener.activities.services.ladder_summaries import refresh_people
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Perspective, validate_time_zone
from convener.initiatives.services import record_audit
from convener.stakeholders import analytics
from convener.stakeholders.models import CIRCLE_ORDER, Circle, Kind, Stakeholder
from convener.stakeholders.services.duplicates import check_not_duplicate
from convener.stakeholders.services.participation import taxonomy
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
# Circles whose members matter most to the outcome (the keep-inviting list).
IMPORTANT_CIRCLES: tuple[str, ...] = (Circle.CORE, Circle.KEY)
CHAIN_LIMIT = 20


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


def used_custom_kinds(initiative: Initiative) -> list[str]:
    """Return the custom types this initiative has used before, alphabetically."""
    names = (
        Activity.objects.filter(initiative=initiative, kind=ActivityKind.CUSTOM)
        .exclude(custom_kind="")
        .order_by()
        .values_list("custom_kind", flat=True)
        .distinct()
    )
    return sorted(set(names), key=str.casefold)


def chain(activity: Activity) -> list[Activity]:
    """Return the hybrid chain ``activity`` belongs to, first step first.

    Walks back through the earliest activity pointing at each step, then forward through
    ``next_activity``; stops on a loop or after CHAIN_LIMIT steps.
    """
    steps = [activity]
    seen = {activity.pk}
    current = activity
    while len(steps) < CHAIN_LIMIT:
        previous = (
            Activity.objects.filter(next_activity=current).order_by("starts_on", "id").first()
        )
        if previous is None or previous.pk in seen:
            break
        steps.insert(0, previous)
        seen.add(previous.pk)
        current = previous
    current = activity
    while current.next_activity_id and len(steps) < CHAIN_LIMIT:
        nxt = Activity.objects.get(pk=current.next_activity_id)
        if nxt.pk in seen:
            break
        steps.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return steps if len(steps) > 1 else []


# --- Invitations ---


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


# --- Keep inviting ---


@dataclass(frozen=True)
class KeepInvitingRow:
    stakeholder: Stakeholder
    last_invited: dt.datetime
    declined: int
    unanswered: int


def keep_inviting(initiative: Initiative) -> list[KeepInvitingRow]:
    """Return the important people and groups who declined or never answered, and not engaged.

    Important: in the core or key circle, or affected by or able to affect the issue. Never
    answered: no reply recorded, or still "invited" after the activity's date. They leave the
    list once they attend anything or have any engagement event.
    """
    today = timezone.localdate()
    not_coming = Q(activity_invitations__status=InvitationStatus.DECLINED) | Q(
        activity_invitations__status=InvitationStatus.NO_REPLY
    )
    silent = Q(activity_invitations__status=InvitationStatus.INVITED) & Q(
        activity_invitations__activity__starts_on__lt=today
    )
    rows = (
        Stakeholder.objects.active()
        .filter(initiative=initiative)
        .filter(
            Q(circle__in=IMPORTANT_CIRCLES) | Q(concern_affected=True) | Q(concern_can_affect=True)
        )
        .filter(not_coming | silent)
        .exclude(Exists(Attendance.objects.filter(stakeholder=OuterRef("pk"))))
        .exclude(Exists(EngagementEvent.objects.filter(stakeholder=OuterRef("pk"))))
        .annotate(
            # Over all their invitations, including one to an activity still to come.
            last_invited=Subquery(
                ActivityInvitation.objects.filter(stakeholder=OuterRef("pk"))
                .order_by("-invited_at")
                .values("invited_at")[:1]
            ),
            declined=Count(
                "activity_invitations",
                filter=Q(activity_invitations__status=InvitationStatus.DECLINED),
            ),
            unanswered=Count(
                "activity_invitations",
                filter=~Q(
                    activity_invitations__status__in=[
                        InvitationStatus.DECLINED,
                        InvitationStatus.ACCEPTED,
                    ]
                ),
            ),
        )
        .select_related("perspective", "organization")
        .order_by("-last_invited", "name")
    )
    return [
        KeepInvitingRow(
            stakeholder=s,
            last_invited=s.last_invited,  # type: ignore[attr-defined]
            declined=s.declined,  # type: ignore[attr-defined]
            unanswered=s.unanswered,  # type: ignore[attr-defined]
        )
        for s in rows
    ]


# --- Relevant participation per activity ---

_FACT_FIELDS = (
    "id",
    "name",
    "kind",
    "circle",
    "side",
    "power",
    "stance",
    "scale",
    "concern_interest",
    "concern_affected",
    "concern_can_affect",
    "organization_id",
    "perspective__key",
    "perspective__label",
    "perspective__is_family_youth",
)


def _facts(rows: Iterable[Mapping[str, Any]]) -> list[analytics.StakeholderFacts]:
    return [
        analytics.StakeholderFacts(
            perspective_key=row["perspective__key"] or "",
            perspective_label=row["perspective__label"] or "",
            is_family_youth=bool(row["perspective__is_family_youth"]),
            circle=row["circle"],
            side=row["side"],
            power=row["power"],
            stance=row["stance"],
            scale=row["scale"],
            interest=row["concern_interest"],
            affected=row["concern_affected"],
            can_affect=row["concern_can_affect"],
            organization_id=row["organization_id"],
            kind=row["kind"],
            id=row["id"],
            name=row["name"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ExpectedRow:
    key: str
    label: str
    expected: bool
    invited: int
    attended: int

    @property
    def missing(self) -> bool:
        return self.expected and self.attended == 0


@dataclass(frozen=True)
class ActivityParticipation:
    perspectives: tuple[ExpectedRow, ...]
    circles: tuple[ExpectedRow, ...]
    report: analytics.ParticipationReport
    attended: int
    invited: int
    walk_ins: int


def activity_participation(activity: Activity) -> ActivityParticipation:
    """Compare who came with who was expected, and analyse the balance of the attendance."""
    people = Stakeholder.objects.filter(initiative=activity.initiative)
    attended = _facts(people.filter(attendance__activity=activity).values(*_FACT_FIELDS))
    invited = list(
        people.filter(activity_invitations__activity=activity).values_list(
            "perspective__key", "circle"
        )
    )
    expected = set(activity.expected_perspectives.values_list("key", flat=True))
    tax = taxonomy(activity.initiative)
    perspective_rows = tuple(
        ExpectedRow(
            key=p.key,
            label=p.label,
            expected=p.key in expected,
            invited=sum(1 for key, _c in invited if key == p.key),
            attended=sum(1 for f in attended if f.perspective_key == p.key),
        )
        for p in tax
    )
    circle_labels = dict(Circle.choices)
    circle_rows = tuple(
        ExpectedRow(
            key=c,
            label=str(circle_labels[c]),
            expected=c in (activity.audience_circles or []),
            invited=sum(1 for _k, circle in invited if circle == c),
            attended=sum(1 for f in attended if f.circle == c),
        )
        for c in CIRCLE_ORDER
    )
    return ActivityParticipation(
        perspectives=perspective_rows,
        circles=circle_rows,
        report=analytics.analyse(attended, tax, about_circles=False, whom=_("people who attended")),
        attended=len(attended),
        invited=len(invited),
        walk_ins=activity.attendance.filter(walk_in=True).count(),
    )


@dataclass(frozen=True)
class TrendRow:
    activity_id: int
    title: str
    starts_on: dt.date
    people: int
    evenness: float | None
    family_youth_share: float | None


def participation_trend(initiative: Initiative, *, limit: int = 200) -> list[TrendRow]:
    """Return, for the latest ``limit`` activities with attendance, oldest first, the balance.

    The balance index is the registry analytics' evenness (Pielou's J over the whole taxonomy,
    as ``analytics.balance`` computes it); the family/youth share is of the people with a
    perspective. Counting happens in SQL, grouped by activity and perspective, so the cost
    does not grow with the number of attendance rows in Python. Three queries in all.
    """
    activities = list(
        Activity.objects.filter(initiative=initiative)
        .filter(Exists(Attendance.objects.filter(activity=OuterRef("pk"))))
        .order_by("-starts_on", "-id")
        .values("id", "title", "starts_on")[:limit]
    )
    ids = [a["id"] for a in activities]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    grouped = (
        Attendance.objects.filter(activity_id__in=ids, stakeholder__kind=Kind.PERSON)
        .values("activity_id", "stakeholder__perspective__key")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in grouped:
        key = row["stakeholder__perspective__key"] or ""
        counts[row["activity_id"]][key] = row["n"]
    tax = taxonomy(initiative)
    family_keys = {p.key for p in tax if p.is_family_youth}
    out = []
    for a in reversed(activities):
        by_key = counts[a["id"]]
        in_taxonomy = [by_key.get(p.key, 0) for p in tax]
        counted = sum(in_taxonomy)
        out.append(
            TrendRow(
                activity_id=a["id"],
                title=a["title"],
                starts_on=a["starts_on"],
                people=sum(by_key.values()),
                evenness=analytics.pielou_evenness(in_taxonomy),
                family_youth_share=(
                    sum(by_key.get(k, 0) for k in family_keys) / counted if counted else None
                ),
            )
        )
    return out


def counts_per_activity(initiative: Initiative) -> tuple[dict[int, int], dict[int, int]]:
    """Return the number of invitations and of attendees per activity of ``initiative``."""

    def grouped(model: type[ActivityInvitation] | type[Attendance]) -> dict[int, int]:
        rows = (
            model.objects.filter(activity__initiative=initiative)
            .values("activity_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {row["activity_id"]: row["n"] for row in rows}

    return grouped(ActivityInvitation), grouped(Attendance)


# --- Quadrants ---


def quadrant_points(initiative: Initiative, *, year: int | None = None) -> list[Point]:
    """Return the initiative's activities (of ``year``, when given) as quadrant points."""
    qs = Activity.objects.filter(initiative=initiative)
    if year is not None:
        qs = qs.filter(starts_on__year=year)
    return [
        Point(
            id=row["id"],
            title=row["title"],
            starts_on=row["starts_on"],
            formality=row["formality"],
            learning=row["learning"],
            direction=row["direction"],
        )
        for row in qs.order_by("starts_on", "id").values(
            "id", "title", "starts_on", "formality", "learning", "direction"
        )
    ]


def activity_years(initiative: Initiative) -> list[int]:
    """Return the years the initiative has activities in, latest first."""
    dates = Activity.objects.filter(initiative=initiative).dates("starts_on", "year", order="DESC")
    return [d.year for d in dates]


def attendee_choices(activity: Activity) -> list[tuple[int, str]]:
    """Return (id, name) of the people checked in at ``activity``, by name."""
    return list(
        activity.attendance.order_by("stakeholder__name").values_list(
            "stakeholder_id", "stakeholder__name"
        )
    )
