from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.core.nav import TEAM, nav_items
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.roles import Role

register = template.Library()

_RANK = {Role.VIEWER: 0, Role.MEMBER: 1, Role.CONVENER: 2, Role.OWNER: 3}
# The integrating habit ("Bringing it all together") is where rounds, indicators, the chronology
# and the report live: the menu names it by what a person goes there to do.
_GROUP_NAMES = {"bringing_together": lambda: _("Measuring and reporting"), TEAM: lambda: _("Team")}


@register.inclusion_tag("initiatives/_nav.html", takes_context=True)
def initiative_nav(context: dict[str, Any], current: str = "") -> dict[str, Any]:
    """Render the initiative's menu: the pages apps add, grouped under the habits they serve.

    The current place is the page whose address is the longest prefix of the request's path
    (so an import preview sits under "Import contacts"), falling back to ``current``.
    """
    initiative, access = context["initiative"], context["access"]
    groups = menu_groups(initiative.slug, access.role)
    path = getattr(context.get("request"), "path", "")
    here = _current_page(groups, path, current)
    for group in groups:
        group["open"] = any(page["key"] == here for page in group["pages"])
        for page in group["pages"]:
            page["current"] = page["key"] == here
    place = next(
        ((g["name"], p["label"]) for g in groups for p in g["pages"] if p["current"]), None
    )
    return {
        "initiative": initiative,
        "groups": groups,
        "home_current": here == "home",
        "place": place,
    }


def menu_groups(slug: str, role: str) -> list[dict[str, Any]]:
    """Return the menu for ``role``: one group per habit, then the team's pages."""
    language = get_language() or "en"
    rank = _RANK.get(Role(role), 0)
    groups = []
    for key, name in [(h.key, localize(h.name, language)) for h in active_pack().habits] + [
        (TEAM, "")
    ]:
        pages: list[dict[str, Any]] = []
        if key != TEAM:
            about = reverse("initiatives:habit", args=[slug, key])
            pages.append({"key": key, "label": _("About this habit"), "url": about})
        for item in nav_items(key):
            if _RANK[Role(item.least_role)] <= rank and (url := _url(item.url_name, slug)):
                pages.append({"key": item.key, "label": item.label, "url": url})
        label = _GROUP_NAMES[key]() if key in _GROUP_NAMES else name
        groups.append({"key": key, "name": label, "pages": pages})
    return groups


def _current_page(groups: list[dict[str, Any]], path: str, current: str) -> str:
    best, length = current, 0
    for group in groups:
        for page in group["pages"]:
            if path.startswith(page["url"]) and len(page["url"]) > length:
                best, length = page["key"], len(page["url"])
    return best


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
