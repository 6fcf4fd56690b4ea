"""Helpers shared by the toolkit views: fetching a worksheet within the caller's initiative."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from convener.framework.packs import localize
from convener.framework.packs.content import SectionDef, WorksheetDef
from convener.framework.services import active_pack
from convener.initiatives.permissions import Access
from convener.toolkit import engine
from convener.toolkit.models import Worksheet


def worksheets_of(access: Access) -> QuerySet[Worksheet]:
    return Worksheet.objects.filter(initiative=access.initiative).select_related(
        "team__breakout__worksheet"
    )


def worksheet_for(access: Access, worksheet_id: int) -> Worksheet:
    """Return the worksheet `worksheet_id` of the caller's initiative, or 404."""
    return get_object_or_404(worksheets_of(access), pk=worksheet_id)


def is_writable(access: Access, worksheet: Worksheet) -> bool:
    """A team copy becomes read-only once its breakout is merged."""
    if not access.can_contribute:
        return False
    return worksheet.team is None or worksheet.team.breakout.merged_at is None


def visible_sections(worksheet: Worksheet, definition: WorksheetDef) -> list[SectionDef]:
    """Return the sections shown on a worksheet: a team copy shows its team's sections only."""
    if worksheet.team is not None:
        return engine.sections_by_key(definition, worksheet.team.section_keys)
    return list(definition.sections)


def tool_name(tool_key: str, language: str | None) -> str:
    pack = active_pack()
    return localize(pack.tool(tool_key).name, language) if tool_key in pack.tool_keys else tool_key


def context(access: Access, **extra: Any) -> dict[str, Any]:
    return {"access": access, "initiative": access.initiative, **extra}
