"""Gather an initiative's report from the other apps' selectors: figures only, no markup.

Each section is a frozen dataclass of plain values that the print view, the PDF and the JSON
API all read. The maths stays in the apps that own it (participation analytics, quadrants,
the ladder, rubric aggregation, the timeline); this package picks the period's data, applies
small-group suppression to every breakdown by perspective, and writes the summary sentences.
One module per group of sections; ``build_report`` puts them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from convener.initiatives.models import Initiative
from convener.reports import summaries as s
from convener.reports.figures import Report
from convener.reports.selectors.participation import (
    circles_section,
    participant_ids,
    participation_section,
)
from convener.reports.selectors.record import (
    chronology_section,
    decisions_section,
    overview_section,
)
from convener.reports.selectors.work import activities_section, rounds_section
from convener.stakeholders import analytics
from convener.stakeholders.services import participation as participation_service

__all__ = ["build_report", "participant_ids"]


def build_report(
    *,
    initiative: Initiative,
    period: s.Period,
    sections: Sequence[str] = s.SECTIONS,
    threshold: int = s.DEFAULT_THRESHOLD,
) -> Report:
    """Return the report of ``initiative`` over ``period`` with the chosen sections."""
    threshold = s.clamp_threshold(threshold)
    wanted = set(sections)
    facts, _organizations = participation_service.load_facts(initiative)
    taxonomy = participation_service.taxonomy(initiative)
    ids = participant_ids(initiative, period)
    parts: dict[str, Any] = {}
    if "participation" in wanted:
        parts["participation"] = participation_section(
            facts=facts, taxonomy=taxonomy, ids=ids, threshold=threshold
        )
    if "circles" in wanted:
        parts["circles"] = circles_section(initiative=initiative, facts=facts, period=period)
    if "activities" in wanted or "overview" in wanted:
        activities = activities_section(
            initiative=initiative, period=period, taxonomy=taxonomy, threshold=threshold
        )
        if "activities" in wanted:
            parts["activities"] = activities
    if "rounds" in wanted or "overview" in wanted:
        rounds = rounds_section(initiative=initiative, period=period, threshold=threshold)
        if "rounds" in wanted:
            parts["rounds"] = rounds
    if "decisions" in wanted or "overview" in wanted:
        decisions = decisions_section(initiative=initiative, period=period, threshold=threshold)
        if "decisions" in wanted:
            parts["decisions"] = decisions
    if "chronology" in wanted:
        parts["chronology"] = chronology_section(initiative=initiative, period=period)
    if "overview" in wanted:
        people = {f.id for f in facts if f.kind == analytics.PERSON}
        parts["overview"] = overview_section(
            initiative=initiative,
            period=period,
            participants=len(ids & people),
            activities=activities.total,
            rounds=len(rounds.rounds),
            decisions=len(decisions.rows),
        )
    return Report(
        slug=initiative.slug,
        title=initiative.title,
        period=period,
        sections=tuple(x for x in s.SECTIONS if x in wanted),
        threshold=threshold,
        generated_at=timezone.now(),
        **parts,
    )
