"""Geometry for the results charts, drawn as inline SVG by the templates. No database.

Each chart has role="img", a title, and a table alternative next to it in the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
LEFT = 310  # room for option or perspective labels
RIGHT = 56  # room for the figure after the bar
ROW_HEIGHT = 30
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float  # the bar's top
    text_y: float  # the baseline of the label and the figure
    width: float
    text_x: float
    needs_reason: bool = False


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bars: tuple[Bar, ...]


def bar_chart(rows: Sequence[tuple[str, int, bool]]) -> BarChart:
    """Lay out one horizontal bar per (label, count, needs a reason), scaled to the largest."""
    span = WIDTH - LEFT - RIGHT
    top = max((count for _label, count, _needs in rows), default=0) or 1
    bars = []
    for i, (label, count, needs) in enumerate(rows):
        width = span * count / top
        bars.append(
            Bar(
                label=label,
                value_text=str(count),
                y=TOP + i * ROW_HEIGHT + 4,
                text_y=TOP + i * ROW_HEIGHT + 20,
                width=round(width, 1),
                text_x=round(LEFT + width + 6, 1),
                needs_reason=needs,
            )
        )
    return BarChart(WIDTH, TOP * 2 + ROW_HEIGHT * len(rows), LEFT, tuple(bars))


@dataclass(frozen=True)
class Dot:
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
    dots: tuple[Dot, ...]


def support_chart(groups: Sequence[tuple[str, float]]) -> SupportChart:
    """Place one dot per (perspective label, mean support 0 … 1) on a shared support axis."""
    right = WIDTH - 24
    span = right - LEFT
    dots = tuple(
        Dot(
            label,
            f"{round(value * 100)}%",
            round(LEFT + span * value, 1),
            TOP + 12 + i * ROW_HEIGHT,
        )
        for i, (label, value) in enumerate(groups)
    )
    axis_y = TOP + 12 + len(groups) * ROW_HEIGHT
    return SupportChart(WIDTH, int(axis_y + 28), LEFT, right, LEFT + span / 2, axis_y, dots)
