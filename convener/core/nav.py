"""Navigation entries that apps contribute to an initiative's menu and habit pages.

Apps further along the dependency chain register their pages here from ``AppConfig.ready()``,
so that the initiative menu (drawn by ``initiatives``) can link to them without importing them.
The menu groups pages under the habit they serve; pages of the team itself (people, roles,
settings, archive) use the group ``TEAM``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

TEAM = "team"  # the group of the team's own pages, next to the content pack's habits


@dataclass(frozen=True)
class NavItem:
    """A page of an initiative. ``url_name`` takes the initiative slug as its one argument."""

    key: str
    label: str | Promise
    url_name: str
    habit: str  # the framework habit this page serves: a content-pack habit key, or TEAM
    order: int = 100
    description: str | Promise = ""
    least_role: str = "viewer"  # the menu leaves the page out for roles below this one


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace) a page in the initiative navigation."""
    _registry[item.key] = item


def nav_items(habit: str | None = None) -> list[NavItem]:
    """Return the registered pages, for one habit or all, in menu order."""
    items = [i for i in _registry.values() if habit is None or i.habit == habit]
    return sorted(items, key=lambda i: (i.order, i.key))
