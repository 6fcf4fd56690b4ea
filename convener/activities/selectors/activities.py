"""Reads about activities: the hybrid chain, who to keep inviting, relevant participation per
activity and over time, the quadrant points (no writes; the use cases are in
``convener.activities.services.events``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    ActivityKind,
    Attendance,
    EngagementEvent,
    InvitationStatus,
)
from convener.activities.quadrants import Point
from convener.initiatives.models import Initiative
from convener.stakeholders import analytics
from convener.stakeholders.models import CIRCLE_ORDER, Circle, Kind, Stakeholder
from convener.stakeholders.services.participation import taxonomy

# Circles whose members matter most to the outcome (the keep-inviting list).
IMPORTANT_CIRCLES: tuple[str, ...] = (Circle.CORE, Circle.KEY)
CHAIN_LIMIT = 20


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
