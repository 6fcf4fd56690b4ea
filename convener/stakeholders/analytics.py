"""Relevant-participation analytics: pure functions over plain data, no database.

Every function takes a list of ``StakeholderFacts`` (the whole registry, one circle, one tag,
later an activity's attendance) and the initiative's perspective taxonomy with its targets,
and returns small frozen dataclasses. ``analyse`` puts them all together, with plain-language
findings. See docs/participation-analytics.md for the indices and the thresholds.

Counting rule: the circles count everyone (people and organizations or groups); balance,
landscape and range count people, because "who is at the table" is about people.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CIRCLES: tuple[str, ...] = ("core", "key", "extended", "dissemination")  # centre first
SCALES: tuple[str, ...] = ("state", "regional", "local", "practice")
PERSON, ORGANIZATION = "person", "organization"

# A perspective is flagged when its share is this far from its reference share: at least five
# percentage points, and at least a quarter of the reference (so a 4% target is not flagged
# for being at 2.5%, and a 40% target needs a 10-point gap).
FLAG_MIN_POINTS = 0.05
FLAG_MIN_RELATIVE = 0.25
# One perspective holding more than this share of the people is called out as dominant.
DOMINANT_SHARE = 0.4
# Fewer than this share of the placed people in circles 3 and 4: engagement stops at the leaders.
FEW_BEYOND_SECOND = 0.1


@dataclass(frozen=True)
class StakeholderFacts:
    """What the analytics need to know about one stakeholder; '' means not recorded."""

    perspective_key: str
    perspective_label: str
    is_family_youth: bool
    circle: str
    side: str
    power: str
    stance: str
    scale: str
    interest: bool
    affected: bool
    can_affect: bool
    organization_id: int | None
    kind: str = PERSON
    id: int = 0
    name: str = ""


@dataclass(frozen=True)
class PerspectiveTarget:
    """One perspective of the taxonomy, in display order, with its target share in percent."""

    key: str
    label: str
    is_family_youth: bool = False
    target_percent: int | None = None


@dataclass(frozen=True)
class CircleCount:
    circle: str
    count: int
    groups: int  # how many of ``count`` are organizations or groups
    names: tuple[str, ...]  # a few names, for the diagram


@dataclass(frozen=True)
class OrganizationDepth:
    organization_id: int
    name: str
    people: int


@dataclass(frozen=True)
class CircleSummary:
    counts: tuple[CircleCount, ...]
    unplaced: int
    beyond_second: int  # people and groups in the extended and dissemination circles
    shallow_organizations: tuple[OrganizationDepth, ...]  # engaged through one or two people

    @property
    def placed(self) -> int:
        return sum(c.count for c in self.counts)

    @property
    def nobody_beyond_second(self) -> bool:
        return self.placed > 0 and self.beyond_second == 0


@dataclass(frozen=True)
class PerspectiveShare:
    key: str
    label: str
    is_family_youth: bool
    count: int
    share: float  # of the people with a perspective, 0..1
    target: float | None  # the target share set by the initiative, 0..1
    reference: float  # what the share is compared with: the (completed) target or an even share
    status: str  # "missing", "under", "over" or "ok"

    @property
    def difference(self) -> float:
        return self.share - self.reference


@dataclass(frozen=True)
class Balance:
    perspectives: tuple[PerspectiveShare, ...]
    people: int  # people with a perspective in the taxonomy
    unassigned: int  # people without one
    evenness: float | None  # Pielou's J over the taxonomy; None when undefined
    distance: float | None  # total variation distance from the reference mix, 0..1
    reference: str  # "target" or "even"
    targets_sum: int | None  # the sum of the targets set, in percent

    def with_status(self, status: str) -> list[PerspectiveShare]:
        return [p for p in self.perspectives if p.status == status]


@dataclass(frozen=True)
class LandscapeRow:
    concern: str  # "interest", "affected" or "can_affect"
    internal: int
    external: int
    unknown: int
    family_youth: int

    @property
    def total(self) -> int:
        return self.internal + self.external + self.unknown


@dataclass(frozen=True)
class RangeCheck:
    key: str  # "critics", "scale", "power", "affected_family_youth"
    passed: bool
    missing: tuple[str, ...] = ()  # e.g. the missing scale levels or kinds of power


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "gap" (something to act on) or "ok"
    message: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ParticipationReport:
    total: int
    people: int
    groups: int
    circles: CircleSummary
    balance: Balance
    landscape: tuple[LandscapeRow, ...]
    range_checks: tuple[RangeCheck, ...]
    findings: tuple[Finding, ...]


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


def _percent(share: float) -> int:
    return round(share * 100)


def _scale_label(scale: str) -> str:
    return {
        "state": _("state"),
        "regional": _("regional"),
        "local": _("local"),
        "practice": _("practice"),
    }[scale]


def _imbalance_message(p: PerspectiveShare, status: str, reference: str, whom: str) -> str:
    values = {"label": p.label, "share": _percent(p.share), "ref": _percent(p.reference)}
    values["whom"] = whom
    if status == "under" and reference == "target":
        text = _("%(label)s: %(share)s%% of %(whom)s, well below the target of %(ref)s%%.")
    elif status == "under":
        text = _("%(label)s: %(share)s%% of %(whom)s, well below an even share of %(ref)s%%.")
    elif reference == "target":
        text = _("%(label)s: %(share)s%% of %(whom)s, well above the target of %(ref)s%%.")
    else:
        text = _("%(label)s: %(share)s%% of %(whom)s, well above an even share of %(ref)s%%.")
    return text % values


def findings(
    *,
    circles: CircleSummary,
    mix: Balance,
    checks: Sequence[RangeCheck],
    people: int,
    about_circles: bool = True,
    whom: str = "",
) -> tuple[Finding, ...]:
    """Return what the numbers say, in plain, kind sentences, most important first.

    ``about_circles`` is False when the facts are one circle, where "nobody beyond the second
    circle" and "organization engaged through one person" would say nothing. ``whom`` names
    what the shares count ("people who took part"); the registry's people by default.
    """
    out: list[Finding] = []
    whom = whom or _("people in the registry")

    def gap(code: str, message: str, **params: object) -> None:
        out.append(Finding(code=code, severity="gap", message=message, params=params))

    if people == 0:
        gap("nobody", _("No one is listed here yet, so there is nothing to balance."))
        return tuple(out)
    for p in mix.with_status("missing"):
        if p.is_family_youth:
            gap(
                "missing_family_youth",
                _("%(label)s are missing: no one from this perspective is at the table yet.")
                % {"label": p.label},
                perspective=p.key,
            )
    for p in mix.with_status("under"):
        if p.is_family_youth:
            gap("under", _imbalance_message(p, "under", mix.reference, whom), perspective=p.key)
    called_out = ""
    agencies = [p for p in mix.perspectives if p.key.endswith("_agency")]
    agency_share = sum(p.share for p in agencies)
    dominant = max(mix.perspectives, key=lambda p: p.share, default=None)
    if len(agencies) > 1 and agency_share > 0.5:
        gap(
            "agency_dominant",
            _("%(percent)s%% of %(whom)s are agency staff.")
            % {"percent": _percent(agency_share), "whom": whom},
            percent=_percent(agency_share),
        )
    elif dominant is not None and dominant.share > DOMINANT_SHARE and len(mix.perspectives) > 2:
        called_out = dominant.key
        gap(
            "dominant",
            _("%(percent)s%% of %(whom)s come from one perspective: %(label)s.")
            % {"percent": _percent(dominant.share), "label": dominant.label, "whom": whom},
            percent=_percent(dominant.share),
            perspective=dominant.key,
        )
    if about_circles and circles.nobody_beyond_second:
        gap(
            "nobody_beyond_second_circle",
            _("No one is engaged beyond the second circle yet: the outer circles are empty."),
        )
    elif about_circles and 0 < circles.beyond_second < FEW_BEYOND_SECOND * circles.placed:
        gap(
            "few_beyond_second_circle",
            ngettext(
                "Only %(count)s person or group is engaged beyond the second circle.",
                "Only %(count)s people or groups are engaged beyond the second circle.",
                circles.beyond_second,
            )
            % {"count": circles.beyond_second},
            count=circles.beyond_second,
        )
    by_key = {c.key: c for c in checks}
    if not by_key["critics"].passed:
        gap("no_critics", _("No critics at the table: everyone listed supports or is neutral."))
    if not by_key["affected_family_youth"].passed and any(
        p.is_family_youth for p in mix.perspectives
    ):
        gap(
            "affected_without_family_youth",
            _("Families and youth are not yet among the people affected by the issue."),
        )
    if not by_key["scale"].passed:
        levels = ", ".join(_scale_label(s) for s in by_key["scale"].missing)
        gap(
            "missing_scale",
            _("No one works at the %(levels)s level.") % {"levels": levels},
            levels=list(by_key["scale"].missing),
        )
    for kind in by_key["power"].missing:
        message = (
            _("No one with formal authority over the issue is at the table.")
            if kind == "authority"
            else _("No one with informal influence on the issue is at the table.")
        )
        gap(f"no_{kind}", message)
    for p in mix.with_status("missing"):
        if not p.is_family_youth:
            gap(
                "missing",
                _("No one from the %(label)s perspective is at the table yet.")
                % {"label": p.label},
                perspective=p.key,
            )
    for status in ("under", "over"):
        for p in mix.with_status(status):
            if p.key != called_out and not (status == "under" and p.is_family_youth):
                gap(status, _imbalance_message(p, status, mix.reference, whom), perspective=p.key)
    for org in circles.shallow_organizations if about_circles else ():
        gap(
            "shallow_organization",
            ngettext(
                "%(name)s is engaged through only one person.",
                "%(name)s is engaged through only %(count)s people.",
                org.people,
            )
            % {"name": org.name or _("An organization"), "count": org.people},
            organization_id=org.organization_id,
            people=org.people,
        )
    if mix.unassigned:
        gap(
            "unassigned",
            ngettext(
                "%(count)s person has no perspective recorded.",
                "%(count)s people have no perspective recorded.",
                mix.unassigned,
            )
            % {"count": mix.unassigned},
            count=mix.unassigned,
        )
    if not out:
        out.append(
            Finding(
                code="balanced",
                severity="ok",
                message=_("Every perspective is at the table and the mix is close to the aim."),
            )
        )
    return tuple(out)


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
