"""API endpoints for the participation area (api/__init__.py merges the areas)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.stakeholders.analytics import ParticipationReport
from convener.stakeholders.models import CIRCLE_ORDER, Circle
from convener.stakeholders.services import participation as service

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CircleCountOut(Schema):
    circle: str
    count: int = Field(description="People and groups in this circle.")
    groups: int = Field(description="How many of them are organizations or groups.")


class OrganizationDepthOut(Schema):
    organization_id: int
    name: str
    people: int = Field(description="People engaged from this organization (one or two).")


class CirclesOut(Schema):
    counts: list[CircleCountOut]
    unplaced: int
    beyond_second: int = Field(description="People and groups in circles 3 and 4.")
    nobody_beyond_second: bool
    shallow_organizations: list[OrganizationDepthOut]


class PerspectiveShareOut(Schema):
    key: str
    label: str
    is_family_youth: bool
    count: int
    share: float = Field(description="Share of the people with a perspective, 0 to 1.")
    target: float | None = Field(description="Target share set by the initiative, 0 to 1.")
    reference: float = Field(description="The share compared with: the target or an even share.")
    difference: float
    status: str = Field(description="missing, under, over or ok.")


class BalanceOut(Schema):
    perspectives: list[PerspectiveShareOut]
    people: int
    unassigned: int = Field(description="People without a perspective in the taxonomy.")
    evenness_index: str = Field(default="pielou_j", description="Pielou's J = H / ln k.")
    evenness: float | None = Field(description="0 to 1; null when fewer than two perspectives.")
    distance: float | None = Field(description="Total variation distance from the reference mix.")
    reference: str = Field(description="target or even.")
    targets_sum: int | None


class LandscapeRowOut(Schema):
    concern: str = Field(description="interest, affected or can_affect.")
    internal: int
    external: int
    unknown: int
    total: int
    family_youth: int


class RangeCheckOut(Schema):
    key: str = Field(description="critics, scale, power or affected_family_youth.")
    passed: bool
    missing: list[str]


class ParticipationFindingOut(Schema):
    code: str
    severity: str = Field(description="gap or ok.")
    message: str


class SubsetOut(Schema):
    circle: str
    tag: str


class ParticipationOut(Schema):
    subset: SubsetOut
    total: int
    people: int
    groups: int
    findings: list[ParticipationFindingOut]
    balance: BalanceOut
    landscape: list[LandscapeRowOut]
    range_checks: list[RangeCheckOut]
    circles: CirclesOut


class CircleMemberOut(Schema):
    id: int
    name: str
    kind: str
    perspective: str | None = Field(description="The perspective key.")
    organization_id: int | None
    what_they_might_do: str


class CircleOut(Schema):
    circle: str = Field(description='core, key, extended, dissemination, or "" (not placed).')
    label: str
    count: int
    members: list[CircleMemberOut]


def _participation_out(report: ParticipationReport, subset: service.Subset) -> ParticipationOut:
    mix, circles = report.balance, report.circles
    return ParticipationOut(
        subset=SubsetOut(circle=subset.circle, tag=subset.tag),
        total=report.total,
        people=report.people,
        groups=report.groups,
        findings=[
            ParticipationFindingOut(code=f.code, severity=f.severity, message=f.message)
            for f in report.findings
        ],
        balance=BalanceOut(
            perspectives=[
                PerspectiveShareOut(
                    key=p.key,
                    label=p.label,
                    is_family_youth=p.is_family_youth,
                    count=p.count,
                    share=p.share,
                    target=p.target,
                    reference=p.reference,
                    difference=p.difference,
                    status=p.status,
                )
                for p in mix.perspectives
            ],
            people=mix.people,
            unassigned=mix.unassigned,
            evenness=mix.evenness,
            distance=mix.distance,
            reference=mix.reference,
            targets_sum=mix.targets_sum,
        ),
        landscape=[
            LandscapeRowOut(
                concern=r.concern,
                internal=r.internal,
                external=r.external,
                unknown=r.unknown,
                total=r.total,
                family_youth=r.family_youth,
            )
            for r in report.landscape
        ],
        range_checks=[
            RangeCheckOut(key=c.key, passed=c.passed, missing=list(c.missing))
            for c in report.range_checks
        ],
        circles=CirclesOut(
            counts=[
                CircleCountOut(circle=c.circle, count=c.count, groups=c.groups)
                for c in circles.counts
            ],
            unplaced=circles.unplaced,
            beyond_second=circles.beyond_second,
            nobody_beyond_second=circles.nobody_beyond_second,
            shallow_organizations=[
                OrganizationDepthOut(
                    organization_id=o.organization_id, name=o.name, people=o.people
                )
                for o in circles.shallow_organizations
            ],
        ),
    )


@router.get("/initiatives/{slug}/participation", response={200: ParticipationOut, **ERRORS})
def participation(
    request: HttpRequest, slug: str, circle: str = "", tag: str = ""
) -> ParticipationOut:
    """Return the participation analytics, for everyone or one circle or tag."""
    access = get_initiative_for(request.user, slug)
    if circle and circle not in Circle.values:
        raise ApiError(
            422,
            "invalid",
            "The request has invalid fields.",
            {"circle": [f"Use one of: {', '.join(CIRCLE_ORDER)}."]},
        )
    subset = service.Subset(circle=circle, tag=tag.strip())
    report = service.participation_report(initiative=access.initiative, subset=subset)
    return _participation_out(report, subset)


@router.get("/initiatives/{slug}/circles", response={200: list[CircleOut], **ERRORS})
def circles(request: HttpRequest, slug: str) -> list[CircleOut]:
    """List the four circles, centre first, then those not placed, with their members."""
    access = get_initiative_for(request.user, slug)
    members = service.circle_members(access.initiative, limit=None)
    labels = dict(Circle.choices)
    return [
        CircleOut(
            circle=circle,
            label=str(labels.get(circle, "Not placed")),
            count=len(members[circle]),
            members=[
                CircleMemberOut(
                    id=s.pk,
                    name=s.name,
                    kind=s.kind,
                    perspective=s.perspective.key if s.perspective else None,
                    organization_id=s.organization_id,
                    what_they_might_do=s.what_they_might_do,
                )
                for s in members[circle]
            ],
        )
        for circle in (*CIRCLE_ORDER, "")
    ]


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives/{slug}/participation": "viewer",
    "GET /api/v1/initiatives/{slug}/circles": "viewer",
}
api_sample_bodies: dict[str, dict[str, object]] = {}
