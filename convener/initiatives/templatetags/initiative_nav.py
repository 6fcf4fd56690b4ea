from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from convener.core.nav import nav_items
from convener.framework.packs import localize
from convener.framework.services import active_pack

register = template.Library()


@register.inclusion_tag("initiatives/_nav.html", takes_context=True)
def initiative_nav(context: dict[str, Any], current: str = "") -> dict[str, Any]:
    """Render the initiative's navigation: habits, the pages apps add, then the team pages."""
    language = get_language() or "en"
    initiative = context["initiative"]
    habits = [(h.key, localize(h.name, language)) for h in active_pack().habits]
    pages = [
        (item.key, item.label, url)
        for item in nav_items()
        if (url := _url(item.url_name, initiative.slug))
    ]
    return {
        "initiative": initiative,
        "access": context["access"],
        "habits": habits,
        "pages": pages,
        "current": current,
    }


@register.simple_tag(takes_context=True)
def habit_pages(context: dict[str, Any], habit: str) -> list[dict[str, Any]]:
    """Return the pages apps contribute to ``habit``, with their URLs for this initiative."""
    slug = context["initiative"].slug
    return [
        {"label": i.label, "description": i.description, "url": url}
        for i in nav_items(habit)
        if (url := _url(i.url_name, slug))
    ]


def _url(url_name: str, slug: str) -> str:
    # A page registered by an app that is not mounted (for example in a trimmed-down
    # deployment) is left out of the menu; tests/test_nav.py checks that all of ours resolve.
    try:
        return reverse(url_name, args=[slug])
    except NoReverseMatch:
        return ""
