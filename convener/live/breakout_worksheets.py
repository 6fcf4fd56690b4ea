"""Breakout notes into the toolkit: copy each group's shared notes into the worksheet sections
its breakout names (``worksheet_section: "<tool>:<section>,<section>"``).

The notes land as comments on each named section: a worksheet's fields are structured rows, and
a comment never overwrites what the team wrote. Copying again adds only notes that are not there
word for word, so pressing the button twice (or after a group added a line) never duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.framework.packs import localize
from convener.initiatives.services import record_audit
from convener.live import kinds
from convener.live.models import BreakoutGroup, Item
from convener.live.services import LiveError
from convener.toolkit.models import SectionComment, Worksheet
from convener.toolkit.services import (
    UnknownTool,
    add_comment,
    create_worksheet,
    definition_for,
)


def parse_target(value: str) -> tuple[str, list[str]]:
    """Return (tool key, section keys) of ``"tool:section,section"``; ("", []) when unset.

    Blank and repeated section keys are dropped, the order kept.
    """
    if not isinstance(value, str) or value.count(":") != 1:
        return "", []
    tool, _sep, sections = value.partition(":")
    keys: list[str] = []
    for key in (s.strip() for s in sections.split(",")):
        if key and key not in keys:
            keys.append(key)
    return tool.strip(), keys if tool.strip() else []


def comment_body(*, group_name: str, item_prompt: str, session_title: str, notes: str) -> str:
    """Return the comment a group's notes become: where they come from, then the notes."""
    source = _("Breakout notes of %(group)s, “%(item)s” (live session “%(session)s”):") % {
        "group": group_name,
        "item": item_prompt[:200],
        "session": session_title[:200],
    }
    return f"{source}\n{notes.strip()}"[:4000]


@dataclass
class CopyReport:
    """What a copy did: which notes went where, which were already there, which were empty."""

    worksheet: Worksheet
    copied: list[tuple[str, str]] = field(default_factory=list)  # (group, section title)
    already_there: list[tuple[str, str]] = field(default_factory=list)
    empty_groups: list[str] = field(default_factory=list)


def target_of(item: Item) -> tuple[str, list[str]]:
    """Return the breakout's worksheet tool and sections, refusing what cannot be copied."""
    if not kinds.get(item.kind).groups:
        raise LiveError(_("Only a breakout's notes can go into a worksheet."))
    tool, sections = parse_target(str((item.config or {}).get("worksheet_section", "")))
    if not tool or not sections:
        raise LiveError(_("This breakout names no worksheet section."))
    try:
        definition = definition_for(tool)
    except UnknownTool:
        raise LiveError(_("This breakout names a tool that has no worksheet.")) from None
    known = {section.key for section in definition.sections}
    missing = [key for key in sections if key not in known]
    if missing:
        raise LiveError(_("The worksheet has no section %(keys)s.") % {"keys": ", ".join(missing)})
    return tool, sections


def worksheets_for(item: Item) -> list[Worksheet]:
    """Return the initiative's worksheets of the tool the breakout names (newest first)."""
    try:
        tool, _sections = target_of(item)
    except LiveError:
        return []
    return list(
        Worksheet.objects.filter(
            initiative_id=item.session.initiative_id, tool_key=tool, team__isnull=True
        ).order_by("-updated_at", "-pk")
    )


@transaction.atomic
def copy_notes_to_worksheet(
    *, item: Item, worksheet: Worksheet | None, actor: User | None
) -> CopyReport:
    """Append every group's notes to the named sections of ``worksheet`` (a new one if None).

    The worksheet must be the same tool and belong to the session's initiative.
    """
    tool, sections = target_of(item)
    initiative = item.session.initiative
    if worksheet is None:
        worksheet = create_worksheet(initiative=initiative, tool_key=tool, actor=actor)
    elif worksheet.initiative_id != initiative.pk:
        raise LiveError(_("That worksheet belongs to another initiative."))
    elif worksheet.tool_key != tool:
        raise LiveError(_("That worksheet is not a worksheet of the tool this breakout names."))
    definition = definition_for(tool)
    language = get_language()
    titles = {s.key: localize(s.title, language) for s in definition.sections}
    existing = set(
        SectionComment.objects.filter(worksheet=worksheet, section_key__in=sections).values_list(
            "section_key", "body"
        )
    )
    report = CopyReport(worksheet=worksheet)
    for group in BreakoutGroup.objects.filter(item=item).order_by("id"):
        if not group.notes.strip():
            report.empty_groups.append(group.name)
            continue
        body = comment_body(
            group_name=group.name,
            item_prompt=item.prompt,
            session_title=item.session.title,
            notes=group.notes,
        )
        for key in sections:
            if (key, body) in existing:
                report.already_there.append((group.name, titles[key]))
                continue
            add_comment(worksheet=worksheet, section_key=key, body=body, actor=actor)
            existing.add((key, body))
            report.copied.append((group.name, titles[key]))
    if report.copied:
        record_audit(
            initiative=initiative,
            actor=actor,
            action="breakout_notes_copied",
            target_type="worksheet",
            target_id=worksheet.pk,
            detail=f"live item {item.pk}: {len(report.copied)} section notes",
        )
    return report
