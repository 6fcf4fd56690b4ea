"""Horizontal bar charts: rows of (label, value, figure) in, placed bars out.

One layout for every bar chart in the product, drawn by ``includes/bar_chart.html``. A
``Frame`` holds the room a chart has (its width, the label column, the longest bar); the
apps choose the frame, the rows, their words and their meaning, never the geometry.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """The room one chart has, in viewBox units.

    ``label_width`` 0 puts each label above its bar (narrow screens, the projector); otherwise
    labels sit in a column of that width left of the bars. ``track`` draws the whole
    ``bar_room`` behind each bar (a share of 100%) and writes the figures after it.
    """

    width: int
    label_width: int
    bar_room: float
    bar_height: int = 20
    step: int = 28  # one row with a one-line label
    top: int = 8
    bar_offset: int = 0  # from the row's top to its bar (labels in a column only)
    label_chars: int = 30  # characters a label line holds
    line_height: int = 16
    track: bool = False


BAR_FILL = "#0b5d7a"  # dark enough against white (3:1); figures are written beside, not on it
GAP = 6  # between a bar (or mark, or track) and its figure

# The frames the product draws in. Figures and labels are 13 px text.
PRINT = Frame(width=640, label_width=210, bar_room=330)
"""The report (browser, paper and PDF): labels of up to 30 characters a line."""
PAGE = Frame(width=720, label_width=310, bar_room=354, bar_height=22, step=30, bar_offset=4,
             label_chars=44)  # fmt: skip
"""A results page with room for long option and perspective names."""
DASHBOARD = Frame(width=560, label_width=190, bar_room=300, bar_height=22, step=30, top=10,
               label_chars=26, track=True)  # fmt: skip
"""A dashboard: each bar on a grey track of the whole room, the figures in a column after it."""
NARROW = Frame(width=440, label_width=0, bar_room=300, bar_height=16, step=40, top=0,
               label_chars=58)  # fmt: skip
"""Labels above their bars: phones and the projector (live results)."""


@dataclass(frozen=True)
class BarRow:
    label: str
    value: float | None  # None: suppressed, only ``text`` is written
    text: str  # the figure written after the bar
    marker: float | None = None  # a reference (a target, an even share) marked across the bar
    flag: str = ""  # a class the app gives the bar for its meaning ("reason", "is-correct")
    fill: str = ""  # its colour where no stylesheet says otherwise (the PDF); BAR_FILL if empty


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    label: str
    lines: tuple[LabelLine, ...]
    y: float  # the bar's top
    height: int
    width: float
    text: str
    text_x: float
    text_y: float
    marker_x: float | None
    suppressed: bool
    flag: str
    fill: str

    @property
    def marker_top(self) -> float:
        return self.y - 3

    @property
    def marker_bottom(self) -> float:
        return self.y + self.height + 3


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int  # where the bars start
    label_x: int  # where labels are anchored (their end, or their start when above the bars)
    label_anchor: str  # "end" in a label column, "start" above the bars
    bar_height: int
    bar_room: float
    track: bool
    bars: tuple[Bar, ...]


def wrap_label(label: str, chars: int) -> tuple[str, ...]:
    """Return ``label`` broken into lines of at most ``chars`` characters, every word kept."""
    lines = textwrap.wrap(label, chars, break_long_words=True, break_on_hyphens=False)
    return tuple(lines) or ("",)


@dataclass(frozen=True)
class _Row:
    lines: tuple[LabelLine, ...]
    bar_y: float
    text_y: float


def _rows(labels: Sequence[str], frame: Frame) -> tuple[list[_Row], int]:
    """Place each row's label lines and bar; return the rows and the chart's height.

    A long label wraps onto more lines and its row grows to hold them: a label is never cut.
    """
    above = frame.label_width == 0
    rows = []
    y = float(frame.top)
    for label in labels:
        lines = wrap_label(label, frame.label_chars)
        extra = frame.line_height * (len(lines) - 1)
        if above:  # the label's lines, then the bar under the last one
            bar_y = y + frame.line_height * len(lines) + 2
            first = y + frame.line_height - 3
        else:  # the bar in the middle of the label's lines
            bar_y = y + frame.bar_offset + extra / 2
        text_y = round(bar_y + frame.bar_height / 2 + 4.5, 1)  # figures centred on the bar
        if not above:
            first = text_y - extra / 2
        rows.append(
            _Row(
                tuple(
                    LabelLine(text, round(first + n * frame.line_height, 1))
                    for n, text in enumerate(lines)
                ),
                round(bar_y, 1),
                text_y,
            )
        )
        y += frame.step + extra
    return rows, int(max(y + frame.top, frame.step))


def bar_chart(rows: Sequence[BarRow], frame: Frame, *, top: float | None = None) -> BarChart:
    """Place one horizontal bar per row; ``top`` (the largest value or mark) fills the room."""
    top = (
        top or max([0.0, *(r.value or 0.0 for r in rows), *(r.marker or 0.0 for r in rows)]) or 1.0
    )
    left = _left(frame)
    placed, height = _rows([r.label for r in rows], frame)
    bars = []
    for row, place in zip(rows, placed, strict=True):
        width = 0.0 if row.value is None else round(max(0.0, row.value) / top * frame.bar_room, 1)
        marker_x = (
            None if row.marker is None else round(left + row.marker / top * frame.bar_room, 1)
        )
        end = frame.bar_room if frame.track else width
        if marker_x is not None:
            end = max(end, marker_x - left + 2)
        bars.append(
            Bar(
                label=row.label,
                lines=place.lines,
                y=place.bar_y,
                height=frame.bar_height,
                width=width,
                text=row.text,
                text_x=round(left + end + GAP, 1),
                text_y=place.text_y,
                marker_x=marker_x,
                suppressed=row.value is None,
                flag=row.flag,
                fill=row.fill or BAR_FILL,
            )
        )
    return BarChart(
        width=frame.width,
        height=height,
        left=left,
        label_x=_label_x(frame),
        label_anchor="start" if frame.label_width == 0 else "end",
        bar_height=frame.bar_height,
        bar_room=frame.bar_room,
        track=frame.track,
        bars=tuple(bars),
    )


def _left(frame: Frame) -> int:
    return frame.label_width


def _label_x(frame: Frame) -> int:
    return 0 if frame.label_width == 0 else frame.label_width - 8


def count_rows(rows: Sequence[tuple[str, int]]) -> list[BarRow]:
    """Return a bar row per (label, count), the count written after its bar."""
    return [BarRow(label, n, str(n)) for label, n in rows]


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    lines: tuple[LabelLine, ...]
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
    label_x: int
    bar_height: int
    bars: tuple[StackedBar, ...]
    legend: tuple[tuple[str, str, float], ...]  # (name, fill, x) under the bars
    legend_y: float


def stacked_chart(
    rows: Sequence[tuple[str, Sequence[int] | None, str]],
    levels: Sequence[tuple[str, str]],
    frame: Frame,
) -> StackedChart:
    """Place one 100% stacked bar per (label, counts per level, text); None counts: suppressed.

    ``levels`` holds each level's (name, fill), in the order of the counts; the legend
    spreads them under the bars. A suppressed row shows only its text.
    """
    left = _left(frame)
    placed, height = _rows([label for label, _counts, _text in rows], frame)
    bars = []
    for (label, counts, text), place in zip(rows, placed, strict=True):
        segments: list[Segment] = []
        total = sum(counts) if counts else 0
        x = float(left)
        for level, n in enumerate(counts or ()):
            width = round(n / total * frame.bar_room, 2) if total else 0.0
            if width:
                segments.append(Segment(round(x, 2), width, levels[level % len(levels)][1]))
            x += width
        bars.append(
            StackedBar(
                label=label,
                lines=place.lines,
                y=place.bar_y,
                text_y=place.text_y,
                segments=tuple(segments),
                suppressed=counts is None,
                text=text,
            )
        )
    legend_y = height - frame.top + 14
    step = (frame.width - 20) / max(1, len(levels))
    legend = tuple((name, fill, round(10 + i * step, 1)) for i, (name, fill) in enumerate(levels))
    return StackedChart(
        width=frame.width,
        height=int(legend_y + 16),
        left=left,
        label_x=_label_x(frame),
        bar_height=frame.bar_height,
        bars=tuple(bars),
        legend=legend,
        legend_y=legend_y,
    )
