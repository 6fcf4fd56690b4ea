"""How sure a change between two rounds is: pure functions over counts, no database.

A rubric answer is one of four ordered depths, and a round may hold a dozen answers. The
figure a convener reads is a share ("42 % at collaborating or deeper"), so a change between
rounds is a difference of two proportions from two independent samples (different rounds,
mostly different people). For that, with small samples and shares near 0 or 100 %, the
Wilson score interval of each share combined by Newcombe's hybrid score method (Newcombe
1998, method 10) keeps close to its nominal 95 % coverage where the textbook "± 1.96 standard
errors" fails badly. It needs no random numbers, so the same answers always give the same
interval. ``docs/measuring.md`` works one example through by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the standard normal quantile leaving 2.5 % in each tail


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval (low, high) of the proportion ``x / n``.

    ``n`` must be positive and ``0 <= x <= n``. Both bounds lie in [0, 1].
    """
    if n <= 0 or not 0 <= x <= n:
        raise ValueError("need 0 <= x <= n and n > 0")
    p = x / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Change:
    """A change in a share between two rounds, in percentage points, with its 95 % interval.

    ``beyond_chance`` is true when the interval leaves out zero: a real change. Otherwise the
    change could be chance with this few answers.
    """

    before_n: int
    after_n: int
    points: float  # after - before, percentage points, one decimal
    low: float  # lower bound of the 95 % interval, points, one decimal
    high: float  # upper bound, points, one decimal

    @property
    def beyond_chance(self) -> bool:
        return self.low > 0 or self.high < 0


def newcombe(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """Return (difference, low, high) of ``x2/n2 - x1/n1`` as proportions (Newcombe's method 10).

    Both ``n`` must be positive. The interval always holds the difference and lies in [-1, 1].
    """
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return d, max(-1.0, low), min(1.0, high)


def share_change(x1: int, n1: int, x2: int, n2: int) -> Change | None:
    """Return the change from ``x1`` of ``n1`` to ``x2`` of ``n2``, or None when a side is empty.

    Figures are rounded to one decimal after the interval is worked out; the bounds are
    rounded outwards so that rounding never makes a change look surer than it is.
    """
    if n1 <= 0 or n2 <= 0:
        return None
    d, low, high = newcombe(x1, n1, x2, n2)
    return Change(
        before_n=n1,
        after_n=n2,
        points=round(100 * d, 1),
        low=math.floor(1000 * low) / 10,
        high=math.ceil(1000 * high) / 10,
    )
