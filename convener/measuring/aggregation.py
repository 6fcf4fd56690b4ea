"""Rubric survey arithmetic: plain functions over plain counts, no database.

Inputs are counts keyed by ``(row_key, level)`` (or ``(group, row_key, level)`` for
subgroups), exactly what one ``GROUP BY`` returns. Levels are the content pack's depth keys in
depth order; ``NOT_SURE`` answers are counted apart and never enter the percentages.
Outputs are frozen dataclasses the views, exports and API all read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from convener.measuring.intervals import Change, share_change

NOT_SURE = "not_sure"
DEPTH_LEVELS: tuple[str, ...] = ("informing", "networking", "collaborating", "transforming")
MIN_THRESHOLD = 3  # never show a subgroup smaller than this, whatever a round says
DEFAULT_THRESHOLD = 5
SHADE_STEPS = 5  # shade classes 0 … 4 for the grid cells

Counts = Mapping[tuple[str, str], int]
GroupCounts = Mapping[tuple[str, str, str], int]


# --- Rounding -------------------------------------------------------------------------------


def largest_remainder(counts: Sequence[int], total: int = 100) -> tuple[int, ...]:
    """Return whole-number shares of ``total`` for ``counts`` that add up to exactly ``total``.

    Each share is the exact share rounded down; the points left over go to the largest
    remainders, ties going to the earlier position (the shallower depth). All zeros when the
    counts add up to nothing.
    """
    n = sum(counts)
    if n <= 0:
        return (0,) * len(counts)
    floors = [c * total // n for c in counts]
    remainders = [c * total % n for c in counts]
    left = total - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return tuple(floors)


def shade_step(percent: int) -> int:
    """Return the shade class (0 … 4) for a cell holding ``percent`` of a row's answers."""
    if percent <= 0:
        return 0
    return min(SHADE_STEPS - 1, 1 + percent // 20)


# --- One row ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    """A row's answers: counts, whole percentages summing to 100, and summaries.

    ``n`` counts valid answers (not-sure excluded). ``collaborating_or_deeper`` is the percent
    of valid answers at collaborating or a deeper level, to one decimal. ``mean_position`` is
    the mean depth position, 1 (informing) to 4 (transforming).
    """

    key: str
    n: int
    counts: dict[str, int]
    percent: dict[str, int]
    not_sure: int
    modal: str | None
    collaborating_or_deeper: float | None
    mean_position: float | None
    levels: tuple[str, ...] = DEPTH_LEVELS
    suppressed: bool = False  # fewer valid answers than the threshold: every figure is zero

    @property
    def cells(self) -> list[tuple[str, int, int, int]]:
        """Return (level, count, percent, shade step) in depth order, for templates."""
        return [
            (lv, self.counts[lv], self.percent[lv], shade_step(self.percent[lv]) if self.n else 0)
            for lv in self.levels
        ]


def row_result(
    key: str,
    level_counts: Mapping[str, int],
    levels: Sequence[str] = DEPTH_LEVELS,
) -> RowResult:
    """Summarise one row from its counts per level (unknown levels are ignored)."""
    levels = tuple(levels)
    counts = {lv: int(level_counts.get(lv, 0)) for lv in levels}
    n = sum(counts.values())
    percent = dict(zip(levels, largest_remainder([counts[lv] for lv in levels]), strict=True))
    modal: str | None = None
    if n:
        # Ties go to the shallower level, so a split row never overstates depth.
        modal = max(levels, key=lambda lv: (counts[lv], -levels.index(lv)))
    deep = levels[collaborating_index(levels) :]
    share = round(100 * sum(counts[lv] for lv in deep) / n, 1) if n else None
    mean = round(sum((i + 1) * counts[lv] for i, lv in enumerate(levels)) / n, 2) if n else None
    return RowResult(
        key=key,
        n=n,
        counts=counts,
        percent=percent,
        not_sure=int(level_counts.get(NOT_SURE, 0)),
        modal=modal,
        collaborating_or_deeper=share,
        mean_position=mean,
        levels=levels,
    )


def hidden_row(key: str, levels: Sequence[str] = DEPTH_LEVELS) -> RowResult:
    """Return a suppressed row: marked, with every count zero and every summary empty."""
    levels = tuple(levels)
    zero = dict.fromkeys(levels, 0)
    return RowResult(
        key=key,
        n=0,
        counts=dict(zero),
        percent=dict(zero),
        not_sure=0,
        modal=None,
        collaborating_or_deeper=None,
        mean_position=None,
        levels=levels,
        suppressed=True,
    )


def protect(result: RowResult, threshold: int | None) -> RowResult:
    """Return ``result``, or a suppressed row when it has fewer valid answers than the threshold.

    The threshold applies to the whole round's row as much as to a group's: a row answered by
    fewer people than the threshold is that handful of people, whoever they are.
    """
    limit, _clamped = clamp_threshold(threshold)
    return hidden_row(result.key, result.levels) if result.n < limit else result


def protect_rows(rows: Iterable[RowResult], threshold: int | None) -> tuple[RowResult, ...]:
    """Return ``rows`` with every row below the threshold suppressed."""
    return tuple(protect(r, threshold) for r in rows)


def deeper_count(result: RowResult) -> int:
    """Return the valid answers of a row at collaborating or deeper."""
    return sum(result.counts[lv] for lv in result.levels[collaborating_index(result.levels) :])


def collaborating_index(levels: Sequence[str]) -> int:
    """Return the index of "collaborating" (the third depth when a pack names it otherwise)."""
    return list(levels).index("collaborating") if "collaborating" in levels else 2


def row_results(
    counts: Counts, row_keys: Sequence[str], levels: Sequence[str] = DEPTH_LEVELS
) -> tuple[RowResult, ...]:
    """Return one result per row in ``row_keys`` order from counts keyed (row_key, level)."""
    by_row: dict[str, dict[str, int]] = {key: {} for key in row_keys}
    for (row_key, level), count in counts.items():
        if row_key in by_row:
            by_row[row_key][level] = by_row[row_key].get(level, 0) + count
    return tuple(row_result(key, by_row[key], levels) for key in row_keys)


# --- Rounds compared --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    """How a row moved between two rounds: points per cell and the shift in mean depth.

    ``deeper_change`` is the change in the share at collaborating or deeper and
    ``level_changes`` the change in each level's share, each with both sides' n and a 95 %
    interval. All are None when either side has no figures (no answers, or suppressed).
    """

    key: str
    before: RowResult
    after: RowResult
    points: dict[str, int] | None  # after - before, percentage points; None without answers
    shift: float | None  # change in mean depth position (+1 = one level deeper)
    deeper_points: float | None  # change in the share at collaborating or deeper
    deeper_change: Change | None = None
    level_changes: dict[str, Change] | None = None


def compare_rows(before: RowResult, after: RowResult) -> RowChange:
    """Return the change from ``before`` to ``after`` for the same row."""
    both = before.n > 0 and after.n > 0
    points = {lv: after.percent[lv] - before.percent[lv] for lv in after.levels} if both else None
    shift = deeper = deeper_change = None
    level_changes: dict[str, Change] | None = None
    if both:
        deeper_change = share_change(deeper_count(before), before.n, deeper_count(after), after.n)
        level_changes = {}
        for lv in after.levels:
            change = share_change(before.counts.get(lv, 0), before.n, after.counts[lv], after.n)
            assert change is not None
            level_changes[lv] = change
        assert before.mean_position is not None
        assert after.mean_position is not None
        assert before.collaborating_or_deeper is not None
        assert after.collaborating_or_deeper is not None
        shift = round(after.mean_position - before.mean_position, 2)
        deeper = round(after.collaborating_or_deeper - before.collaborating_or_deeper, 1)
    return RowChange(
        key=after.key,
        before=before,
        after=after,
        points=points,
        shift=shift,
        deeper_points=deeper,
        deeper_change=deeper_change,
        level_changes=level_changes,
    )


def compare_rounds(
    rounds: Sequence[Sequence[RowResult]],
) -> tuple[tuple[RowChange, ...], ...]:
    """Return, for each round after the first, the change of every shared row from the one before.

    Rows are matched by key; a row missing from either round is left out of that comparison.
    """
    changes = []
    for before, after in itertools.pairwise(rounds):
        earlier = {r.key: r for r in before}
        changes.append(tuple(compare_rows(earlier[r.key], r) for r in after if r.key in earlier))
    return tuple(changes)


# --- Subgroups and suppression ----------------------------------------------------------------


def clamp_threshold(threshold: int | None) -> tuple[int, bool]:
    """Return the threshold to use and whether it was raised to the minimum of 3."""
    if threshold is None:
        return DEFAULT_THRESHOLD, False
    if threshold < MIN_THRESHOLD:
        return MIN_THRESHOLD, True
    return threshold, False


@dataclass(frozen=True)
class Group:
    key: str
    label: str


@dataclass(frozen=True)
class GroupResult:
    """One subgroup on one row. A suppressed group carries no numbers at all."""

    key: str
    label: str
    suppressed: bool
    reason: str = ""  # "small" (below the threshold) or "complementary" (protects another)
    result: RowResult | None = None


@dataclass(frozen=True)
class SubgroupRow:
    key: str
    total: RowResult
    groups: tuple[GroupResult, ...]


@dataclass(frozen=True)
class SubgroupResults:
    threshold: int
    clamped: bool  # the requested threshold was below the minimum and was raised
    rows: tuple[SubgroupRow, ...] = field(default_factory=tuple)


def subgroup_results(
    counts: GroupCounts,
    row_keys: Sequence[str],
    groups: Sequence[Group],
    threshold: int | None = DEFAULT_THRESHOLD,
    levels: Sequence[str] = DEPTH_LEVELS,
) -> SubgroupResults:
    """Return each row's total and its subgroups, suppressing small groups.

    ``counts`` is keyed (group key, row key, level). Every group in ``groups`` is listed on
    every row. A group whose valid answers on a row number fewer than the threshold is
    suppressed (marked, never dropped; a group with no answers is suppressed too, so that an
    empty group cannot be told apart from a small one). When exactly one group of a row is
    suppressed, the shown group with the fewest answers is suppressed with it, so that the
    hidden figures cannot be found by subtracting the shown groups from the row total.
    Callers must list every group that can hold answers, including an "all other" group for
    answers without one, so that the groups add up to the total.
    """
    limit, clamped = clamp_threshold(threshold)
    per: dict[tuple[str, str], dict[str, int]] = {}
    totals: dict[str, dict[str, int]] = {key: {} for key in row_keys}
    for (group, row_key, level), count in counts.items():
        if row_key not in totals:
            continue
        cell = per.setdefault((group, row_key), {})
        cell[level] = cell.get(level, 0) + count
        totals[row_key][level] = totals[row_key].get(level, 0) + count
    rows = []
    for row_key in row_keys:
        results = [row_result(row_key, per.get((g.key, row_key), {}), levels) for g in groups]
        hidden = {i for i, r in enumerate(results) if r.n < limit}
        reasons = dict.fromkeys(hidden, "small")
        if len(hidden) == 1 and len(groups) > 1:
            partner = min(
                (i for i in range(len(groups)) if i not in hidden),
                key=lambda i: (results[i].n + results[i].not_sure, i),
            )
            reasons[partner] = "complementary"
        rows.append(
            SubgroupRow(
                key=row_key,
                total=protect(row_result(row_key, totals[row_key], levels), limit),
                groups=tuple(
                    GroupResult(g.key, g.label, True, reasons[i])
                    if i in reasons
                    else GroupResult(g.key, g.label, False, "", results[i])
                    for i, g in enumerate(groups)
                ),
            )
        )
    return SubgroupResults(threshold=limit, clamped=clamped, rows=tuple(rows))


@dataclass(frozen=True)
class GroupChange:
    """One group's change on one row between two rounds, only where both rounds show the group.

    ``before`` and ``after`` are the group as each round shows it (suppressed when below the
    round's threshold, hidden to protect another group, or absent). ``change`` is the change
    in the share at collaborating or deeper, with both n and its 95 % interval, or None when
    either side is suppressed.
    """

    group: Group
    row_key: str
    before: GroupResult
    after: GroupResult
    change: Change | None


def compare_groups(before: SubgroupResults, after: SubgroupResults) -> tuple[GroupChange, ...]:
    """Return each group's change on each row of ``after``, group by group.

    Groups come in ``before``'s order, then any only ``after`` has. A group or row missing
    from a round counts as suppressed there. Each (group, row) is a share of that group's
    answers on that one row, so the two sides are independent samples as ``share_change``
    needs; rows are never pooled (they share respondents).
    """

    def shown(results: SubgroupResults) -> dict[tuple[str, str], GroupResult]:
        return {(g.key, row.key): g for row in results.rows for g in row.groups}

    first, last = shown(before), shown(after)
    groups: dict[str, Group] = {}
    for results in (before, after):
        for row in results.rows:
            for g in row.groups:
                groups.setdefault(g.key, Group(g.key, g.label))
    out = []
    for group in groups.values():
        missing = GroupResult(group.key, group.label, True, "small")
        for row in after.rows:
            b = first.get((group.key, row.key), missing)
            a = last.get((group.key, row.key), missing)
            change = None
            if b.result is not None and a.result is not None and b.result.n and a.result.n:
                change = share_change(
                    deeper_count(b.result), b.result.n, deeper_count(a.result), a.result.n
                )
            out.append(GroupChange(group, row.key, b, a, change))
    return tuple(out)


# --- Perception gap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A perspective's view of a row against the team's self-assessment of it."""

    group: GroupResult
    mean_gap: float | None  # perspective's mean depth - team's (negative: they see it shallower)
    deeper_gap: float | None  # difference in the share at collaborating or deeper, in points


@dataclass(frozen=True)
class GapRow:
    key: str
    team: RowResult
    gaps: tuple[Gap, ...]


def perception_gaps(team: Sequence[RowResult], by_group: SubgroupResults) -> tuple[GapRow, ...]:
    """Compare each shown group with the team's self-assessment, row by row.

    Only rows present in both are compared; suppressed groups stay listed, without figures.
    """
    mine = {r.key: r for r in team}
    out = []
    for row in by_group.rows:
        own = mine.get(row.key)
        if own is None:
            continue
        gaps = []
        for g in row.groups:
            mean_gap = deeper_gap = None
            r = g.result
            if r is not None and r.n and own.n:
                assert r.mean_position is not None
                assert own.mean_position is not None
                assert r.collaborating_or_deeper is not None
                assert own.collaborating_or_deeper is not None
                mean_gap = round(r.mean_position - own.mean_position, 2)
                deeper_gap = round(r.collaborating_or_deeper - own.collaborating_or_deeper, 1)
            gaps.append(Gap(group=g, mean_gap=mean_gap, deeper_gap=deeper_gap))
        out.append(GapRow(key=row.key, team=own, gaps=tuple(gaps)))
    return tuple(out)


# --- Habit summary and trend ------------------------------------------------------------------


@dataclass(frozen=True)
class HabitSummary:
    habit: str
    rows: int
    n: int  # valid answers across the habit's rows
    mean_position: float | None
    collaborating_or_deeper: float | None


def habit_summary(
    rows: Iterable[RowResult], habit_of: Mapping[str, str]
) -> tuple[HabitSummary, ...]:
    """Pool each habit's rows: mean depth position and share at collaborating or deeper.

    Habits come out in the order their first row appears; rows without a habit are skipped.
    """
    pooled: dict[str, list[RowResult]] = {}
    for r in rows:
        habit = habit_of.get(r.key)
        if habit:
            pooled.setdefault(habit, []).append(r)
    out = []
    for habit, members in pooled.items():
        n = sum(r.n for r in members)
        weight = sum(r.n * (r.mean_position or 0) for r in members)
        deep = 0
        for r in members:
            deep += sum(r.counts[lv] for lv in r.levels[collaborating_index(r.levels) :])
        out.append(
            HabitSummary(
                habit=habit,
                rows=len(members),
                n=n,
                mean_position=round(weight / n, 2) if n else None,
                collaborating_or_deeper=round(100 * deep / n, 1) if n else None,
            )
        )
    return tuple(out)


def pooled_deeper_share(rows: Iterable[RowResult]) -> float | None:
    """Return the percent of all valid answers at collaborating or deeper, over all rows."""
    n = deep = 0
    for r in rows:
        n += r.n
        deep += sum(r.counts[lv] for lv in r.levels[collaborating_index(r.levels) :])
    return round(100 * deep / n, 1) if n else None
