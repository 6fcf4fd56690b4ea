"""Use cases of the Web of Connections: load the web in a few queries, record relationships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.db.models import Case, F, IntegerField, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities import network_graph
from convener.activities.models import Attendance, Relationship
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Kind, Stakeholder

GroupBy = Literal["perspective", "organization"]
GROUP_BY: tuple[str, ...] = ("perspective", "organization")
ROLE_MAX = 120


class RelationshipError(ValueError):
    """A relationship that cannot be recorded; ``field`` names the side at fault."""

    def __init__(self, message: str, field: str = "__all__") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Side:
    """One end of a relationship: exactly one of a perspective, an organization or a role."""

    perspective: Perspective | None = None
    organization: Stakeholder | None = None
    role: str = ""

    @property
    def node_id(self) -> str:
        if self.perspective is not None:
            return f"p:{self.perspective.pk}"
        if self.organization is not None:
            return f"o:{self.organization.pk}"
        return network_graph.role_node_id(self.role)


def organization_label(org: Stakeholder) -> str:
    return org.name if not org.is_erased else _("Erased record %(id)s") % {"id": org.pk}


def resolve_side(
    *,
    initiative: Initiative,
    group: str = "",
    role: str = "",
    field: str = "from",
) -> Side:
    """Turn a group key ("p:<id>" or "o:<id>") or a typed role into a side of ``initiative``.

    Raise RelationshipError when both or neither are given or the group is not the
    initiative's.
    """
    role = " ".join(role.split())
    if bool(group) == bool(role):
        raise RelationshipError(
            _("Pick a perspective or an organization, or type a role (one of them)."), field
        )
    if role:
        if len(role) > ROLE_MAX:
            raise RelationshipError(_("Keep the role under %(n)d characters.") % {"n": ROLE_MAX})
        return Side(role=role)
    prefix, _sep, raw_id = group.partition(":")
    if not raw_id.isdigit():
        raise RelationshipError(_("Choose a group from the list."), field)
    if prefix == "p":
        perspective = Perspective.objects.filter(initiative=initiative, pk=int(raw_id)).first()
        if perspective is not None:
            return Side(perspective=perspective)
    elif prefix == "o":
        org = (
            Stakeholder.objects.filter(initiative=initiative, kind=Kind.ORGANIZATION)
            .filter(pk=int(raw_id))
            .first()
        )
        if org is not None:
            return Side(organization=org)
    raise RelationshipError(_("Choose a group from the list."), field)


def side_key(relationship: Relationship, end: Literal["from", "to"]) -> tuple[str, str]:
    """Return (group key, role) for one end of a saved relationship, as the form takes it."""
    perspective_id = getattr(relationship, f"{end}_perspective_id")
    organization_id = getattr(relationship, f"{end}_organization_id")
    if perspective_id:
        return f"p:{perspective_id}", ""
    if organization_id:
        return f"o:{organization_id}", ""
    return "", getattr(relationship, f"{end}_role")


def _apply(relationship: Relationship, from_side: Side, to_side: Side) -> None:
    if from_side.node_id == to_side.node_id:
        raise RelationshipError(_("A relationship joins two different groups or roles."), "to")
    relationship.from_perspective = from_side.perspective
    relationship.from_organization = from_side.organization
    relationship.from_role = from_side.role
    relationship.to_perspective = to_side.perspective
    relationship.to_organization = to_side.organization
    relationship.to_role = to_side.role


FIELDS = (
    "from_perspective",
    "from_organization",
    "from_role",
    "to_perspective",
    "to_organization",
    "to_role",
    "issue_view",
    "key_ideas",
)


@transaction.atomic
def record_relationship(
    *,
    initiative: Initiative,
    actor: User | None,
    from_side: Side,
    to_side: Side,
    issue_view: str = "",
    key_ideas: str = "",
) -> Relationship:
    """Record a directed relationship between two groups or roles of ``initiative``."""
    relationship = Relationship(
        initiative=initiative,
        issue_view=issue_view.strip(),
        key_ideas=key_ideas.strip(),
        created_by=actor,
    )
    _apply(relationship, from_side, to_side)
    relationship.save()
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type="relationship",
        target_id=relationship.pk,
        fields=FIELDS,
    )
    return relationship


@transaction.atomic
def update_relationship(
    *,
    relationship: Relationship,
    actor: User | None,
    from_side: Side,
    to_side: Side,
    issue_view: str = "",
    key_ideas: str = "",
) -> Relationship:
    """Change both ends and the notes of a recorded relationship."""
    _apply(relationship, from_side, to_side)
    relationship.issue_view = issue_view.strip()
    relationship.key_ideas = key_ideas.strip()
    relationship.save()
    record_audit(
        initiative=relationship.initiative,
        actor=actor,
        action="update",
        target_type="relationship",
        target_id=relationship.pk,
        fields=FIELDS,
    )
    return relationship


@transaction.atomic
def delete_relationship(*, relationship: Relationship, actor: User | None) -> None:
    initiative, pk = relationship.initiative, relationship.pk
    relationship.delete()
    record_audit(
        initiative=initiative,
        actor=actor,
        action="delete",
        target_type="relationship",
        target_id=pk,
    )


def relationships_for_queryset(initiative: Initiative) -> QuerySet[Relationship]:
    return Relationship.objects.filter(initiative=initiative).select_related(
        "from_perspective", "from_organization", "to_perspective", "to_organization"
    )


def relationships_for(initiative: Initiative) -> list[Relationship]:
    """Return the initiative's relationships with both ends loaded (one query)."""
    return list(relationships_for_queryset(initiative))


def end_label(relationship: Relationship, end: Literal["from", "to"]) -> str:
    """Return the name of one end: the perspective, the organization or the typed role."""
    return _end(relationship, end).label


def _end(relationship: Relationship, end: Literal["from", "to"]) -> network_graph.Node:
    perspective: Perspective | None = getattr(relationship, f"{end}_perspective")
    organization: Stakeholder | None = getattr(relationship, f"{end}_organization")
    if perspective is not None:
        return network_graph.Node(f"p:{perspective.pk}", perspective.label, "perspective")
    if organization is not None:
        return network_graph.Node(
            f"o:{organization.pk}", organization_label(organization), "organization"
        )
    role: str = getattr(relationship, f"{end}_role")
    return network_graph.Node(network_graph.role_node_id(role), role, "role")


@dataclass(frozen=True)
class NetworkData:
    nodes: list[network_graph.Node]
    recorded: list[network_graph.RecordedEdge]
    derived: list[network_graph.DerivedEdge]
    relationships: list[Relationship]


def co_attendance_pairs(initiative: Initiative, by: str = "perspective") -> list[tuple[int, str]]:
    """Return distinct (activity id, group node id) pairs from attendance, in one query.

    A person counts for their perspective (``by="perspective"``) or for their organization
    (``by="organization"``; an organization checked in counts for itself).
    """
    rows = Attendance.objects.filter(activity__initiative=initiative)
    group: Coalesce | F
    if by == "organization":
        group = Coalesce(
            "stakeholder__organization_id",
            Case(
                When(stakeholder__kind=Kind.ORGANIZATION, then=F("stakeholder_id")),
                output_field=IntegerField(),
            ),
        )
        prefix = "o"
    else:
        group = F("stakeholder__perspective_id")
        prefix = "p"
    pairs = (
        rows.annotate(group=group)
        .filter(group__isnull=False)
        .values_list("activity_id", "group")
        .distinct()
    )
    return [(activity_id, f"{prefix}:{group_id}") for activity_id, group_id in pairs]


def network_data(*, initiative: Initiative, by: str = "perspective") -> NetworkData:
    """Load every group, recorded relationship and co-attendance pair (three or four queries)."""
    nodes: dict[str, network_graph.Node] = {}
    if by == "organization":
        for org in Stakeholder.objects.filter(initiative=initiative, kind=Kind.ORGANIZATION):
            nodes[f"o:{org.pk}"] = network_graph.Node(
                f"o:{org.pk}", organization_label(org), "organization"
            )
    else:
        for p in Perspective.objects.filter(initiative=initiative):
            nodes[f"p:{p.pk}"] = network_graph.Node(f"p:{p.pk}", p.label, "perspective")
    relationships = relationships_for(initiative)
    recorded = []
    for r in relationships:
        source, target = _end(r, "from"), _end(r, "to")
        nodes.setdefault(source.id, source)
        nodes.setdefault(target.id, target)
        recorded.append(
            network_graph.RecordedEdge(
                id=r.pk,
                source=source.id,
                target=target.id,
                issue_view=r.issue_view,
                key_ideas=r.key_ideas,
            )
        )
    pairs = [(a, n) for a, n in co_attendance_pairs(initiative, by) if n in nodes]
    return NetworkData(
        nodes=list(nodes.values()),
        recorded=recorded,
        derived=network_graph.derive_edges(pairs),
        relationships=relationships,
    )


def network_report(
    *, initiative: Initiative, mode: str = "both", by: str = "perspective"
) -> tuple[network_graph.NetworkReport, NetworkData]:
    """Return the analysed web of ``initiative`` and the data it was built from."""
    data = network_data(initiative=initiative, by=by)
    return network_graph.analyse(data.nodes, data.recorded, data.derived, mode), data


def group_choices(initiative: Initiative) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return grouped choices for picking a side: perspectives, then organizations."""
    perspectives = [
        (f"p:{p.pk}", p.label) for p in Perspective.objects.filter(initiative=initiative)
    ]
    organizations = [
        (f"o:{o.pk}", o.name)
        for o in Stakeholder.objects.active().filter(initiative=initiative, kind=Kind.ORGANIZATION)
    ]
    return [(_("Perspectives"), perspectives), (_("Organizations"), organizations)]
