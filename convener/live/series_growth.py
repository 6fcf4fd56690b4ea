"""Growth across a training series: the same self-rating statements (the learning targets, Poll 10)
answered by the same people in the first and the last session, shown only as aggregate shifts.

Pure functions over plain data. A person counts for a statement only when they rated it in both
sessions; a statement rated by fewer such people than the threshold is suppressed (every figure
withheld), so that no one's own change can be read from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from convener.measuring.aggregation import MIN_THRESHOLD

Ratings = Mapping[str, Mapping[str, int]]  # series identity → statement key → rating


@dataclass(frozen=True)
class Shift:
    """How one statement moved between the first and the last session, for the group."""

    key: str
    label: str
    people: int  # rated it in both sessions (0 when suppressed)
    suppressed: bool
    before: float | None = None  # mean rating in the first session
    after: float | None = None  # mean rating in the last session
    change: float | None = None  # mean of each person's own change
    rose: int = 0  # people whose rating went up
    same: int = 0
    fell: int = 0


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 1)


def shifts(
    statements: Sequence[tuple[str, str]],
    first: Ratings,
    last: Ratings,
    *,
    threshold: int = MIN_THRESHOLD,
) -> list[Shift]:
    """Return one ``Shift`` a statement (``(key, label)`` pairs, in order).

    ``threshold`` is raised to ``MIN_THRESHOLD`` whatever the caller asks.
    """
    limit = max(threshold, MIN_THRESHOLD)
    out = []
    for key, label in statements:
        pairs = [
            (first[person][key], last[person][key])
            for person in sorted(set(first) & set(last))
            if key in first[person] and key in last[person]
        ]
        if len(pairs) < limit:
            out.append(Shift(key=key, label=label, people=0, suppressed=True))
            continue
        before = [b for b, _a in pairs]
        after = [a for _b, a in pairs]
        out.append(
            Shift(
                key=key,
                label=label,
                people=len(pairs),
                suppressed=False,
                before=_mean(before),
                after=_mean(after),
                change=_mean([a - b for b, a in pairs]),
                rose=sum(1 for b, a in pairs if a > b),
                same=sum(1 for b, a in pairs if a == b),
                fell=sum(1 for b, a in pairs if a < b),
            )
        )
    return out


def own_growth(
    statements: Sequence[tuple[str, str]], first: Mapping[str, int], last: Mapping[str, int]
) -> list[dict[str, object]]:
    """Return one person's own before, after and change per statement (for their eyes only)."""
    return [
        {
            "key": key,
            "label": label,
            "before": first.get(key),
            "after": last.get(key),
            "change": last[key] - first[key] if key in first and key in last else None,
        }
        for key, label in statements
    ]
