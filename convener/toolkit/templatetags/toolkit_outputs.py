"""Template tags for what the tools produce: jargon highlighting and the plans kept on a group."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from convener.stakeholders.models import Stakeholder
from convener.toolkit.jargon import highlight_jargon
from convener.toolkit.models import GroupPlan
from convener.toolkit.output_texts import describe_plans
from convener.toolkit.recommend import recommendations_for

register = template.Library()


@register.inclusion_tag("toolkit/feeds/jargon.html")
def jargon(text: str, terms: dict[str, str]) -> dict[str, Any]:
    """Render ``text`` with the glossary ``terms`` it uses marked, each with its meaning."""
    return {"segments": highlight_jargon(text or "", terms or {})}


@register.inclusion_tag("toolkit/feeds/stakeholder_plans.html")
def stakeholder_plans(stakeholder: Stakeholder) -> dict[str, Any]:
    """Render the plans and notes the tools keep on ``stakeholder`` (nothing when none)."""
    plans = GroupPlan.objects.filter(stakeholder=stakeholder).order_by("kind", "topic", "id")
    return {"plans": describe_plans(plans, get_language()), "stakeholder": stakeholder}


@register.inclusion_tag("toolkit/recommend_panel.html", takes_context=True)
def what_next(context: dict[str, Any], limit: int = 3) -> dict[str, Any]:
    """Render the what-next panel for the page's ``initiative``: the ``limit`` most urgent
    suggestions, with a link to all of them when there are more."""
    initiative = context["initiative"]
    recommendations = recommendations_for(initiative, get_language())
    return {
        "initiative": initiative,
        "recommendations": recommendations[:limit],
        "more": max(0, len(recommendations) - limit),
    }
