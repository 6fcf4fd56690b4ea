"""What each app contributes to an initiative's home page.

The home (drawn by ``initiatives``) cannot import the apps to its right, so each app registers
a source from ``AppConfig.ready()``: a function that takes the initiative and returns figures
for the dashboard and first steps for the onboarding path. Core only holds the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

HAPPENING = "happening"  # upcoming convenings, open rounds and proposals, live sessions
STANDING = "standing"  # how the initiative stands: circles, perspectives, rubric shifts
NEXT = "next"  # suggestions of what to do next


@dataclass(frozen=True)
class HomeFigure:
    """One figure on the home page, linked to the page that explains it."""

    section: str  # HAPPENING, STANDING or NEXT
    label: str | Promise
    value: str
    url: str
    note: str | Promise = ""
    tone: str = ""  # "" or "warn": a figure that asks for attention
    order: int = 100


@dataclass(frozen=True)
class FirstStep:
    """A step of the onboarding path of a new initiative, done or still to do."""

    label: str | Promise
    description: str | Promise
    url: str
    done: bool
    order: int = 100


HomeItem = HomeFigure | FirstStep
HomeSource = Callable[[Any], Iterable[HomeItem]]

_sources: dict[str, HomeSource] = {}


def register_home_source(key: str, source: HomeSource) -> None:
    """Add (or replace) the source called ``key``; registering twice is harmless."""
    _sources[key] = source


def home_items(initiative: Any) -> tuple[dict[str, list[HomeFigure]], list[FirstStep]]:
    """Return every source's figures by section, and the first steps, each in order."""
    figures: dict[str, list[HomeFigure]] = {HAPPENING: [], STANDING: [], NEXT: []}
    steps: list[FirstStep] = []
    for source in _sources.values():
        for item in source(initiative):
            if isinstance(item, FirstStep):
                steps.append(item)
            else:
                figures.setdefault(item.section, []).append(item)
    for items in figures.values():
        items.sort(key=lambda f: f.order)
    steps.sort(key=lambda s: s.order)
    return figures, steps
