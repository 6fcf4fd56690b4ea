"""The database side of the ladder: load plain tuples for ``convener.activities.ladder_rules``.

The ladder page reads every person's dated steps with one query (engagement events and
invitations together), then hands plain data to the pure rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from convener.activities import ladder_figures, ladder_rules
from convener.activities.models import (
    ActivityInvitation,
    EngagementEvent,
    InvitationStatus,
)
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Kind, Stakeholder


def people_filter(prefix: str, *, perspective: str = "", circle: str = "") -> Q:
    q = Q(**{f"{prefix}kind": Kind.PERSON})
    if perspective == "none":
        q &= Q(**{f"{prefix}perspective__isnull": True})
    elif perspective:
        q &= Q(**{f"{prefix}perspective__key": perspective})
    if circle == "none":
        q &= Q(**{f"{prefix}circle": ""})
    elif circle:
        q &= Q(**{f"{prefix}circle": circle})
    return q


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])  # SQLite hands dates back as ISO text


def _rows(queryset: QuerySet[Any]) -> Iterable[tuple[Any, ...]]:
    """Run a values_list query on a bare cursor: at 100,000 rows the ORM's per-row work shows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def load_events(
    *,
    initiative: Initiative,
    perspective: str = "",
    circle: str = "",
    stakeholder_id: int | None = None,
) -> list[ladder_rules.Event]:
    """Return every person's dated steps — events and invitations — with ONE query."""
    events = EngagementEvent.objects.filter(
        Q(initiative=initiative)
        & people_filter("stakeholder__", perspective=perspective, circle=circle)
    )
    invitations = ActivityInvitation.objects.filter(
        Q(activity__initiative=initiative)
        & people_filter("stakeholder__", perspective=perspective, circle=circle)
    )
    if stakeholder_id is not None:
        events = events.filter(stakeholder_id=stakeholder_id)
        invitations = invitations.filter(stakeholder_id=stakeholder_id)
    columns = ("l_sid", "l_pkey", "l_kind", "l_day", "l_aid")
    events_q = events.annotate(
        l_sid=F("stakeholder_id"),
        l_pkey=F("stakeholder__perspective__key"),
        l_kind=F("kind"),
        l_day=F("occurred_on"),
        l_aid=F("activity_id"),
    ).values_list(*columns)
    invitations_q = invitations.annotate(
        l_sid=F("stakeholder_id"),
        l_pkey=F("stakeholder__perspective__key"),
        l_kind=Case(
            When(status=InvitationStatus.ACCEPTED, then=Value("accepted")),
            default=Value(ladder_rules.INVITED),
            output_field=CharField(),
        ),
        l_day=TruncDate("invited_at"),
        l_aid=Case(default=F("activity_id"), output_field=IntegerField()),
    ).values_list(*columns)
    query = events_q.order_by().union(invitations_q.order_by(), all=True)
    return [
        ladder_rules.Event(
            person_id=sid,
            kind=kind,
            occurred_on=_as_date(day),
            perspective_key=pkey or "",
            activity_id=aid,
        )
        for sid, pkey, kind, day, aid in _rows(query)
    ]


def _kinds_at_least(level: int) -> list[str]:
    return [
        k for k, v in ladder_rules.KIND_LEVEL.items() if v >= level and k != ladder_rules.INVITED
    ]


def _window_code() -> Case:
    """``ladder_figures.window_code`` as SQL."""
    by_code: dict[int, list[str]] = {}
    for kind in _kinds_at_least(2):
        by_code.setdefault(ladder_figures.window_code(kind), []).append(kind)
    return Case(
        *[When(kind__in=kinds, then=Value(code)) for code, kinds in sorted(by_code.items())],
        output_field=IntegerField(),
    )


def _as_day(expression: Any) -> Any:
    """A date or time column of ``load_summaries``' UNION, as the database can return it.

    SQLite hands dates and times back as ISO text already; PostgreSQL's UNION wants one type
    per column (its untyped NULLs are text), so there dates and times are cast to ISO text
    too and ``_day_of`` reads both the same way."""
    if connection.vendor == "sqlite":
        return expression
    return Cast(expression, TextField())


def _null_int() -> Any:
    """An integer NULL (PostgreSQL would otherwise type a bare NULL as text in a UNION)."""
    if connection.vendor == "sqlite":
        return Value(None, output_field=IntegerField())
    return Cast(Value(None), IntegerField())


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _day_of(value: object) -> dt.date | None:
    """Return a local date from what the database returned (a date, a datetime or ISO text)."""
    if value is None:
        return None
    if type(value) is str and len(value) == 10:  # SQLite's dates: the common case, kept fast
        return dt.date.fromisoformat(value)
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = value.replace(tzinfo=dt.UTC)  # stored in UTC
        return timezone.localdate(value)
    return _as_date(value)


def _scan(queryset: QuerySet[Any], initiative: Initiative) -> QuerySet[Any]:
    """Filter by initiative. On SQLite, read the table in order rather than through the index:
    the aggregates touch every row, and walking the index then the table is three times slower."""
    if connection.vendor == "sqlite":
        return queryset.alias(_initiative=F("initiative_id") + 0).filter(_initiative=initiative.pk)
    return queryset.filter(initiative=initiative)


def _group_key() -> Combinable:
    """Group by stakeholder through an expression, so SQLite sorts one pass over the table
    instead of walking the stakeholder index and fetching rows in random order."""
    if connection.vendor == "sqlite":
        return F("stakeholder_id") + 0
    return F("stakeholder_id")


def people(
    *,
    initiative: Initiative,
    perspective: str = "",
    circle: str = "",
    only: Collection[int] | None = None,
) -> dict[int, str]:
    """Return {stakeholder id: perspective key} for the people the ladder counts."""
    queryset = Stakeholder.objects.filter(
        Q(initiative=initiative) & people_filter("", perspective=perspective, circle=circle)
    )
    if only is not None:
        queryset = queryset.filter(pk__in=only)
    return {pk: key or "" for pk, key in queryset.values_list("pk", "perspective__key")}


FIRST_STEPS, HIGHER_STEPS, INVITATIONS = 0, 1, 2  # the three parts of the ladder query


def load_summaries(
    *,
    initiative: Initiative,
    days: Sequence[dt.date],
    counted: dict[int, str],
    only: Collection[int] | None = None,
) -> list[ladder_figures.Summary]:
    """Return the ladder summary over ``days`` (today first) of each person in ``counted``.

    ONE query: the database aggregates each person's events and invitations into the few
    figures the rules need (``ladder_figures.Figures``), without joins; at 150,000 events this
    is what keeps the page fast. ``only`` limits the query to those stakeholders (the people a write
    just changed).
    """
    today = days[0]
    none_date = _as_day(Value(None, output_field=DateField()))
    none_int = _null_int()
    attended = Q(kind="attended", occurred_on__lte=today)
    windows = {
        f"w{i}": Max(
            Case(
                When(
                    Q(occurred_on__gt=day - dt.timedelta(days=ladder_rules.RECENCY_DAYS))
                    & Q(occurred_on__lte=day),
                    then=_window_code(),
                )
            )
        )
        for i, day in enumerate(days)
    }
    no_windows = {f"w{i}": Max(none_int) for i in range(len(days))}
    events = _scan(EngagementEvent.objects.all(), initiative)
    invitations_of = ActivityInvitation.objects.filter(activity__initiative=initiative)
    group_key = _group_key()
    if only is not None:
        # A few people: read their rows through the (initiative, stakeholder) index.
        events = EngagementEvent.objects.filter(initiative=initiative, stakeholder_id__in=only)
        invitations_of = invitations_of.filter(stakeholder_id__in=only)
        group_key = F("stakeholder_id")
    first_steps = (
        events.values(sid=group_key)
        .annotate(
            src=Max(Value(FIRST_STEPS)),
            first_any=_as_day(Min("occurred_on")),
            r1=_as_day(Min("occurred_on")),
            r2=Max(none_date),
            r3=Max(none_date),
            r4=Max(none_date),
            n_att=Sum(Case(When(attended, then=Value(1)), default=Value(0))),
            last_att=_as_day(Max(Case(When(attended, then=F("occurred_on"))))),
            last_eng=Max(none_date),
            **no_windows,
        )
        .order_by()
    )
    higher_steps = (
        events.filter(kind__in=_kinds_at_least(2))
        .values(sid=group_key)
        .annotate(
            src=Max(Value(HIGHER_STEPS)),
            first_any=Max(none_date),
            r1=Max(none_date),
            r2=_as_day(Min("occurred_on")),
            r3=_as_day(Min(Case(When(kind__in=_kinds_at_least(3), then=F("occurred_on"))))),
            r4=_as_day(Min(Case(When(kind__in=_kinds_at_least(4), then=F("occurred_on"))))),
            n_att=Max(Value(0)),
            last_att=Max(none_date),
            last_eng=_as_day(
                Max(
                    Case(
                        When(
                            Q(kind__in=ladder_rules.ENGAGEMENT_KINDS, occurred_on__lte=today),
                            then=F("occurred_on"),
                        )
                    )
                )
            ),
            **windows,
        )
        .order_by()
    )
    accepted = Q(status=InvitationStatus.ACCEPTED)
    invitations = (
        invitations_of.filter(invited_at__lt=_start_of(today + dt.timedelta(days=1)))
        .values("stakeholder_id")
        .annotate(
            src=Max(Value(INVITATIONS)),
            first_any=_as_day(Min("invited_at")),
            r1=_as_day(Min(Case(When(accepted, then=F("invited_at"))))),
            r2=Max(none_date),
            r3=Max(none_date),
            r4=Max(none_date),
            n_att=Max(Value(0)),
            last_att=Max(none_date),
            last_eng=Max(none_date),
            **no_windows,
        )
        .order_by()
    )
    query = first_steps.union(higher_steps, invitations, all=True)
    n = len(days)
    firsts: dict[int, tuple[Any, ...]] = {}
    highers: dict[int, tuple[Any, ...]] = {}
    invited: dict[int, tuple[Any, ...]] = {}
    parts = {FIRST_STEPS: firsts, HIGHER_STEPS: highers, INVITATIONS: invited}
    for row in _rows(query):
        # (sid, src, first_any, r1, r2, r3, r4, n_att, last_att, last_eng, w0, w1, ...)
        parts[row[1]][row[0]] = row[1:]
    out = []
    empty: tuple[int | None, ...] = (None,) * n
    for sid, perspective_key in counted.items():
        first, higher, invite = firsts.get(sid), highers.get(sid), invited.get(sid)
        if first is None and invite is None:
            continue  # nothing recorded for this person
        first_any = _day_of(first[1]) if first else None
        r1 = first_any
        if invite is not None:
            invited_on, accepted_on = _day_of(invite[1]), _day_of(invite[2])
            first_any = invited_on if first_any is None else min(first_any, invited_on)  # type: ignore[type-var]
            if accepted_on is not None:
                r1 = accepted_on if r1 is None else min(r1, accepted_on)
        figures = ladder_figures.Figures(
            person_id=sid,
            first_any=first_any,
            first_reach=(
                r1,
                _day_of(higher[3]) if higher else None,
                _day_of(higher[4]) if higher else None,
                _day_of(higher[5]) if higher else None,
            ),
            windows=tuple(higher[9:]) if higher else empty,
            times_attended=int(first[6] or 0) if first else 0,
            last_attended=_day_of(first[7]) if first else None,
            last_engaged=_day_of(higher[8]) if higher else None,
        )
        out.append(ladder_figures.summarise(figures, days, perspective_key))
    return out


@dataclass(frozen=True)
class PerspectiveInfo:
    key: str
    label: str
    is_family_youth: bool


def perspectives(initiative: Initiative) -> list[PerspectiveInfo]:
    return [
        PerspectiveInfo(key, label, fy)
        for key, label, fy in Perspective.objects.filter(initiative=initiative)
        .order_by("position", "id")
        .values_list("key", "label", "is_family_youth")
    ]


def names(*, initiative: Initiative, ids: Sequence[int]) -> dict[int, tuple[str, bool]]:
    """Return {id: (name, erased)} for the given stakeholders, in one query."""
    return {
        pk: (name, erased_at is not None)
        for pk, name, erased_at in Stakeholder.objects.filter(
            initiative=initiative, pk__in=list(ids)
        ).values_list("pk", "name", "erased_at")
    }
