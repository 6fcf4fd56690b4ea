"""Navigation entries that apps contribute to an initiative's menu and habit pages.

Apps further along the dependency chain register their pages here from ``AppConfig.ready()``,
so that the initiative menu (drawn by ``initiatives``) can link to them without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    """A page of an initiative. ``url_name`` takes the initiative slug as its one argument."""

    key: str
    label: str | Promise
    url_name: str
    habit: str  # the framework habit this page serves: a content-pack habit key
    order: int = 100
    description: str | Promise = ""


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace) a page in the initiative navigation."""
    _registry[item.key] = item


def nav_items(habit: str | None = None) -> list[NavItem]:
    """Return the registered pages, for one habit or all, in menu order."""
    items = [i for i in _registry.values() if habit is None or i.habit == habit]
    return sorted(items, key=lambda i: (i.order, i.key))
