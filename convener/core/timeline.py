"""A tiny registry of chronology sources: each app says what it adds to the timeline.

An app registers a source at start-up (from its AppConfig.ready) with ``register_source``. A
source takes an initiative and an optional date range and yields ``TimelineEntry`` objects;
the chronology page asks every registered source and sorts the entries by date. Core knows no
domain: it only holds the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of the chronology. ``kind`` names its source (activity, milestone, ...)."""

    occurred_on: dt.date
    kind: str
    title: str
    habit: str = ""
    perspective_keys: tuple[str, ...] = ()
    detail: str = ""
    url: str = ""


TimelineSource = Callable[[Any, dt.date | None, dt.date | None], Iterable[TimelineEntry]]

_sources: dict[str, TimelineSource] = {}


def register_source(key: str, source: TimelineSource) -> None:
    """Add (or replace) the source called ``key``; registering twice is harmless."""
    _sources[key] = source


def timeline_sources() -> dict[str, TimelineSource]:
    """Return the registered sources by key, in registration order."""
    return dict(_sources)


def build_timeline(
    initiative: Any, start: dt.date | None = None, end: dt.date | None = None
) -> list[TimelineEntry]:
    """Return every source's entries for ``initiative`` between ``start`` and ``end``, by date."""
    entries = [
        entry
        for source in _sources.values()
        for entry in source(initiative, start, end)
        if (start is None or entry.occurred_on >= start)
        and (end is None or entry.occurred_on <= end)
    ]
    entries.sort(key=lambda e: (e.occurred_on, e.kind, e.title))
    return entries


def entry_habits(entry: TimelineEntry) -> tuple[str, ...]:
    """Return the habit keys of an entry (a source may list several, comma-separated)."""
    return tuple(h for h in (part.strip() for part in entry.habit.split(",")) if h)


def filter_entries(
    entries: Iterable[TimelineEntry], *, habit: str = "", perspective: str = ""
) -> list[TimelineEntry]:
    """Keep the entries that serve ``habit`` and involve ``perspective`` (blank: any)."""
    return [
        e
        for e in entries
        if (not habit or habit in entry_habits(e))
        and (not perspective or perspective in e.perspective_keys)
    ]


@dataclass(frozen=True)
class QuarterGroup:
    year: int
    quarter: int
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class YearGroup:
    year: int
    quarters: tuple[QuarterGroup, ...]


def group_by_quarter(entries: Iterable[TimelineEntry]) -> list[YearGroup]:
    """Return entries grouped by year, then quarter, in date order."""
    by_year: dict[int, dict[int, list[TimelineEntry]]] = {}
    for entry in sorted(entries, key=lambda e: (e.occurred_on, e.kind, e.title)):
        quarter = (entry.occurred_on.month - 1) // 3 + 1
        by_year.setdefault(entry.occurred_on.year, {}).setdefault(quarter, []).append(entry)
    return [
        YearGroup(
            year,
            tuple(QuarterGroup(year, q, tuple(items)) for q, items in sorted(quarters.items())),
        )
        for year, quarters in sorted(by_year.items())
    ]


def _md(text: str) -> str:
    """Escape the characters that would change a Markdown line's meaning."""
    out = text.replace("\\", "\\\\").replace("\r", " ").replace("\n", " ")
    for char in "*_`[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def to_markdown(
    title: str, entries: Iterable[TimelineEntry], *, labels: dict[str, str] | None = None
) -> str:
    """Return the chronology as Markdown: a heading per year and quarter, a bullet per entry.

    ``labels`` turns habit keys and entry kinds into readable names.
    """
    labels = labels or {}
    lines = [f"# {_md(title)}", ""]
    for year in group_by_quarter(entries):
        lines += [f"## {year.year}", ""]
        for quarter in year.quarters:
            lines += [f"### Q{quarter.quarter}", ""]
            for e in quarter.entries:
                habits = ", ".join(labels.get(h, h) for h in entry_habits(e))
                line = f"- {e.occurred_on.isoformat()} — {_md(e.title)}"
                line += f" ({_md(labels.get(e.kind, e.kind))}"
                line += f"; {_md(habits)})" if habits else ")"
                if e.detail:
                    line += f": {_md(e.detail)}"
                lines.append(line)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
