"""Geometry and labels for the participation pages' inline SVG charts: plain data in and out.

Templates draw the shapes; these functions only place them, so they are easy to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from convener.stakeholders.analytics import CircleCount, PerspectiveShare

CIRCLE_SHORT: dict[str, str | Promise] = {
    "core": _("Core Team"),
    "key": _("Key Participants / Key Advisors"),
    "extended": _("Extended Participants / Feedback Networks"),
    "dissemination": _("Dissemination / Communication Networks"),
    "": _("Not placed"),
}
CIRCLE_ROLE: dict[str, str | Promise] = {
    "core": _("the Doers: organize people and activity"),
    "key": _("the Champions: say why the issue matters and invite others in"),
    "extended": _(
        "the Intended Audiences: keep the talk on everyday practice and services, and spread "
        "understanding among friends and colleagues"
    ),
    "dissemination": _("the Promoters: spread the word through their own networks"),
    "": _("not yet in any circle"),
}
# Light fills, darkest at the centre, so that dark text reads on every ring (contrast ≥ 4.5).
RING_FILLS = ("#bfd9e6", "#d3e6ef", "#e3eff5", "#f3f8fa")
SIZE = 480
CENTRE = SIZE / 2
RADII = (80, 130, 180, 230)


@dataclass(frozen=True)
class Ring:
    circle: str
    label: str
    count: int
    names: str
    radius: float
    fill: str
    label_y: float
    names_y: float


def rings(counts: Sequence[CircleCount]) -> list[Ring]:
    """Place the four circles' labels and a few names; outermost first, for drawing order."""
    out = []
    for index, count in enumerate(counts):
        radius = RADII[index]
        if index == 0:
            label_y, names_y = CENTRE - 6, CENTRE + 14
        else:
            label_y, names_y = CENTRE - radius + 28, CENTRE - radius + 44
        names = ", ".join(count.names)
        # The core is a disc, narrower than the bands around it.
        room = 22 if index == 0 else 34
        if len(names) > room:
            names = names[: room - 1].rstrip(", ") + "…"
        elif count.count > len(count.names) and names:
            names += " …"
        out.append(
            Ring(
                circle=count.circle,
                label=f"{CIRCLE_SHORT[count.circle]} ({count.count})",
                count=count.count,
                names=names,
                radius=radius,
                fill=RING_FILLS[index],
                label_y=label_y,
                names_y=names_y,
            )
        )
    return list(reversed(out))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..1
    width: float
    y: float
    text: str
    marker_x: float | None  # where the reference (target or even share) falls


BAR_LEFT = 190
BAR_WIDTH = 300
BAR_HEIGHT = 22
BAR_STEP = 30


def share_bars(rows: Sequence[PerspectiveShare]) -> list[Bar]:
    """Place one horizontal bar per perspective, its share, and a mark at its reference."""
    return [
        Bar(
            label=row.label,
            value=row.share,
            width=round(row.share * BAR_WIDTH, 1),
            y=index * BAR_STEP + 10,
            text=f"{round(row.share * 100)}%",
            marker_x=round(BAR_LEFT + row.reference * BAR_WIDTH, 1),
        )
        for index, row in enumerate(rows)
    ]


def count_bars(counts: Sequence[tuple[str, int]]) -> list[Bar]:
    """Place one horizontal bar per (label, count), scaled to the largest count."""
    top = max((n for _label, n in counts), default=0) or 1
    return [
        Bar(
            label=label,
            value=n / top,
            width=round(n / top * BAR_WIDTH, 1),
            y=index * BAR_STEP + 10,
            text=str(n),
            marker_x=None,
        )
        for index, (label, n) in enumerate(counts)
    ]


def chart_height(bars: Sequence[Bar]) -> int:
    return len(bars) * BAR_STEP + 20
