"""Results of a proposal: distribution, participation by perspective, polarisation. No database.

Inputs are plain data: the process, and one (group key, option key) pair per position on the
revision being looked at. A *group* is a perspective (or "no perspective given").

Small-group suppression: a group with fewer positions than the threshold (never below
``MIN_THRESHOLD``) is shown as "fewer than N", with no figures at all; a group with none is
suppressed too, so that an empty group cannot be told apart from a small one. When exactly one
group is suppressed, the shown group with the fewest positions is suppressed with it
("complementary"), so that the hidden figures cannot be found by subtracting the shown groups
from the total.

Polarisation rule: take each shown group's mean support (options scaled 0 … 1, abstentions
left out). The proposal is *polarised* when, among shown groups with at least one supporting
or opposing position, the most supportive group's mean is above the midpoint (0.5), the least
supportive group's mean is below it, and the two are at least ``POLARISATION_GAP`` (0.4) apart.
For example, on the gradients of agreement, families placing themselves at "serious
reservations" (0.43) while agency staff endorse (0.86 to 1.0) is polarised; "agree with
reservations" (0.71) against "serious reservations" (0.43) is not. Suppressed groups never
take part in the comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from convener.consensus.processes import Process

MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5
MIDPOINT = 0.5
POLARISATION_GAP = 0.4
NO_GROUP = ""  # the group of positions given without a perspective


@dataclass(frozen=True)
class OptionCount:
    key: str
    count: int
    share: float  # of all positions, 0 … 1 (0 when there are none)
    needs_reason: bool


@dataclass(frozen=True)
class Distribution:
    total: int
    options: tuple[OptionCount, ...]
    mean_support: float | None  # 0 … 1, abstentions left out; None when nobody took a side
    reasons_needed: int  # positions on options that need a reason (blocks, objections, …)


def distribution(process: Process, option_keys: Iterable[str]) -> Distribution:
    """Count the positions per option, in the process's order; unknown keys are ignored."""
    counts = Counter(k for k in option_keys if process.has_option(k))
    total = sum(counts.values())
    options = tuple(
        OptionCount(o.key, counts[o.key], counts[o.key] / total if total else 0.0, o.needs_reason)
        for o in process.options
    )
    return Distribution(
        total=total,
        options=options,
        mean_support=mean_support(process, counts.elements()),
        reasons_needed=sum(c.count for c in options if c.needs_reason),
    )


def mean_support(process: Process, option_keys: Iterable[str]) -> float | None:
    """Return the mean support (0 … 1) of the positions that express one, or None."""
    ratios = [
        r for r in (process.support_ratio(k) for k in option_keys if process.has_option(k))
        if r is not None
    ]  # fmt: skip
    return sum(ratios) / len(ratios) if ratios else None


def clamp_threshold(threshold: int | None) -> int:
    """Return the threshold to use: the default when unset, never below the minimum."""
    if threshold is None:
        return DEFAULT_THRESHOLD
    return max(threshold, MIN_THRESHOLD)


@dataclass(frozen=True)
class GroupSpec:
    """A group to report on: its key, its label and how many people it invited (None: unknown)."""

    key: str
    label: str
    audience: int | None = None


@dataclass(frozen=True)
class GroupResult:
    key: str
    label: str
    audience: int | None
    suppressed: bool
    reason: str = ""  # "small" or "complementary" when suppressed
    count: int | None = None  # positions taken; None when suppressed
    option_counts: tuple[tuple[str, int], ...] = ()
    mean_support: float | None = None

    @property
    def participation(self) -> float | None:
        """Return the share of the group's audience that took a position, when both are known."""
        if self.count is None or not self.audience:
            return None
        return min(self.count / self.audience, 1.0)


def group_results(
    process: Process,
    positions: Sequence[tuple[str, str]],
    groups: Sequence[GroupSpec],
    threshold: int | None = DEFAULT_THRESHOLD,
) -> tuple[GroupResult, ...]:
    """Return one result per group in ``groups`` from (group key, option key) pairs.

    Groups are suppressed as the module docstring says. Positions whose group is not listed
    are ignored: callers list every group that can hold positions, including ``NO_GROUP``.
    """
    limit = clamp_threshold(threshold)
    by_group: dict[str, list[str]] = {g.key: [] for g in groups}
    for group, option in positions:
        if group in by_group and process.has_option(option):
            by_group[group].append(option)
    sizes = [len(by_group[g.key]) for g in groups]
    reasons = {i: "small" for i, n in enumerate(sizes) if n < limit}
    if len(reasons) == 1 and len(groups) > 1:
        partner = min((i for i in range(len(groups)) if i not in reasons), key=lambda i: sizes[i])
        reasons[partner] = "complementary"
    results = []
    for i, spec in enumerate(groups):
        if i in reasons:
            results.append(GroupResult(spec.key, spec.label, spec.audience, True, reasons[i]))
            continue
        counts = Counter(by_group[spec.key])
        results.append(
            GroupResult(
                key=spec.key,
                label=spec.label,
                audience=spec.audience,
                suppressed=False,
                count=sizes[i],
                option_counts=tuple((o.key, counts[o.key]) for o in process.options),
                mean_support=mean_support(process, by_group[spec.key]),
            )
        )
    return tuple(results)


@dataclass(frozen=True)
class Polarisation:
    polarised: bool
    compared: int  # shown groups with a mean support, the ones compared
    high: GroupResult | None = None  # the most supportive shown group
    low: GroupResult | None = None  # the least supportive shown group
    gap: float | None = None  # high.mean_support - low.mean_support


def polarisation(
    results: Iterable[GroupResult],
    *,
    midpoint: float = MIDPOINT,
    min_gap: float = POLARISATION_GAP,
) -> Polarisation:
    """Apply the polarisation rule (module docstring) to the shown groups of ``results``."""
    compared = [r for r in results if not r.suppressed and r.mean_support is not None]
    if len(compared) < 2:
        return Polarisation(False, len(compared))
    high = max(compared, key=lambda r: r.mean_support or 0.0)
    low = min(compared, key=lambda r: r.mean_support or 0.0)
    gap = (high.mean_support or 0.0) - (low.mean_support or 0.0)
    flag = (
        (high.mean_support or 0.0) > midpoint
        and (low.mean_support or 0.0) < midpoint
        and gap >= min_gap - 1e-9
    )
    return Polarisation(flag, len(compared), high, low, gap)


@dataclass(frozen=True)
class Results:
    distribution: Distribution
    groups: tuple[GroupResult, ...]
    polarisation: Polarisation
    threshold: int
    audience: int  # people invited (stakeholders in the audience, plus the team if included)


def summarise(
    process: Process,
    positions: Sequence[tuple[str, str]],
    groups: Sequence[GroupSpec],
    threshold: int | None = DEFAULT_THRESHOLD,
) -> Results:
    """Return the whole picture for one revision: distribution, groups and polarisation."""
    grouped = group_results(process, positions, groups, threshold)
    return Results(
        distribution=distribution(process, (option for _group, option in positions)),
        groups=grouped,
        polarisation=polarisation(grouped),
        threshold=clamp_threshold(threshold),
        audience=sum(g.audience or 0 for g in groups),
    )


def shown_counts(results: Iterable[GroupResult]) -> dict[str, int]:
    """Return label → positions for the shown groups only (suppressed ones are left out)."""
    return {r.label: r.count for r in results if not r.suppressed and r.count is not None}
