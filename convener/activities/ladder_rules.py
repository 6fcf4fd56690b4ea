"""The participation → engagement ladder: pure rules over dated events, no database.

Each person's level is derived from what they did and when (see docs/engagement-ladder.md):

* invited      — asked to take part, nothing done yet;
* participant  — accepted an invitation or attended;
* contributor  — shared information, asked a question or interacted with others;
* partner      — contributed, initiated something or stayed connected;
* leader       — led or co-led an activity, or took on a leadership role.

A level counts for twelve months after the event that reached it (``RECENCY_DAYS``). After that
the person falls back to participant: they once took part, but are not contributing now. A
"stayed connected" event renews the highest level the person had reached by then, so a partner
who keeps in touch stays a partner. With recency turned off (``recency_days=None``) a level,
once reached, is kept.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    """The rungs of the ladder, lowest first."""

    INVITED = 0
    PARTICIPANT = 1
    CONTRIBUTOR = 2
    PARTNER = 3
    LEADER = 4

    @property
    def key(self) -> str:
        return self.name.lower()


LEVELS: tuple[Level, ...] = tuple(Level)

# The kind of pseudo-event an invitation produces; the rest are EngagementEvent kinds.
INVITED = "invited"
KIND_LEVEL: dict[str, Level] = {
    INVITED: Level.INVITED,
    "accepted": Level.PARTICIPANT,
    "attended": Level.PARTICIPANT,
    "shared": Level.CONTRIBUTOR,
    "asked": Level.CONTRIBUTOR,
    "interacted": Level.CONTRIBUTOR,
    "contributed": Level.PARTNER,
    "initiated": Level.PARTNER,
    "stayed_connected": Level.PARTNER,
    "led": Level.LEADER,
    "leadership_role": Level.LEADER,
}
SUSTAINING = "stayed_connected"
ENGAGEMENT_KINDS: frozenset[str] = frozenset(
    {"interacted", "contributed", "initiated", "stayed_connected", "led", "leadership_role"}
)

RECENCY_DAYS = 365  # a level counts for a year after the event that reached it
STALLED_DAYS = 182  # six months without an engagement event
STALLED_MIN_ATTENDED = 2


@dataclass(frozen=True)
class Event:
    """One dated step by one person; ``activity_id`` lets duplicates from two sources merge."""

    person_id: int
    kind: str
    occurred_on: dt.date
    perspective_key: str = ""
    activity_id: int | None = None


@dataclass(frozen=True)
class Person:
    """A person's events, oldest first, each with the level it reached (stays renewed)."""

    person_id: int
    perspective_key: str
    dates: tuple[dt.date, ...]  # oldest first
    levels: tuple[Level, ...]  # the level each dated event reached
    kinds: tuple[str, ...]  # the kind of each dated event
    attended: tuple[dt.date, ...]
    engaged: tuple[dt.date, ...]  # dates of engagement events
    took_part_on: dt.date | None = None  # first event at participant or above

    @property
    def steps(self) -> list[tuple[dt.date, Level]]:
        return list(zip(self.dates, self.levels, strict=True))


def group_events(events: Iterable[Event]) -> dict[int, Person]:
    """Return each person's history, merging events of one kind at one activity."""
    seen: set[tuple[int, str, int]] = set()
    by_person: dict[int, list[Event]] = defaultdict(list)
    perspective: dict[int, str] = {}
    for event in events:
        if event.kind not in KIND_LEVEL:
            continue
        if event.activity_id is not None:
            marker = (event.person_id, event.kind, event.activity_id)
            if marker in seen:
                continue
            seen.add(marker)
        by_person[event.person_id].append(event)
        if event.perspective_key:
            perspective[event.person_id] = event.perspective_key
    return {pid: _person(pid, perspective.get(pid, ""), evs) for pid, evs in by_person.items()}


def _person(person_id: int, perspective_key: str, events: list[Event]) -> Person:
    events.sort(key=lambda e: (e.occurred_on, KIND_LEVEL[e.kind]))
    levels: list[Level] = []
    best = Level.INVITED
    took_part_on = None
    for event in events:
        level = KIND_LEVEL[event.kind]
        if event.kind == SUSTAINING:
            level = max(level, best)  # staying connected renews the highest level so far
        best = max(best, level)
        levels.append(level)
        if took_part_on is None and level >= Level.PARTICIPANT:
            took_part_on = event.occurred_on
    return Person(
        person_id=person_id,
        perspective_key=perspective_key,
        dates=tuple(e.occurred_on for e in events),
        levels=tuple(levels),
        kinds=tuple(e.kind for e in events),
        took_part_on=took_part_on,
        attended=tuple(e.occurred_on for e in events if e.kind == "attended"),
        engaged=tuple(e.occurred_on for e in events if e.kind in ENGAGEMENT_KINDS),
    )


def level_on(
    person: Person, on: dt.date, *, recency_days: int | None = RECENCY_DAYS
) -> Level | None:
    """Return the person's level on ``on``, or None if nothing had happened by then."""
    hi = bisect_right(person.dates, on)
    if hi == 0:
        return None
    lo = (
        0
        if recency_days is None
        else bisect_right(person.dates, on - dt.timedelta(days=recency_days))
    )
    floor = (
        Level.PARTICIPANT
        if person.took_part_on is not None and person.took_part_on <= on
        else Level.INVITED
    )
    if lo >= hi:
        return floor
    return max(max(person.levels[lo:hi]), floor)


def highest_ever(person: Person, on: dt.date | None = None) -> Level | None:
    """Return the highest level the person ever reached (by ``on`` when given)."""
    hi = len(person.dates) if on is None else bisect_right(person.dates, on)
    return max(person.levels[:hi]) if hi else None


@dataclass(frozen=True)
class Distribution:
    """How many people stand on each level, for one group (a perspective, or everyone)."""

    key: str
    counts: tuple[int, ...]  # indexed by Level

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def took_part(self) -> int:
        return self.total - self.counts[Level.INVITED]

    @property
    def past_participant(self) -> int:
        """People above participant: contributors, partners and leaders."""
        return sum(self.counts[Level.CONTRIBUTOR :])

    def share(self, level: Level) -> float:
        return self.counts[level] / self.total if self.total else 0.0


def distribution(
    people: Iterable[Person], on: dt.date, *, key: str = "", recency_days: int | None = RECENCY_DAYS
) -> Distribution:
    """Return how many of ``people`` stand on each level on ``on``."""
    counts = [0] * len(LEVELS)
    for person in people:
        level = level_on(person, on, recency_days=recency_days)
        if level is not None:
            counts[level] += 1
    return Distribution(key=key, counts=tuple(counts))


def by_perspective(
    people: Iterable[Person],
    on: dt.date,
    perspective_keys: Sequence[str],
    *,
    recency_days: int | None = RECENCY_DAYS,
) -> list[Distribution]:
    """Return one distribution per perspective key, in the given order ('' = not recorded)."""
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        groups[person.perspective_key].append(person)
    return [
        distribution(groups.get(k, []), on, key=k, recency_days=recency_days)
        for k in perspective_keys
    ]


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)


def quarters_back(on: dt.date, count: int) -> list[tuple[int, int]]:
    """Return the ``count`` quarters ending with the one holding ``on``, oldest first."""
    year, quarter = quarter_of(on)
    out = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return out[::-1]


@dataclass(frozen=True)
class QuarterLevels:
    year: int
    quarter: int
    distribution: Distribution

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


def trend(
    people: Sequence[Person],
    on: dt.date,
    *,
    quarters: int = 8,
    recency_days: int | None = RECENCY_DAYS,
) -> list[QuarterLevels]:
    """Return the distribution at the end of each of the last ``quarters`` quarters.

    The current quarter is measured on ``on`` rather than on its (future) last day.
    """
    out = []
    for year, quarter in quarters_back(on, quarters):
        day = min(quarter_end(year, quarter), on)
        out.append(
            QuarterLevels(year, quarter, distribution(people, day, recency_days=recency_days))
        )
    return out


@dataclass(frozen=True)
class Conversion:
    participants: int  # ever reached participant or above
    partners: int  # of those, ever reached partner or above

    @property
    def rate(self) -> float | None:
        return self.partners / self.participants if self.participants else None


def conversion(people: Iterable[Person], on: dt.date | None = None) -> Conversion:
    """Return the share of people who ever took part who have ever reached partner or above."""
    participants = partners = 0
    for person in people:
        best = highest_ever(person, on)
        if best is None or best < Level.PARTICIPANT:
            continue
        participants += 1
        if best >= Level.PARTNER:
            partners += 1
    return Conversion(participants, partners)


@dataclass(frozen=True)
class Stalled:
    person_id: int
    perspective_key: str
    times_attended: int
    last_attended: dt.date
    last_engaged: dt.date | None


def stalled(
    people: Iterable[Person], on: dt.date, *, recency_days: int | None = RECENCY_DAYS
) -> list[Stalled]:
    """Return people who attended twice or more, have no engagement event in the last six
    months, and stand at participant on ``on``; longest-attending first."""
    since = on - dt.timedelta(days=STALLED_DAYS)
    out = []
    for person in people:
        attended = [d for d in person.attended if d <= on]
        if len(attended) < STALLED_MIN_ATTENDED:
            continue
        engaged = [d for d in person.engaged if d <= on]
        if engaged and engaged[-1] > since:
            continue
        if level_on(person, on, recency_days=recency_days) != Level.PARTICIPANT:
            continue
        out.append(
            Stalled(
                person_id=person.person_id,
                perspective_key=person.perspective_key,
                times_attended=len(attended),
                last_attended=attended[-1],
                last_engaged=engaged[-1] if engaged else None,
            )
        )
    out.sort(key=lambda s: (-s.times_attended, s.last_attended, s.person_id))
    return out


def history(
    person: Person, *, recency_days: int | None = RECENCY_DAYS
) -> list[tuple[dt.date, Level]]:
    """Return the person's level after each day something happened, dropping repeats."""
    out: list[tuple[dt.date, Level]] = []
    for day in sorted(set(person.dates)):
        level = level_on(person, day, recency_days=recency_days)
        if level is not None and (not out or out[-1][1] != level):
            out.append((day, level))
    return out
