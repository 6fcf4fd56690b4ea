"""Dots and lines over a shared scale: support per group, shifts between rounds, trends.

The template writes the elements; these functions only place them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from convener.core.charts.bars import PAGE, Frame

WIDTH = 640
LEFT = 220  # room for row labels
RIGHT = 60  # room for the last level's name under its tick
ROW_HEIGHT = 36
TOP = 28


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    step: int  # 0 for the first series/round, 1 … for later ones (styled by class)


@dataclass(frozen=True)
class ShiftLine:
    label: str
    y: float
    x1: float
    x2: float
    dots: tuple[Dot, ...]


@dataclass(frozen=True)
class ShiftChart:
    width: int
    height: int
    lines: tuple[ShiftLine, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, level name)
    plot_top: int
    plot_bottom: float


def _x_for_position(position: float) -> float:
    return LEFT + (position - 1) / 3 * (WIDTH - LEFT - RIGHT)


def shift_chart(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    round_labels: Sequence[str],
    level_names: Sequence[str],
) -> ShiftChart:
    """Lay out one line per row from its first to its last mean depth position (1 … 4).

    ``rows`` holds (row label, mean position per round, None where a round had no answers).
    """
    lines = []
    for i, (label, means) in enumerate(rows):
        y = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2
        dots = tuple(
            Dot(round(_x_for_position(m), 1), y, f"{round_labels[j]}: {m:.2f}", j)
            for j, m in enumerate(means)
            if m is not None
        )
        xs = [d.x for d in dots] or [LEFT]
        lines.append(ShiftLine(label, y, min(xs), max(xs), dots))
    bottom = TOP + len(rows) * ROW_HEIGHT
    ticks = tuple((round(_x_for_position(i + 1), 1), name) for i, name in enumerate(level_names))
    return ShiftChart(WIDTH, int(bottom + 24), tuple(lines), ticks, TOP, bottom)


@dataclass(frozen=True)
class LinePanel:
    name: str
    top: float
    bottom: float
    points: str  # the polyline's "x,y x,y" list
    dots: tuple[Dot, ...]
    low: str
    high: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    panels: tuple[LinePanel, ...]
    ticks: tuple[tuple[float, str, str], ...]  # (x, date label, text-anchor)


PANEL_HEIGHT = 120
PANEL_GAP = 36


def line_chart(
    series: Sequence[tuple[str, Sequence[tuple[dt.date, float]]]],
    ceilings: Mapping[str, float] | None = None,
) -> LineChart:
    """Lay out each series in its own panel over one shared time axis.

    Each panel has its own vertical scale, from zero (or its lowest value, if negative) to its
    highest value (or its ceiling in ``ceilings``, say 100 for a percentage), so that
    indicators of different sizes can be read against the engagement trend on the same dates.
    """
    left, right = 72, WIDTH - RIGHT
    dates = [d for _name, points in series for d, _v in points]
    first, last = (min(dates), max(dates)) if dates else (dt.date.today(), dt.date.today())
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        if first == last:
            return (left + right) / 2
        return round(left + (day - first).days / span * (right - left), 1)

    panels = []
    for i, (name, points) in enumerate(series):
        top = 16 + i * (PANEL_HEIGHT + PANEL_GAP) + 18
        bottom = top + PANEL_HEIGHT - 18
        values = [v for _d, v in points]
        low = min([0.0, *values])
        high = max([*values, low + 1, (ceilings or {}).get(name, 0)])
        scale = (bottom - top) / (high - low)
        dots = tuple(
            Dot(x_of(d), round(bottom - (v - low) * scale, 1), f"{d.isoformat()}: {v:g}", 0)
            for d, v in sorted(points)
        )
        panels.append(
            LinePanel(
                name=name,
                top=top,
                bottom=bottom,
                points=" ".join(f"{d.x},{d.y}" for d in dots),
                dots=dots,
                low=f"{low:g}",
                high=f"{high:g}",
            )
        )
    height = 16 + len(series) * (PANEL_HEIGHT + PANEL_GAP) + 8
    ticks: tuple[tuple[float, str, str], ...]
    if last != first:  # first and last dates, kept inside the chart at either end
        ticks = ((left, first.isoformat(), "start"), (right, last.isoformat(), "end"))
    else:
        ticks = ((x_of(first), first.isoformat(), "middle"),)
    return LineChart(WIDTH, height, left, right, tuple(panels), ticks)


@dataclass(frozen=True)
class GroupDot:
    label: str
    value_text: str
    x: float
    y: float


@dataclass(frozen=True)
class SupportChart:
    width: int
    height: int
    left: int
    right: int
    midpoint_x: float
    axis_y: float
    dots: tuple[GroupDot, ...]


def support_chart(groups: Sequence[tuple[str, float]], frame: Frame = PAGE) -> SupportChart:
    """Place one dot per (group label, share 0 … 1) on a shared 0-100% axis."""
    left, right = frame.label_width, frame.width - 24
    span = right - left
    dots = tuple(
        GroupDot(
            label,
            f"{round(value * 100)}%",
            round(left + span * value, 1),
            frame.top + 12 + i * frame.step,
        )
        for i, (label, value) in enumerate(groups)
    )
    axis_y = frame.top + 12 + len(groups) * frame.step
    return SupportChart(frame.width, int(axis_y + 28), left, right, left + span / 2, axis_y, dots)
