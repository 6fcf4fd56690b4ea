"""What other apps keep about one registry entry, shown on its page.

An app to the right of ``stakeholders`` (the toolkit's value propositions, say) registers a
panel from its ``AppConfig.ready``; the registry entry page shows every panel that has
something for the entry, without ``stakeholders`` importing that app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from convener.stakeholders.models import Stakeholder


@dataclass(frozen=True)
class PanelEntry:
    """One item of a panel: a heading (say, the topic) and labelled lines of text."""

    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    source: str = ""  # where it was written, e.g. the tool's name


@dataclass(frozen=True)
class Panel:
    title: str
    entries: list[PanelEntry]


PanelSource = Callable[[Stakeholder], Panel | None]
_SOURCES: dict[str, PanelSource] = {}


def register_panel(key: str, source: PanelSource) -> None:
    """Add (or replace) the panel source ``key``; registering twice is harmless."""
    _SOURCES[key] = source


def panels_for(stakeholder: Stakeholder) -> list[Panel]:
    """Return the panels that have something about ``stakeholder``, in registration order."""
    found = (source(stakeholder) for source in _SOURCES.values())
    return [panel for panel in found if panel is not None and panel.entries]
