"""Geometry for the report's inline SVG charts: plain numbers in, placed shapes out.

The templates draw the elements with presentation attributes (fill, stroke), not classes, so
that the same SVG looks the same in the browser, on paper and in WeasyPrint's PDF. Every chart
has role="img", a <title>, and a table with the same figures next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 210  # room for the labels left of the bars
BAR_ROOM = 330  # the longest bar; the value is written after it
BAR_HEIGHT = 20
STEP = 28
TOP = 8

# Fills dark enough to see against white (3:1) with the bar's text written beside, not on it.
BAR_FILL = "#0b5d7a"
SUPPRESSED_FILL = "#c5ced6"
MARKER = "#a4161a"
# The engagement ladder's levels, light to dark; the text sits in the table, not on the bars.
LEVEL_FILLS = ("#e3eff5", "#bfd9e6", "#6fa7c2", "#0b5d7a", "#08445a")


@dataclass(frozen=True)
class BarInput:
    label: str
    value: float | None  # 0..1 of the longest possible bar; None: suppressed
    text: str  # written after the bar
    marker: float | None = None  # 0..1: a target mark across the bar


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    text_y: float
    width: float
    text: str
    text_x: float
    suppressed: bool
    marker_x: float | None


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bars: tuple[Bar, ...]


def bar_chart(rows: Sequence[BarInput]) -> BarChart:
    """Place one horizontal bar per row; the largest value or mark fills ``BAR_ROOM``."""
    top = max([r.value or 0.0 for r in rows] + [r.marker or 0.0 for r in rows] + [0.0]) or 1.0
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * STEP
        width = 0.0 if row.value is None else round(max(0.0, row.value) / top * BAR_ROOM, 1)
        marker_x = (
            None if row.marker is None else round(LABEL_WIDTH + row.marker / top * BAR_ROOM, 1)
        )
        end = max(LABEL_WIDTH + width, (marker_x or 0.0) + 2)
        bars.append(
            Bar(
                label=row.label if len(row.label) <= 30 else row.label[:29] + "…",
                y=y,
                text_y=y + BAR_HEIGHT / 2 + 4,
                width=width,
                text=row.text,
                text_x=round(end + 6, 1),
                suppressed=row.value is None,
                marker_x=marker_x,
            )
        )
    return BarChart(WIDTH, TOP * 2 + len(rows) * STEP, LABEL_WIDTH, tuple(bars))


def count_chart(rows: Sequence[tuple[str, int]]) -> BarChart:
    """Place bars for (label, count) rows, scaled to the largest count."""
    top = max((n for _label, n in rows), default=0) or 1
    return bar_chart([BarInput(label, n / top, str(n)) for label, n in rows])


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    y: float
    text_y: float
    segments: tuple[Segment, ...]
    suppressed: bool
    text: str


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    left: int
    bars: tuple[StackedBar, ...]
    legend: tuple[tuple[str, str, float], ...]  # (label, fill, x) under the bars
    legend_y: float


def stacked_chart(
    rows: Sequence[tuple[str, Sequence[int] | None, str]], level_names: Sequence[str]
) -> StackedChart:
    """Place one 100% stacked bar per (label, counts per level, text); None counts: suppressed."""
    bars = []
    for index, (label, counts, text) in enumerate(rows):
        y = TOP + index * STEP
        segments: list[Segment] = []
        total = sum(counts) if counts else 0
        x = float(LABEL_WIDTH)
        for level, n in enumerate(counts or ()):
            width = round(n / total * BAR_ROOM, 2) if total else 0.0
            if width:
                segments.append(Segment(round(x, 2), width, LEVEL_FILLS[level % len(LEVEL_FILLS)]))
            x += width
        bars.append(
            StackedBar(
                label=label if len(label) <= 30 else label[:29] + "…",
                y=y,
                text_y=y + BAR_HEIGHT / 2 + 4,
                segments=tuple(segments),
                suppressed=counts is None,
                text=text,
            )
        )
    legend_y = TOP + len(rows) * STEP + 14
    step = (WIDTH - 20) / max(1, len(level_names))
    legend = tuple(
        (name, LEVEL_FILLS[i % len(LEVEL_FILLS)], round(10 + i * step, 1))
        for i, name in enumerate(level_names)
    )
    return StackedChart(WIDTH, int(legend_y + 16), LABEL_WIDTH, tuple(bars), legend, legend_y)


@dataclass(frozen=True)
class QuadrantCell:
    label: str
    count: int
    percent: int
    x: float
    y: float
    fill: str
    ink: str


QUADRANT_SIZE = 360
QUADRANT_FILLS = ("#ffffff", "#e8f1f5", "#bfd9e6", "#8dbbd1", "#0b5d7a")


def quadrant_grid(rows: Sequence[tuple[str, int, int]]) -> tuple[QuadrantCell, ...]:
    """Place the four quadrants (formal/from, formal/with, informal/from, informal/with).

    ``rows`` holds (label, count, percent) in that order; a cell is shaded by its percent.
    """
    half = QUADRANT_SIZE / 2
    origins = ((0.0, 0.0), (half, 0.0), (0.0, half), (half, half))
    cells = []
    for (label, count, pct), (x, y) in zip(rows, origins, strict=False):
        step = 0 if pct <= 0 else min(len(QUADRANT_FILLS) - 1, 1 + pct // 20)
        cells.append(
            QuadrantCell(
                label=label,
                count=count,
                percent=pct,
                x=x + 40,
                y=y + 24,
                fill=QUADRANT_FILLS[step],
                ink="#ffffff" if step == len(QUADRANT_FILLS) - 1 else "#1b1f24",
            )
        )
    return tuple(cells)
