"""What next, and what the tools have produced so far: two read-only pages of an initiative."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from convener.initiatives.models import Initiative
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders.models import Stakeholder
from convener.toolkit.feeds.bringing_together import words_over_time
from convener.toolkit.models import (
    BrandPulse,
    GlossaryTerm,
    GroupPlan,
    InitiativeStatement,
    InvitationLogEntry,
    RelatedWork,
)
from convener.toolkit.output_texts import describe_plans, describe_statements
from convener.toolkit.recommend import recommendations_for


@login_required
def recommend(request: HttpRequest, slug: str) -> HttpResponse:
    """Show every gap found in the initiative's data and the tool that addresses it."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    return render(
        request,
        "toolkit/recommend.html",
        {
            "access": access,
            "initiative": access.initiative,
            "recommendations": recommendations_for(access.initiative, get_language()),
        },
    )


def _group(initiative: Initiative, raw: str) -> Stakeholder | None:
    """Return the initiative's registry entry whose id is ``raw``, if any."""
    if not raw.isdigit():
        return None
    return Stakeholder.objects.filter(initiative=initiative, pk=int(raw)).first()


@login_required
def outputs(request: HttpRequest, slug: str) -> HttpResponse:
    """Show what the tools produced: statements, glossary, related work, plans, invitations and
    the brand pulses, words over time."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    initiative = access.initiative
    group = _group(initiative, request.GET.get("group", ""))
    glossary = list(GlossaryTerm.objects.filter(initiative=initiative))
    pulses = BrandPulse.objects.filter(initiative=initiative).select_related("stakeholder")
    plans = (
        GroupPlan.objects.filter(initiative=initiative)
        .select_related("stakeholder")
        .order_by("kind", "stakeholder__name", "topic", "id")
    )
    invitations = InvitationLogEntry.objects.filter(initiative=initiative).select_related(
        "stakeholder"
    )
    if group is not None:
        plans = plans.filter(stakeholder=group)
        invitations = invitations.filter(stakeholder=group)
        pulses = pulses.filter(stakeholder=group)
    return render(
        request,
        "toolkit/feeds/outputs.html",
        {
            "access": access,
            "initiative": initiative,
            "statements": describe_statements(
                InitiativeStatement.objects.filter(initiative=initiative), get_language()
            ),
            "glossary": glossary,
            "terms": {t.term: t.meaning for t in glossary},
            "related_work": list(RelatedWork.objects.filter(initiative=initiative)),
            "plans": describe_plans(plans, get_language()),
            "invitations": list(invitations),
            "group": group,
            "brand": words_over_time(
                [
                    (p.stakeholder.name if p.stakeholder else p.group_name, p.taken_on, p.words)
                    for p in pulses
                ]
            ),
        },
    )
