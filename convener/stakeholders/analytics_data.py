"""The plain data of the participation analytics: what they read and what they return.

Frozen dataclasses and the vocabularies they use; no database, no logic beyond a few sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CIRCLES: tuple[str, ...] = ("core", "key", "extended", "dissemination")  # centre first
SCALES: tuple[str, ...] = ("state", "regional", "local", "practice")
PERSON, ORGANIZATION = "person", "organization"


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
