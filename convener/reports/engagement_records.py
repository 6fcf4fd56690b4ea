"""The records the stakeholder-engagement account is made from, as plain frozen data.

The selector (``convener.reports.selectors.engagement``) reads them from the database; the
assembly (``convener.reports.engagement``) and its tests need nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from convener.reports import summaries as s

ATTENDED, ANSWERED, POSITION = "attended", "answered", "position"


@dataclass(frozen=True)
class PerspectiveInfo:
    key: str
    label: str
    is_family_youth: bool
    target_percent: int | None


@dataclass(frozen=True)
class Contribution:
    """One time someone took part: attended an activity, answered a round, took a position.

    ``stakeholder_id`` is None for an anonymous answer or position, which is counted as one
    person on its own.
    """

    stakeholder_id: int | None
    perspective: str  # the perspective key, "" when none was recorded
    how: str  # ATTENDED, ANSWERED or POSITION
    deeper: bool = False  # at an activity meant to be collaborating or deeper


@dataclass(frozen=True)
class TaggedRecord:
    """An activity, round or proposal of the period with its purposes and contributions."""

    kind: str  # "activity", "round" or "proposal"
    id: int
    title: str
    on: dt.date | None
    url: str
    purposes: tuple[str, ...]
    concerns: str
    contributions: tuple[Contribution, ...] = ()


@dataclass(frozen=True)
class ActivityRecord:
    """An activity of the period and the perspectives it set out to reach."""

    id: int
    title: str
    on: dt.date | None
    url: str
    expected_perspectives: tuple[str, ...]


@dataclass(frozen=True)
class DecisionRecord:
    id: int
    title: str
    outcome: str
    outcome_label: str
    decided_on: dt.date
    purposes: tuple[str, ...]
    participants: int
    threshold: int
    distribution: tuple[tuple[str, str, int], ...]  # (option key, label, positions)
    # (perspective key, label, people); None when the decision record already hid the group
    by_perspective: tuple[tuple[str, str, int | None], ...]
    url: str


@dataclass(frozen=True)
class SharedRecord:
    """A record that shows something was shared or offered: a round's results, a report…"""

    kind: str
    kind_label: str
    id: int
    title: str
    on: dt.date | None
    url: str


@dataclass(frozen=True)
class MechanismRecords:
    convenings: int
    kinds: tuple[tuple[str, str, int], ...]
    rounds: int
    responses: int
    modes: tuple[tuple[str, str, int], ...]
    live_sessions: int
    personal_links: int
    invitations: int
    languages: tuple[str, ...]
    records: tuple[SharedRecord, ...] = ()


@dataclass(frozen=True)
class Records:
    slug: str
    title: str
    period: s.Period
    perspectives: tuple[PerspectiveInfo, ...]
    activities: tuple[TaggedRecord, ...]
    rounds: tuple[TaggedRecord, ...]
    proposals: tuple[TaggedRecord, ...]
    activities_all: tuple[ActivityRecord, ...]
    # perspective key -> (stakeholder id, day) for every time a named person took part
    took_part: dict[str, tuple[tuple[int, dt.date], ...]]
    mechanisms: MechanismRecords
    decisions: tuple[DecisionRecord, ...]
    shared: tuple[SharedRecord, ...]
    publications: tuple[SharedRecord, ...] = field(default_factory=tuple)
