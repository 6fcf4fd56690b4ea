"""The Web of Connections pages: the graph with its table, and recording relationships."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convener.accounts.auth import signed_in_user
from convener.activities import network_graph
from convener.activities.models import Relationship
from convener.activities.services import network as service
from convener.initiatives.models import Initiative
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

LABEL_CHARS = 24


class RelationshipForm(forms.Form):
    """Two sides (a group picked from the lists, or a typed role) and what the team learned."""

    from_group = forms.ChoiceField(
        label=gettext_lazy("From: a perspective or organization"), required=False
    )
    from_role = forms.CharField(
        label=gettext_lazy("…or type a role"),
        required=False,
        max_length=service.ROLE_MAX,
        help_text=gettext_lazy("For example “Parent partner” or “Clinic front desk”."),
    )
    to_group = forms.ChoiceField(
        label=gettext_lazy("To: a perspective or organization"), required=False
    )
    to_role = forms.CharField(
        label=gettext_lazy("…or type a role"), required=False, max_length=service.ROLE_MAX
    )
    issue_view = forms.CharField(
        label=gettext_lazy("How the issue looks from there"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    key_ideas = forms.CharField(
        label=gettext_lazy("Key ideas"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        choices = [("", _("— none: I typed a role —")), *service.group_choices(initiative)]
        for name in ("from_group", "to_group"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        self.sides: tuple[service.Side, service.Side] | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            from_side = service.resolve_side(
                initiative=self.initiative,
                group=data.get("from_group", ""),
                role=data.get("from_role", ""),
                field="from_group",
            )
            to_side = service.resolve_side(
                initiative=self.initiative,
                group=data.get("to_group", ""),
                role=data.get("to_role", ""),
                field="to_group",
            )
            if from_side.node_id == to_side.node_id:
                raise service.RelationshipError(
                    _("A relationship joins two different groups or roles."), "to_group"
                )
        except service.RelationshipError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
            return data
        self.sides = (from_side, to_side)
        return data


def _stroke(weight: int, heaviest: int) -> float:
    """Return a line width from 1 to 6: thicker for more shared activities."""
    return round(1 + 5 * weight / max(heaviest, 1), 1)


def _graph_context(report: network_graph.NetworkReport) -> dict[str, Any]:
    position = {n.id: n for n in report.nodes}
    max_degree = max((n.degree for n in report.nodes), default=0) or 1
    nodes: list[dict[str, Any]] = [
        {
            "node": n,
            "radius": round(8 + 10 * n.degree / max_degree, 1),
            "short": n.label if len(n.label) <= LABEL_CHARS else n.label[: LABEL_CHARS - 1] + "…",
        }
        for n in report.nodes
    ]
    radius = {item["node"].id: item["radius"] for item in nodes}
    heaviest = max((e.weight for e in report.edges if e.kind == "derived"), default=1)
    edges = []
    for e in report.edges:
        a, b = position[e.source], position[e.target]
        stroke = _stroke(e.weight, heaviest) if e.kind == "derived" else 2.5
        item: dict[str, Any] = {"edge": e, "stroke": stroke}
        if e.kind == "derived":
            item["path"] = f"M {a.x} {a.y} L {b.x} {b.y}"
        else:
            # Recorded relationships bend to one side, so they stay visible beside a derived
            # link between the same groups, and stop short of the target for the arrowhead.
            dx, dy = b.x - a.x, b.y - a.y
            length = math.hypot(dx, dy) or 1.0
            cx = (a.x + b.x) / 2 - dy / length * 40
            cy = (a.y + b.y) / 2 + dx / length * 40
            tx, ty = b.x - cx, b.y - cy
            tail = math.hypot(tx, ty) or 1.0
            gap = float(radius[e.target]) + 4
            ex, ey = b.x - tx / tail * gap, b.y - ty / tail * gap
            item["path"] = f"M {a.x} {a.y} Q {cx:.1f} {cy:.1f} {ex:.1f} {ey:.1f}"
        edges.append(item)
    return {"graph_nodes": nodes, "graph_edges": edges}


@login_required
def network_view(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    mode = request.GET.get("edges", "both")
    mode = mode if mode in network_graph.EDGE_MODES else "both"
    by = request.GET.get("by", "perspective")
    by = by if by in service.GROUP_BY else "perspective"
    report, data = service.network_report(initiative=access.initiative, mode=mode, by=by)
    community_names = [
        ", ".join(sorted(n.label for n in report.nodes if n.id in set(c)))
        for c in report.communities
    ]
    return render(
        request,
        "activities/network_graph.html",
        {
            "access": access,
            "initiative": access.initiative,
            "report": report,
            "mode": mode,
            "by": by,
            "modes": [
                ("both", _("Both")),
                ("recorded", _("Recorded by the team")),
                ("derived", _("From shared activities")),
            ],
            "groupings": [("perspective", _("Perspectives")), ("organization", _("Organizations"))],
            "relationships": [
                {
                    "relationship": r,
                    "from_label": service.end_label(r, "from"),
                    "to_label": service.end_label(r, "to"),
                }
                for r in data.relationships
            ],
            "community_names": community_names,
            **_graph_context(report),
        },
    )


def _form_page(
    request: HttpRequest, access: Any, form: RelationshipForm, relationship: Relationship | None
) -> HttpResponse:
    return render(
        request,
        "activities/network_relationship_form.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "relationship": relationship,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def relationship_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    form = RelationshipForm(request.POST or None, initiative=access.initiative)
    if request.method == "POST" and form.is_valid() and form.sides:
        service.record_relationship(
            initiative=access.initiative,
            actor=signed_in_user(request),
            from_side=form.sides[0],
            to_side=form.sides[1],
            issue_view=form.cleaned_data["issue_view"],
            key_ideas=form.cleaned_data["key_ideas"],
        )
        messages.success(request, _("Relationship recorded."))
        return redirect("activities:network", slug=slug)
    return _form_page(request, access, form, None)


@login_required
def relationship_edit(request: HttpRequest, slug: str, relationship_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    relationship = get_object_or_404(
        Relationship.objects.filter(initiative=access.initiative), pk=relationship_id
    )
    from_group, from_role = service.side_key(relationship, "from")
    to_group, to_role = service.side_key(relationship, "to")
    initial = {
        "from_group": from_group,
        "from_role": from_role,
        "to_group": to_group,
        "to_role": to_role,
        "issue_view": relationship.issue_view,
        "key_ideas": relationship.key_ideas,
    }
    form = RelationshipForm(request.POST or None, initial=initial, initiative=access.initiative)
    if request.method == "POST" and form.is_valid() and form.sides:
        service.update_relationship(
            relationship=relationship,
            actor=signed_in_user(request),
            from_side=form.sides[0],
            to_side=form.sides[1],
            issue_view=form.cleaned_data["issue_view"],
            key_ideas=form.cleaned_data["key_ideas"],
        )
        messages.success(request, _("Relationship updated."))
        return redirect("activities:network", slug=slug)
    return _form_page(request, access, form, relationship)


@login_required
def relationship_delete(request: HttpRequest, slug: str, relationship_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    relationship = get_object_or_404(
        service.relationships_for_queryset(access.initiative), pk=relationship_id
    )
    if request.method == "POST":
        service.delete_relationship(relationship=relationship, actor=signed_in_user(request))
        messages.success(request, _("Relationship deleted."))
        return redirect("activities:network", slug=slug)
    return render(
        request,
        "activities/network_relationship_delete.html",
        {
            "access": access,
            "initiative": access.initiative,
            "relationship": relationship,
            "from_label": service.end_label(relationship, "from"),
            "to_label": service.end_label(relationship, "to"),
        },
    )
