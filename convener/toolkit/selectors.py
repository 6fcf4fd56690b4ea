"""Read-only queries of the toolkit: stored answers' versions and the tools overview.

The use cases (saving with conflict detection, history, feeds) are in ``services``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count

from convener.framework.packs import Pack
from convener.initiatives.models import Initiative
from convener.toolkit.models import FieldValue, Worksheet
from convener.toolkit.services import definition_exists


def value_versions(worksheet: Worksheet) -> dict[str, int]:
    """Return "<section>.<field>" → current version of every stored answer."""
    return {
        f"{section}.{key}": version
        for section, key, version in FieldValue.objects.filter(worksheet=worksheet).values_list(
            "section_key", "field_key", "version"
        )
    }


@dataclass
class ToolSummary:
    key: str
    habit: str
    name: str
    purpose: str
    has_worksheet: bool
    worksheets: int
    completion: int


def tool_summaries(initiative: Initiative, pack: Pack, language: str | None) -> list[ToolSummary]:
    """Return every tool of the pack with its number of worksheets and average completion."""
    stats = {
        row["tool_key"]: row
        for row in Worksheet.objects.filter(initiative=initiative, team__isnull=True)
        .values("tool_key")
        .annotate(count=Count("id"), average=Avg("completion"))
    }
    summaries = []
    for tool in pack.tools:
        row = stats.get(tool.key, {})
        summaries.append(
            ToolSummary(
                key=tool.key,
                habit=tool.habit,
                name=tool.name.get_text(language),
                purpose=tool.purpose.get_text(language),
                has_worksheet=definition_exists(tool.key, pack),
                worksheets=row.get("count", 0),
                completion=round(row.get("average") or 0),
            )
        )
    return summaries


def habit_completion(summaries: list[ToolSummary], habit: str) -> int:
    """Return a habit's completion: the average over its tools (a tool never started is 0)."""
    tools = [summary for summary in summaries if summary.habit == habit]
    return round(sum(summary.completion for summary in tools) / len(tools)) if tools else 0
