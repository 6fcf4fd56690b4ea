"""The ladder overview: how many people stand on each level, per perspective and by quarter.

Today's overview is counted by the database over the stored summaries (``LadderSummary``, one
row per person with their level on each day the page shows): one grouped query and one query
for the stalled people, whatever the number of people. Another day's is computed from the
events (``compute_overview``), with the same result shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from convener.activities import ladder_figures, ladder_rules
from convener.activities.models import LadderSummary
from convener.activities.selectors.ladder import (
    PerspectiveInfo,
    load_summaries,
    people,
    people_filter,
    perspectives,
)
from convener.activities.services import ladder_summaries
from convener.initiatives.models import Initiative

LEVEL_COUNT = len(ladder_rules.LEVELS)


@dataclass(frozen=True)
class Group:
    """One group of people on the ladder (a perspective, or everyone) on the page's day."""

    size: int  # people with a step recorded
    counts: tuple[int, ...]  # how many stand on each level, indexed by ``ladder_rules.Level``
    participants: int  # ever reached participant or above
    partners: int  # of those, ever reached partner or above

    def distribution(self, key: str = "") -> ladder_rules.Distribution:
        return ladder_rules.Distribution(key=key, counts=self.counts)

    @property
    def conversion(self) -> ladder_rules.Conversion:
        return ladder_rules.Conversion(self.participants, self.partners)


EMPTY = Group(size=0, counts=(0,) * LEVEL_COUNT, participants=0, partners=0)


@dataclass(frozen=True)
class Overview:
    """Everything a ladder page shows, computed with a constant number of queries."""

    on: dt.date
    taxonomy: list[PerspectiveInfo]
    groups: dict[str, Group]  # by perspective key ('' = not recorded); only groups with people
    everyone: Group
    trend: list[ladder_rules.QuarterLevels]  # oldest quarter first, today's last
    stalled: list[ladder_rules.Stalled]  # longest-attending first; the first ``stalled_limit``
    stalled_total: int


def _stalled(on: dt.date) -> Q:
    since = on - dt.timedelta(days=ladder_rules.STALLED_DAYS)
    return (Q(last_engaged__isnull=True) | Q(last_engaged__lte=since)) & Q(
        times_attended__gte=ladder_rules.STALLED_MIN_ATTENDED,
        last_attended__isnull=False,
        level_0=ladder_rules.Level.PARTICIPANT,
    )


def ladder_overview(
    *,
    initiative: Initiative,
    on: dt.date,
    perspective: str = "",
    circle: str = "",
    stalled_limit: int | None = None,
) -> Overview:
    """Return the ladder of ``initiative`` on ``on``, filtered by perspective and circle, with
    the first ``stalled_limit`` stalled people (all when None) and how many there are.

    Today's ladder is counted over the stored summaries; another day's is computed from the
    events.
    """
    if on != timezone.localdate():
        return compute_overview(
            initiative=initiative,
            on=on,
            perspective=perspective,
            circle=circle,
            stalled_limit=stalled_limit,
        )
    ladder_summaries.make_current(initiative=initiative, on=on)
    rows = LadderSummary.objects.filter(
        Q(initiative=initiative)
        & people_filter("stakeholder__", perspective=perspective, circle=circle)
    )
    key = Coalesce("stakeholder__perspective__key", Value(""))
    counts = {
        f"n{day}_{level}": Count("pk", filter=Q(**{f"level_{day}": level}))
        for day in range(len(ladder_summaries.LEVEL_FIELDS))
        for level in range(LEVEL_COUNT)
    }
    grouped = (
        rows.values(key=key)
        .annotate(
            size=Count("pk"),
            participants=Count("pk", filter=Q(ever__gte=ladder_rules.Level.PARTICIPANT)),
            partners=Count("pk", filter=Q(ever__gte=ladder_rules.Level.PARTNER)),
            stalled=Count("pk", filter=_stalled(on)),
            **counts,
        )
        .order_by()
    )
    groups, by_day = {}, [[0] * LEVEL_COUNT for _ in ladder_summaries.LEVEL_FIELDS]
    stalled_total = 0
    for row in grouped:
        stalled_total += row["stalled"]
        for day, tally in enumerate(by_day):
            for level in range(LEVEL_COUNT):
                tally[level] += row[f"n{day}_{level}"]
        groups[row["key"]] = Group(
            size=row["size"],
            counts=tuple(row[f"n0_{level}"] for level in range(LEVEL_COUNT)),
            participants=row["participants"],
            partners=row["partners"],
        )
    stalled = (
        rows.filter(_stalled(on))
        .order_by("-times_attended", "last_attended", "stakeholder_id")
        .values_list("stakeholder_id", key, "times_attended", "last_attended", "last_engaged")
    )
    if stalled_limit is not None:
        stalled = stalled[:stalled_limit]
    return Overview(
        on=on,
        taxonomy=perspectives(initiative),
        groups=groups,
        everyone=_sum(groups.values()),
        trend=_trend(on, [tuple(tally) for tally in by_day]),
        stalled=[ladder_rules.Stalled(*row) for row in stalled] if stalled_total else [],
        stalled_total=stalled_total,
    )


def _sum(groups: Iterable[Group]) -> Group:
    total = EMPTY
    for g in groups:
        total = Group(
            size=total.size + g.size,
            counts=tuple(a + b for a, b in zip(total.counts, g.counts, strict=True)),
            participants=total.participants + g.participants,
            partners=total.partners + g.partners,
        )
    return total


def _trend(on: dt.date, by_day: Sequence[tuple[int, ...]]) -> list[ladder_rules.QuarterLevels]:
    """Return the counts on each day of ``page_days(on)`` in date order (today last)."""
    days = ladder_figures.page_days(on)
    out = []
    for index in [*range(1, len(days)), 0]:
        year, quarter = ladder_rules.quarter_of(days[index])
        out.append(
            ladder_rules.QuarterLevels(year, quarter, ladder_rules.Distribution("", by_day[index]))
        )
    return out


def _group(summaries: Sequence[ladder_figures.Summary]) -> Group:
    conversion = ladder_figures.summary_conversion(summaries)
    return Group(
        size=len(summaries),
        counts=ladder_figures.summary_distribution(summaries).counts,
        participants=conversion.participants,
        partners=conversion.partners,
    )


def compute_overview(
    *,
    initiative: Initiative,
    on: dt.date,
    perspective: str = "",
    circle: str = "",
    stalled_limit: int | None = None,
) -> Overview:
    """Compute the ladder overview from the events, without the stored summaries."""
    days = ladder_figures.page_days(on)
    counted = people(initiative=initiative, perspective=perspective, circle=circle)
    everyone = load_summaries(initiative=initiative, days=days, counted=counted)
    stalled = ladder_figures.summary_stalled(everyone, on)
    by_key: dict[str, list[ladder_figures.Summary]] = {}
    for summary in everyone:
        by_key.setdefault(summary.perspective_key, []).append(summary)
    return Overview(
        on=on,
        taxonomy=perspectives(initiative),
        groups={key: _group(group) for key, group in by_key.items()},
        everyone=_group(everyone),
        trend=ladder_figures.summary_trend(everyone, days),
        stalled=stalled[:stalled_limit] if stalled_limit is not None else stalled,
        stalled_total=len(stalled),
    )
