"""The One-Way/Two-Way Learning quadrants: pure functions over plain data, no database.

An activity sits in one of four quadrants, Formal or Informal crossed with Learning From or
Learning With. These functions count the share in each quadrant, find where most activities
sit, follow the share of two-way and "With" activities by quarter, and lay the dots out for
the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FORMALITIES: tuple[str, ...] = ("formal", "informal")
LEARNINGS: tuple[str, ...] = ("from", "with")
QUADRANTS: tuple[str, ...] = ("formal_from", "formal_with", "informal_from", "informal_with")


@dataclass(frozen=True)
class Point:
    """What the quadrant view needs to know about one activity; '' means not recorded."""

    id: int
    title: str
    starts_on: dt.date
    formality: str
    learning: str
    direction: str = ""


@dataclass(frozen=True)
class QuadrantShare:
    key: str
    count: int
    share: float  # of the placed activities, 0..1


@dataclass(frozen=True)
class QuarterShare:
    year: int
    quarter: int
    total: int
    two_way: int
    learning_with: int

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def two_way_share(self) -> float:
        return self.two_way / self.total if self.total else 0.0

    @property
    def with_share(self) -> float:
        return self.learning_with / self.total if self.total else 0.0


@dataclass(frozen=True)
class Dot:
    """One activity placed on the chart, in chart units (0..size on both axes)."""

    number: int  # 1-based, the label printed beside the dot and in the list
    point: Point
    quadrant: str
    x: float
    y: float


def quadrant_of(formality: str, learning: str) -> str:
    """Return the quadrant key for a placement, or '' when either axis is not recorded."""
    if formality not in FORMALITIES or learning not in LEARNINGS:
        return ""
    return f"{formality}_{learning}"


def shares(points: Iterable[Point]) -> tuple[tuple[QuadrantShare, ...], int]:
    """Return the count and share of placed activities per quadrant, and how many are unplaced.

    Shares are of the placed activities only, so they add up to 1 when anything is placed.
    """
    counts = dict.fromkeys(QUADRANTS, 0)
    unplaced = 0
    for p in points:
        key = quadrant_of(p.formality, p.learning)
        if key:
            counts[key] += 1
        else:
            unplaced += 1
    placed = sum(counts.values())
    return (
        tuple(
            QuadrantShare(k, counts[k], counts[k] / placed if placed else 0.0) for k in QUADRANTS
        ),
        unplaced,
    )


def dominant(quadrant_shares: Sequence[QuadrantShare]) -> QuadrantShare | None:
    """Return the quadrant holding the most activities (first in order on a tie), if any."""
    best = max(quadrant_shares, key=lambda q: q.count, default=None)
    return best if best is not None and best.count > 0 else None


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def by_quarter(points: Iterable[Point]) -> tuple[QuarterShare, ...]:
    """Return, per calendar quarter with activities (oldest first), the two-way and With counts.

    Every activity counts in its quarter's total; two-way and With count only activities
    recorded as such, so an unrecorded direction lowers the share rather than hiding.
    """
    totals: dict[tuple[int, int], list[int]] = {}
    for p in points:
        row = totals.setdefault(quarter_of(p.starts_on), [0, 0, 0])
        row[0] += 1
        row[1] += p.direction == "two_way"
        row[2] += p.learning == "with"
    return tuple(
        QuarterShare(year=y, quarter=q, total=t, two_way=tw, learning_with=w)
        for (y, q), (t, tw, w) in sorted(totals.items())
    )


def layout(points: Sequence[Point], *, size: float = 400, margin: float = 24) -> list[Dot]:
    """Place each placed activity in its quadrant on a grid, in date order, without overlap.

    The chart is ``size`` square: Learning From on the left, With on the right; Formal at the
    top, Informal at the bottom. Dots in one quadrant fill a grid of as many columns as needed.
    """
    half = size / 2
    origin = {
        "formal_from": (0.0, 0.0),
        "formal_with": (half, 0.0),
        "informal_from": (0.0, half),
        "informal_with": (half, half),
    }
    grouped: dict[str, list[Point]] = {k: [] for k in QUADRANTS}
    for p in sorted(points, key=lambda p: (p.starts_on, p.id)):
        key = quadrant_of(p.formality, p.learning)
        if key:
            grouped[key].append(p)
    numbered = {
        p.id: n
        for n, p in enumerate(
            sorted(
                (p for group in grouped.values() for p in group), key=lambda p: (p.starts_on, p.id)
            ),
            start=1,
        )
    }
    dots = []
    inner = half - 2 * margin
    for key, group in grouped.items():
        if not group:
            continue
        columns = max(1, _ceil_sqrt(len(group)))
        rows = -(-len(group) // columns)
        step_x = inner / columns
        step_y = inner / rows
        ox, oy = origin[key]
        for i, p in enumerate(group):
            col, row = i % columns, i // columns
            dots.append(
                Dot(
                    number=numbered[p.id],
                    point=p,
                    quadrant=key,
                    x=round(ox + margin + step_x * (col + 0.5), 1),
                    y=round(oy + margin + step_y * (row + 0.5), 1),
                )
            )
    return sorted(dots, key=lambda d: d.number)


def _ceil_sqrt(n: int) -> int:
    root = 1
    while root * root < n:
        root += 1
    return root
