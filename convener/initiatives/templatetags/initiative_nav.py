from typing import Any

from django import template
from django.utils.translation import get_language

from convener.framework.packs import localize
from convener.framework.services import active_pack

register = template.Library()


@register.inclusion_tag("initiatives/_nav.html", takes_context=True)
def initiative_nav(context: dict[str, Any], current: str = "") -> dict[str, Any]:
    """Render the initiative's navigation: the framework's habits, then the team pages."""
    language = get_language() or "en"
    habits = [(h.key, localize(h.name, language)) for h in active_pack().habits]
    return {
        "initiative": context["initiative"],
        "access": context["access"],
        "habits": habits,
        "current": current,
    }
