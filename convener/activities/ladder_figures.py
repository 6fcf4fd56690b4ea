"""The ladder from stored figures: what the database aggregates per person, and the page summaries.

The rules in ``ladder`` need only a few figures per person (``Figures``), which the database
aggregates; ``figures_of`` computes the same figures from events, and the tests check that
``levels_from`` always agrees with ``ladder.level_on``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from convener.activities.ladder_rules import (
    KIND_LEVEL,
    LEVELS,
    RECENCY_DAYS,
    STALLED_DAYS,
    STALLED_MIN_ATTENDED,
    SUSTAINING,
    Conversion,
    Distribution,
    Level,
    Person,
    QuarterLevels,
    Stalled,
    quarter_end,
    quarter_of,
    quarters_back,
)

SUSTAIN_CODE = 5  # how a "stayed connected" event shows in a window aggregate: above any level


def window_code(kind: str) -> int:
    """Return the code an event adds to a window aggregate: its level, or 5 for a stay."""
    return SUSTAIN_CODE if kind == SUSTAINING else int(KIND_LEVEL[kind])


@dataclass(frozen=True)
class Figures:
    """What the database aggregates for one person, enough to place them on several days.

    ``first_reach[n]`` is the first day of an event at level ``n + 1`` or above (a stay counts
    as partner); ``windows[i]`` is the highest ``window_code`` among the events in the recency
    window ending on ``days[i]``, None when the window is empty.
    """

    person_id: int
    first_any: dt.date | None
    first_reach: tuple[dt.date | None, dt.date | None, dt.date | None, dt.date | None]
    windows: tuple[int | None, ...]
    times_attended: int = 0
    last_attended: dt.date | None = None
    last_engaged: dt.date | None = None


def figures_of(person: Person, days: Sequence[dt.date]) -> Figures:
    """Return a person's figures from their events (what the database computes)."""
    pairs = list(zip(person.dates, person.kinds, strict=True))
    on = days[0]

    def first(level: int) -> dt.date | None:
        return min((d for d, k in pairs if KIND_LEVEL[k] >= level), default=None)

    windows = []
    for day in days:
        since = day - dt.timedelta(days=RECENCY_DAYS)
        codes = [window_code(k) for d, k in pairs if since < d <= day and KIND_LEVEL[k] >= 2]
        windows.append(max(codes, default=None))
    attended = [d for d in person.attended if d <= on]
    engaged = [d for d in person.engaged if d <= on]
    return Figures(
        person_id=person.person_id,
        first_any=min(person.dates, default=None),
        first_reach=(first(1), first(2), first(3), first(4)),
        windows=tuple(windows),
        times_attended=len(attended),
        last_attended=max(attended, default=None),
        last_engaged=max(engaged, default=None),
    )


def levels_from(figures: Figures, days: Sequence[dt.date]) -> tuple[int | None, ...]:
    """Return the person's level on each of ``days``: the same answers as ``level_on``.

    Events at participant level never raise a level above the participant floor, so only
    the first of them matters; the windows need only the events above it.
    """
    out: list[int | None] = []
    first_any, (r1, r2, r3, r4) = figures.first_any, figures.first_reach
    reached = [(day, level) for level, day in ((4, r4), (3, r3), (2, r2), (1, r1)) if day]
    for day, code in zip(days, figures.windows, strict=True):
        if first_any is None or first_any > day:
            out.append(None)
            continue
        ever = 0
        for since, level in reached:
            if since <= day:
                ever = level
                break
        level = 1 if ever else 0
        if code is not None:
            level = ever if code == SUSTAIN_CODE else max(level, code)
        out.append(level)
    return tuple(out)


@dataclass(frozen=True)
class Summary:
    """One person on a page: their level on each day shown, and their attendance."""

    person_id: int
    perspective_key: str
    levels: tuple[int | None, ...]  # one per day of ``page_days``; today first
    ever: int | None  # the highest level ever reached, up to today
    times_attended: int = 0
    last_attended: dt.date | None = None
    last_engaged: dt.date | None = None

    def level(self, index: int = 0) -> int | None:
        return self.levels[index]


def page_days(on: dt.date, quarters: int = 6) -> list[dt.date]:
    """Return the days a ladder page measures: ``on`` first, then the ends of the earlier
    quarters, oldest first (the current quarter is measured on ``on``)."""
    ends = [quarter_end(y, q) for y, q in quarters_back(on, quarters)[:-1]]
    return [on, *ends]


def summarise(figures: Figures, days: Sequence[dt.date], perspective_key: str = "") -> Summary:
    """Return the page summary of one person's figures over ``days``."""
    r1, r2, r3, r4 = figures.first_reach
    on = days[0]
    ever = None
    for level, reached in ((4, r4), (3, r3), (2, r2), (1, r1)):
        if reached is not None and reached <= on:
            ever = level
            break
    if ever is None and figures.first_any is not None and figures.first_any <= on:
        ever = 0
    return Summary(
        person_id=figures.person_id,
        perspective_key=perspective_key,
        levels=levels_from(figures, days),
        ever=ever,
        times_attended=figures.times_attended,
        last_attended=figures.last_attended,
        last_engaged=figures.last_engaged,
    )


def summary_distribution(
    summaries: Iterable[Summary], index: int = 0, *, key: str = ""
) -> Distribution:
    counts = [0] * (len(LEVELS) + 1)  # the last slot collects "nothing yet" (None)
    last = len(LEVELS)
    for s in summaries:
        level = s.levels[index]  # read directly: this loop runs 10,000 times per group
        counts[last if level is None else level] += 1
    return Distribution(key=key, counts=tuple(counts[:last]))


def summary_trend(summaries: Sequence[Summary], days: Sequence[dt.date]) -> list[QuarterLevels]:
    """Return the distribution on each day of ``page_days`` in date order (today last)."""
    order = [*range(1, len(days)), 0]
    out = []
    for index in order:
        year, quarter = quarter_of(days[index])
        out.append(QuarterLevels(year, quarter, summary_distribution(summaries, index)))
    return out


def summary_conversion(summaries: Iterable[Summary]) -> Conversion:
    """Return the conversion rate from summaries."""
    participants = partners = 0
    for s in summaries:
        best = s.ever
        if best is None or best < Level.PARTICIPANT:
            continue
        participants += 1
        partners += best >= Level.PARTNER
    return Conversion(participants, partners)


def summary_stalled(summaries: Iterable[Summary], on: dt.date) -> list[Stalled]:
    """``stalled`` from summaries: the same people, in the same order."""
    since = on - dt.timedelta(days=STALLED_DAYS)
    out = [
        Stalled(s.person_id, s.perspective_key, s.times_attended, s.last_attended, s.last_engaged)
        for s in summaries
        if s.times_attended >= STALLED_MIN_ATTENDED
        and s.last_attended is not None
        and (s.last_engaged is None or s.last_engaged <= since)
        and s.level(0) == Level.PARTICIPANT
    ]
    out.sort(key=lambda s: (-s.times_attended, s.last_attended, s.person_id))
    return out
