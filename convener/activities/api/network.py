"""API endpoints for the Web of Connections (api/__init__.py merges the areas)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.activities.models import Relationship
from convener.activities.services import network as service
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.models import Initiative
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NodeOut(Schema):
    id: str = Field(description='"p:<id>" perspective, "o:<id>" organization, "r:<text>" role.')
    label: str
    kind: Literal["perspective", "organization", "role"]
    in_degree: int = Field(description="Recorded relationships pointing to this group.")
    out_degree: int = Field(description="Recorded relationships from this group.")
    derived_degree: int = Field(description="Groups met at shared activities.")
    degree: int = Field(description="Distinct groups linked either way.")
    betweenness: float
    community: int | None
    isolated: bool
    bridge: bool = Field(description="Removing this group would cut the web in two.")


class EdgeOut(Schema):
    source: str
    target: str
    kind: Literal["recorded", "derived"]
    weight: int = Field(description="1 for a recorded relationship; shared activities if derived.")
    bridge: bool
    relationship_id: int | None = None
    issue_view: str = ""
    key_ideas: str = ""


class FindingOut(Schema):
    code: str
    message: str
    nodes: list[str]


class FlagsOut(Schema):
    isolated: list[str]
    bridges: list[str]
    bridge_edges: list[list[str]]


class NetworkOut(Schema):
    edges_shown: str
    group_by: str
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    communities: list[list[str]]
    flags: FlagsOut
    findings: list[FindingOut]


class NetworkQuery(Schema):
    edges: Literal["both", "recorded", "derived"] = "both"
    by: Literal["perspective", "organization"] = "perspective"


class SideIn(Schema):
    group: str = Field(
        default="", description='"p:<id>" for a perspective or "o:<id>" for an organization.'
    )
    role: str = Field(default="", max_length=service.ROLE_MAX, description="A typed role.")


class RelationshipIn(Schema):
    from_side: SideIn = Field(alias="from")
    to_side: SideIn = Field(alias="to")
    issue_view: str = Field(default="", max_length=4000)
    key_ideas: str = Field(default="", max_length=4000)


class SideOut(Schema):
    group: str
    role: str
    label: str


class RelationshipOut(Schema):
    id: int
    from_side: SideOut = Field(serialization_alias="from")
    to_side: SideOut = Field(serialization_alias="to")
    issue_view: str
    key_ideas: str


def _relationship_out(r: Relationship) -> RelationshipOut:
    def side(end: Literal["from", "to"]) -> SideOut:
        group, role = service.side_key(r, end)
        return SideOut(group=group, role=role, label=service.end_label(r, end))

    return RelationshipOut(
        id=r.pk,
        from_side=side("from"),
        to_side=side("to"),
        issue_view=r.issue_view,
        key_ideas=r.key_ideas,
    )


def _sides(initiative: Initiative, payload: RelationshipIn) -> tuple[service.Side, service.Side]:
    try:
        from_side = service.resolve_side(
            initiative=initiative,
            group=payload.from_side.group,
            role=payload.from_side.role,
            field="from",
        )
        to_side = service.resolve_side(
            initiative=initiative,
            group=payload.to_side.group,
            role=payload.to_side.role,
            field="to",
        )
    except service.RelationshipError as error:
        raise ApiError(422, "invalid", str(error), {error.field: [str(error)]}) from None
    if from_side.node_id == to_side.node_id:
        message = "A relationship joins two different groups or roles."
        raise ApiError(422, "invalid", message, {"to": [message]})
    return from_side, to_side


@router.get("/initiatives/{slug}/network", response={200: NetworkOut, **ERRORS}, by_alias=True)
def get_network(request: HttpRequest, slug: str, query: Query[NetworkQuery]) -> NetworkOut:
    """Return the web of connections: nodes with metrics, edges, flags and findings."""
    access = get_initiative_for(request.user, slug)
    report, _data = service.network_report(
        initiative=access.initiative, mode=query.edges, by=query.by
    )
    return NetworkOut(
        edges_shown=report.mode,
        group_by=query.by,
        nodes=[
            NodeOut(
                id=n.id,
                label=n.label,
                kind=n.kind,
                in_degree=n.in_degree,
                out_degree=n.out_degree,
                derived_degree=n.derived_degree,
                degree=n.degree,
                betweenness=n.betweenness,
                community=n.community,
                isolated=n.isolated,
                bridge=n.bridge,
            )
            for n in report.nodes
        ],
        edges=[
            EdgeOut(
                source=e.source,
                target=e.target,
                kind=e.kind,
                weight=e.weight,
                bridge=e.bridge,
                relationship_id=e.relationship_id,
                issue_view=e.issue_view,
                key_ideas=e.key_ideas,
            )
            for e in report.edges
        ],
        communities=report.communities,
        flags=FlagsOut(
            isolated=[n.id for n in report.isolated],
            bridges=[n.id for n in report.bridges],
            bridge_edges=[list(e) for e in report.bridge_edges],
        ),
        findings=[
            FindingOut(code=f.code, message=f.message, nodes=list(f.nodes)) for f in report.findings
        ],
    )


@router.get(
    "/initiatives/{slug}/relationships",
    response={200: list[RelationshipOut], **ERRORS},
    by_alias=True,
)
def list_relationships(request: HttpRequest, slug: str) -> list[RelationshipOut]:
    """List the relationships the team recorded, oldest first."""
    access = get_initiative_for(request.user, slug)
    return [_relationship_out(r) for r in service.relationships_for(access.initiative)]


@router.post(
    "/initiatives/{slug}/relationships",
    response={201: RelationshipOut, **ERRORS},
    by_alias=True,
)
def create_relationship(
    request: HttpRequest, slug: str, payload: RelationshipIn
) -> Status[RelationshipOut]:
    """Record a directed relationship; each side is a group key or a typed role."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    from_side, to_side = _sides(access.initiative, payload)
    relationship = service.record_relationship(
        initiative=access.initiative,
        actor=signed_in_user(request),
        from_side=from_side,
        to_side=to_side,
        issue_view=payload.issue_view,
        key_ideas=payload.key_ideas,
    )
    relationship = service.relationships_for_queryset(access.initiative).get(pk=relationship.pk)
    return Status(201, _relationship_out(relationship))


@router.delete(
    "/initiatives/{slug}/relationships/{relationship_id}", response={204: None, **ERRORS}
)
def delete_relationship(request: HttpRequest, slug: str, relationship_id: int) -> Status[None]:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    relationship = get_object_or_404(
        Relationship.objects.filter(initiative=access.initiative), pk=relationship_id
    )
    service.delete_relationship(relationship=relationship, actor=signed_in_user(request))
    return Status(204, None)


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives/{slug}/network": "viewer",
    "GET /api/v1/initiatives/{slug}/relationships": "viewer",
    "POST /api/v1/initiatives/{slug}/relationships": "member",
    "DELETE /api/v1/initiatives/{slug}/relationships/{relationship_id}": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/initiatives/{slug}/relationships": {
        "from": {"role": "Parent partner"},
        "to": {"role": "Clinic front desk"},
        "issue_view": "Route check",
    },
}
