"""The report's figures: one frozen dataclass per section, plain values only.

The print view, the PDF and the JSON API all read these; ``selectors.build_report`` fills them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from convener.reports import summaries as s


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str


@dataclass(frozen=True)
class OverviewSection:
    summary: str
    title: str
    issue: str
    practice_problem: str
    start_date: dt.date
    team: tuple[TeamMember, ...]
    registry: int  # active stakeholders, people and groups
    participants: int  # people who attended or engaged in the period
    activities: int
    rounds: int
    decisions: int


@dataclass(frozen=True)
class PerspectiveRow:
    key: str
    label: str
    count: int | None  # None when suppressed
    percent: int | None
    target_percent: int | None
    is_family_youth: bool
    suppressed: bool
    reason: str


@dataclass(frozen=True)
class ParticipationSection:
    summary: str
    basis: str  # "period": people who took part in the period; "registry": everyone listed
    people: int
    threshold: int
    perspectives: tuple[PerspectiveRow, ...]
    side: tuple[Tally, ...]
    power: tuple[Tally, ...]
    stance: tuple[Tally, ...]
    findings: tuple[str, ...]


@dataclass(frozen=True)
class CirclesSection:
    summary: str
    counts: tuple[Tally, ...]  # centre first
    unplaced: int
    moves: tuple[Tally, ...]  # moves into each circle during the period
    findings: tuple[str, ...]


@dataclass(frozen=True)
class QuadrantRow:
    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class LadderRow:
    key: str
    label: str
    suppressed: bool
    total: int | None
    counts: tuple[int, ...] | None  # people per level, invited … leader


@dataclass(frozen=True)
class ActivitiesSection:
    summary: str
    total: int
    kinds: tuple[Tally, ...]
    quadrants: tuple[QuadrantRow, ...]
    unplaced: int
    directions: tuple[Tally, ...]
    depths: tuple[Tally, ...]  # intended depth, informing … transforming, then not set
    ladder_summary: str
    ladder_on: dt.date
    levels: tuple[Tally, ...]  # the level names with everyone's counts
    ladder_rows: tuple[LadderRow, ...]  # by perspective, small groups suppressed


@dataclass(frozen=True)
class RoundRow:
    id: int
    name: str
    kind: str
    kind_label: str
    held_on: dt.date
    respondents: int  # people who submitted an answer to the round
    deeper: float | None  # percent of valid answers at collaborating or deeper; None: too few
    limit: int = 0  # the threshold the round's figures were held to


@dataclass(frozen=True)
class ShiftRow:
    key: str
    title: str
    means: tuple[float | None, ...]  # mean depth position per compared round
    shifts: tuple[float | None, ...]  # between each compared round and the one before


@dataclass(frozen=True)
class GroupRow:
    """A perspective in the latest round, pooled over the rubric rows where it may be shown."""

    label: str
    suppressed: bool  # hidden on every row
    deeper: float | None
    rows_shown: int = 0
    rows_total: int = 0


@dataclass(frozen=True)
class RoundsSection:
    summary: str
    rounds: tuple[RoundRow, ...]
    compared: tuple[str, ...]  # the stakeholders' rounds whose shifts are shown, oldest first
    shifts: tuple[ShiftRow, ...]
    level_names: tuple[str, ...]
    latest: str  # the round broken down by perspective
    by_perspective: tuple[GroupRow, ...]
    threshold: int


@dataclass(frozen=True)
class DecisionRow:
    title: str
    outcome: str
    decided_on: dt.date | None
    participants: int | None
    by_perspective: tuple[s.Cell, ...]
    serves_label: str
    url: str


@dataclass(frozen=True)
class DecisionsSection:
    summary: str
    rows: tuple[DecisionRow, ...]


@dataclass(frozen=True)
class ChronologyLine:
    occurred_on: dt.date
    kind: str
    kind_label: str
    title: str
    detail: str


@dataclass(frozen=True)
class ChronologyQuarter:
    label: str
    lines: tuple[ChronologyLine, ...]


@dataclass(frozen=True)
class ChronologySection:
    summary: str
    quarters: tuple[ChronologyQuarter, ...]
    total: int
    shown: int
    circle_moves: int  # counted, not listed: a report names no stakeholder


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    period: s.Period
    sections: tuple[str, ...]
    threshold: int
    generated_at: dt.datetime
    overview: OverviewSection | None = None
    participation: ParticipationSection | None = None
    circles: CirclesSection | None = None
    activities: ActivitiesSection | None = None
    rounds: RoundsSection | None = None
    decisions: DecisionsSection | None = None
    chronology: ChronologySection | None = None
