"""The circles' labels and the rings drawn on the participation pages and in the report.

Bar charts are placed by ``convener.core.charts``; templates draw the shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from convener.stakeholders.analytics import CircleCount

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
