"""Relevant-participation analytics: pure functions over plain data, no database.

Every function takes a list of ``StakeholderFacts`` (the whole registry, one circle, one tag,
later an activity's attendance) and the initiative's perspective taxonomy with its targets,
and returns small frozen dataclasses. ``analyse`` puts them all together, with plain-language
findings (``analytics_findings``); the dataclasses are in ``analytics_data``. See
docs/participation-analytics.md for the indices and the thresholds.

Counting rule: the circles count everyone (people and organizations or groups); balance,
landscape and range count people, because "who is at the table" is about people.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from convener.stakeholders.analytics_data import (
    CIRCLES,
    ORGANIZATION,
    PERSON,
    SCALES,
    Balance,
    CircleCount,
    CircleSummary,
    LandscapeRow,
    OrganizationDepth,
    ParticipationReport,
    PerspectiveShare,
    PerspectiveTarget,
    RangeCheck,
    StakeholderFacts,
)
from convener.stakeholders.analytics_findings import findings

# A perspective is flagged when its share is this far from its reference share: at least five
# percentage points, and at least a quarter of the reference (so a 4% target is not flagged
# for being at 2.5%, and a 40% target needs a 10-point gap).
FLAG_MIN_POINTS = 0.05
FLAG_MIN_RELATIVE = 0.25


def _people(facts: Iterable[StakeholderFacts]) -> list[StakeholderFacts]:
    return [f for f in facts if f.kind == PERSON]


def circle_summary(
    facts: Sequence[StakeholderFacts],
    organization_names: Mapping[int, str] | None = None,
    *,
    names_per_circle: int = 3,
) -> CircleSummary:
    """Count people and groups per circle and find organizations only one or two people deep."""
    counts = []
    for circle in CIRCLES:
        members = [f for f in facts if f.circle == circle]
        counts.append(
            CircleCount(
                circle=circle,
                count=len(members),
                groups=sum(1 for f in members if f.kind == ORGANIZATION),
                names=tuple(f.name for f in members if f.name)[:names_per_circle],
            )
        )
    names = dict(organization_names or {})
    names.update({f.id: f.name for f in facts if f.kind == ORGANIZATION and f.id})
    depth = Counter(f.organization_id for f in _people(facts) if f.organization_id is not None)
    shallow = tuple(
        OrganizationDepth(organization_id=org, name=names.get(org, ""), people=n)
        for org, n in sorted(depth.items(), key=lambda item: (names.get(item[0], ""), item[0]))
        if n <= 2
    )
    return CircleSummary(
        counts=tuple(counts),
        unplaced=sum(1 for f in facts if f.circle not in CIRCLES),
        beyond_second=sum(c.count for c in counts if c.circle in ("extended", "dissemination")),
        shallow_organizations=shallow,
    )


def shannon(counts: Iterable[int]) -> float:
    """Return the Shannon entropy H = -sum(p ln p) of a distribution given by counts."""
    values = [c for c in counts if c > 0]
    total = sum(values)
    return -sum((c / total) * math.log(c / total) for c in values) if total else 0.0


def pielou_evenness(counts: Sequence[int]) -> float | None:
    """Return Pielou's J = H / ln k over all k categories (empty ones count); None if undefined.

    k is the number of categories offered, not only the ones present, so a missing perspective
    lowers evenness. Undefined with fewer than two categories or nobody counted.
    """
    if len(counts) < 2 or sum(counts) == 0:
        return None
    return min(1.0, max(0.0, shannon(counts) / math.log(len(counts))))


def reference_shares(taxonomy: Sequence[PerspectiveTarget]) -> tuple[list[float], str]:
    """Return the share each perspective is compared with, and "target" or "even".

    With no targets set (or all of them 0), every perspective is compared with an even share.
    With some set, the targets are used and the perspectives without one share what is left
    evenly. Targets are scaled to add up to 100% when they add up to more, or when every
    perspective has one; the reference shares therefore always add up to 1.
    """
    k = len(taxonomy)
    set_targets = [t.target_percent for t in taxonomy if t.target_percent is not None]
    total = sum(set_targets)
    if k == 0:
        return [], "even"
    if total == 0 and (not set_targets or len(set_targets) == k):
        return [1 / k] * k, "even"
    unset = k - len(set_targets)
    left = max(0.0, 100 - total) if unset else 0.0
    scale = 100 / total if total > 100 or (not unset and total) else 1.0
    shares = [
        (t.target_percent * scale if t.target_percent is not None else left / unset) / 100
        for t in taxonomy
    ]
    return shares, "target"


def _status(count: int, share: float, reference: float) -> str:
    if count == 0:
        return "missing" if reference > 0 else "ok"
    gap = max(FLAG_MIN_POINTS, FLAG_MIN_RELATIVE * reference)
    if share <= reference - gap:
        return "under"
    if share >= reference + gap:
        return "over"
    return "ok"


def balance(facts: Sequence[StakeholderFacts], taxonomy: Sequence[PerspectiveTarget]) -> Balance:
    """Return the distribution of people by perspective against the reference mix."""
    people = _people(facts)
    keys = {t.key for t in taxonomy}
    counts = Counter(f.perspective_key for f in people if f.perspective_key in keys)
    counted = sum(counts.values())
    references, reference = reference_shares(taxonomy)
    rows = []
    for target, ref in zip(taxonomy, references, strict=True):
        n = counts.get(target.key, 0)
        share = n / counted if counted else 0.0
        rows.append(
            PerspectiveShare(
                key=target.key,
                label=target.label,
                is_family_youth=target.is_family_youth,
                count=n,
                share=share,
                target=target.target_percent / 100 if target.target_percent is not None else None,
                reference=ref,
                status=_status(n, share, ref),
            )
        )
    set_targets = [t.target_percent for t in taxonomy if t.target_percent is not None]
    distance = 0.5 * sum(abs(r.share - r.reference) for r in rows) if counted and taxonomy else None
    return Balance(
        perspectives=tuple(rows),
        people=counted,
        unassigned=len(people) - counted,
        evenness=pielou_evenness([r.count for r in rows]),
        distance=distance,
        reference=reference,
        targets_sum=sum(set_targets) if set_targets else None,
    )


def landscape(facts: Sequence[StakeholderFacts]) -> tuple[LandscapeRow, ...]:
    """Return the grid of levels of concern by internal/external (a person may be in several)."""
    people = _people(facts)
    rows = []
    for concern in ("interest", "affected", "can_affect"):
        in_row = [f for f in people if getattr(f, concern)]
        rows.append(
            LandscapeRow(
                concern=concern,
                internal=sum(1 for f in in_row if f.side == "internal"),
                external=sum(1 for f in in_row if f.side == "external"),
                unknown=sum(1 for f in in_row if f.side not in ("internal", "external")),
                family_youth=sum(1 for f in in_row if f.is_family_youth),
            )
        )
    return tuple(rows)


def range_checks(facts: Sequence[StakeholderFacts]) -> tuple[RangeCheck, ...]:
    """Check the range of the people at the table: stance, scale, power, affected families."""
    people = _people(facts)
    scales = {f.scale for f in people}
    missing_scales = tuple(s for s in SCALES if s not in scales)
    powers = {f.power for f in people}
    missing_power = tuple(
        kind for kind in ("authority", "influence") if not powers & {kind, "both"}
    )
    return (
        RangeCheck("critics", any(f.stance == "critic" for f in people)),
        RangeCheck("scale", not missing_scales, missing_scales),
        RangeCheck("power", not missing_power, missing_power),
        RangeCheck("affected_family_youth", any(f.affected and f.is_family_youth for f in people)),
    )


def analyse(
    facts: Sequence[StakeholderFacts],
    taxonomy: Sequence[PerspectiveTarget],
    organization_names: Mapping[int, str] | None = None,
    *,
    about_circles: bool = True,
    whom: str = "",
) -> ParticipationReport:
    """Return every participation figure for ``facts`` against ``taxonomy``, with findings.

    ``whom`` names who the facts are, for the findings' sentences (see ``findings``).
    """
    circles = circle_summary(facts, organization_names)
    mix = balance(facts, taxonomy)
    checks = range_checks(facts)
    people = len(_people(facts))
    return ParticipationReport(
        total=len(facts),
        people=people,
        groups=len(facts) - people,
        circles=circles,
        balance=mix,
        landscape=landscape(facts),
        range_checks=checks,
        findings=findings(
            circles=circles,
            mix=mix,
            checks=checks,
            people=people,
            about_circles=about_circles,
            whom=whom,
        ),
    )
