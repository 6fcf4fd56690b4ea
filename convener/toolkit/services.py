"""Use cases of the toolkit: worksheets, saving answers with conflict detection, history, feeds.

The tools' feeds (convener.toolkit.feeds) read answers with `worksheet_values` and may write
them with `set_value`, the same path autosave uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from convener.accounts.models import User
from convener.framework.packs import Pack, builtin_pack
from convener.framework.packs.content import FieldDef, WorksheetDef
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Stakeholder
from convener.toolkit import engine
from convener.toolkit import feed_questions as questions
from convener.toolkit.feeds_registry import FeedResult, get_feed
from convener.toolkit.models import FieldRevision, FieldValue, SectionComment, Worksheet


class UnknownTool(LookupError):
    """The tool has no worksheet in the active pack (nor in the built-in one)."""


class UnknownField(LookupError):
    """The section or field is not part of the worksheet's definition."""


@dataclass
class SaveResult:
    """What happened to a save: saved (with the new version), unchanged, or a conflict.

    On a conflict nothing is written: `current_value` and `current_version` are what the other
    person saved, and `value` is what this save tried to write.
    """

    saved: bool
    version: int
    value: Any
    conflict: bool = False
    current_value: Any = None
    current_version: int = 0
    messages: list[str] = field(default_factory=list)


# -- definitions ---------------------------------------------------------------------------


def definition_for(tool_key: str, pack: Pack | None = None) -> WorksheetDef:
    """Return the worksheet of `tool_key` in the active pack, else in the built-in pack."""
    definition = (pack or active_pack()).worksheet(tool_key) or builtin_pack().worksheet(tool_key)
    if definition is None:
        raise UnknownTool(tool_key)
    return definition


def definition_exists(tool_key: str, pack: Pack | None = None) -> bool:
    """Return whether the tool has a worksheet (in the active or the built-in pack)."""
    try:
        definition_for(tool_key, pack)
    except UnknownTool:
        return False
    return True


def field_def(definition: WorksheetDef, section_key: str, field_key: str) -> FieldDef:
    try:
        return definition.section(section_key).field(field_key)
    except KeyError:
        raise UnknownField(f"{section_key}.{field_key}") from None


# -- worksheets ----------------------------------------------------------------------------


def create_worksheet(
    *, initiative: Initiative, tool_key: str, actor: User | None, title: str = ""
) -> Worksheet:
    """Start a new worksheet of a tool for an initiative."""
    definition_for(tool_key)
    pack = active_pack()
    if not title:
        tool_name = pack.tool(tool_key).name if tool_key in pack.tool_keys else tool_key
        count = Worksheet.objects.filter(initiative=initiative, tool_key=tool_key).count()
        title = f"{tool_name} {count + 1}" if count else str(tool_name)
    worksheet = Worksheet.objects.create(
        initiative=initiative, tool_key=tool_key, title=title[:200], created_by=actor
    )
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type="worksheet",
        target_id=worksheet.pk,
        fields=["tool_key", "title"],
    )
    return worksheet


def worksheet_values(worksheet: Worksheet) -> dict[str, dict[str, object]]:
    """Return the worksheet's answers: section key → field key → value (empty ones included)."""
    definition = definition_for(worksheet.tool_key)
    stored = {
        (row.section_key, row.field_key): row.value
        for row in FieldValue.objects.filter(worksheet=worksheet)
    }
    return {
        section.key: {
            fd.key: stored.get((section.key, fd.key), engine.empty_value(fd))
            for fd in section.fields
        }
        for section in definition.sections
    }


def set_value(
    *,
    worksheet: Worksheet,
    section: str,
    field: str,
    value: Any,
    actor: User | None,
    base_version: int | None,
    note: str = "",
) -> SaveResult:
    """Save one answer unless someone else changed it since `base_version`.

    `value` is checked against the field's type (InvalidValue says why not) and registry
    links are matched to the initiative's stakeholders. `base_version` None skips the
    conflict check (for feeds and restores that already hold the current value).
    """
    definition = definition_for(worksheet.tool_key)
    fd = field_def(definition, section, field)
    cleaned = resolve_links(worksheet.initiative, fd, engine.clean_value(fd, value))
    with transaction.atomic():
        current, _ = FieldValue.objects.select_for_update().get_or_create(
            worksheet=worksheet,
            section_key=section,
            field_key=field,
            defaults={"value": engine.empty_value(fd)},
        )
        if base_version is not None and current.version != base_version:
            if current.value == cleaned:
                return SaveResult(saved=False, version=current.version, value=cleaned)
            return SaveResult(
                saved=False,
                version=base_version,
                value=cleaned,
                conflict=True,
                current_value=current.value,
                current_version=current.version,
            )
        if current.value == cleaned:
            return SaveResult(saved=False, version=current.version, value=cleaned)
        old = current.value
        current.value = cleaned
        current.version += 1
        current.updated_by = actor
        current.save()
        FieldRevision.objects.create(
            worksheet=worksheet,
            section_key=section,
            field_key=field,
            version=current.version,
            old_value=old,
            new_value=cleaned,
            author=actor,
            note=note[:200],
        )
        refresh_completion(worksheet, definition)
    return SaveResult(saved=True, version=current.version, value=cleaned)


def refresh_completion(worksheet: Worksheet, definition: WorksheetDef | None = None) -> int:
    """Recompute and store the worksheet's completion; return it."""
    definition = definition or definition_for(worksheet.tool_key)
    worksheet.completion = engine.completion(definition, worksheet_values(worksheet))
    worksheet.save(update_fields=["completion", "updated_at"])
    return worksheet.completion


def resolve_links(initiative: Initiative, fd: FieldDef, value: Any) -> Any:
    """Match the registry links in `value` to the initiative's stakeholders by id or name.

    A link keeps its stakeholder when the id belongs to the initiative and the name still
    matches it; otherwise the name is looked up (ignoring case). Two queries however many
    links there are.
    """
    links: list[dict[str, Any]] = []
    if fd.type == "registry_link" and isinstance(value, dict):
        links = [value]
    elif fd.type == "rows" and isinstance(value, list):
        columns = [c.key for c in fd.columns if c.type == "registry_link"]
        for row in value:
            for key in columns:
                row[key] = dict(row.get(key) or {"stakeholder_id": None, "name": ""})
                links.append(row[key])
    if not links:
        return value
    people = Stakeholder.objects.active().filter(initiative=initiative)
    ids = {link["stakeholder_id"] for link in links if link.get("stakeholder_id") is not None}
    by_id = dict(people.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    names = {
        name
        for link in links
        if (name := str(link.get("name") or "").strip())
        and by_id.get(link.get("stakeholder_id") or 0, "").casefold() != name.casefold()
    }
    by_name: dict[str, tuple[int, str]] = {}
    if names:
        query = Q()
        for name in names:
            query |= Q(name__iexact=name)
        for pk, name in people.filter(query).order_by("-pk").values_list("pk", "name"):
            by_name[name.casefold()] = (pk, name)  # the oldest entry wins
    for link in links:
        name = str(link.get("name") or "").strip()
        found_id = link.get("stakeholder_id")
        if found_id in by_id and (not name or by_id[found_id].casefold() == name.casefold()):
            link.update(stakeholder_id=found_id, name=by_id[found_id])
        elif name and name.casefold() in by_name:
            pk, stored = by_name[name.casefold()]
            link.update(stakeholder_id=pk, name=stored)
        else:
            link.update(stakeholder_id=None, name=name)
    return value


# -- history -------------------------------------------------------------------------------


def restore_revision(*, revision: FieldRevision, actor: User | None) -> SaveResult:
    """Make the value a field had after `revision` its current value again."""
    result = set_value(
        worksheet=revision.worksheet,
        section=revision.section_key,
        field=revision.field_key,
        value=revision.new_value,
        actor=actor,
        base_version=None,
        note=f"restored version {revision.version}",
    )
    if result.saved:
        record_audit(
            initiative=revision.worksheet.initiative,
            actor=actor,
            action="update",
            target_type="worksheet",
            target_id=revision.worksheet_id,
            fields=[f"{revision.section_key}.{revision.field_key}"],
            detail=f"restored version {revision.version}",
        )
    return result


# -- comments ------------------------------------------------------------------------------


def add_comment(
    *, worksheet: Worksheet, section_key: str, body: str, actor: User | None
) -> SectionComment:
    """Add a comment to a section of the worksheet."""
    definition_for(worksheet.tool_key).section(section_key)
    return SectionComment.objects.create(
        worksheet=worksheet, section_key=section_key, body=body.strip()[:4000], author=actor
    )


# -- feeds ---------------------------------------------------------------------------------


class UnknownFeed(LookupError):
    """The section names a feed that no app registered."""


def run_feed(
    *,
    worksheet: Worksheet,
    section_key: str,
    actor: User | None,
    answers: Mapping[str, str] | None = None,
) -> FeedResult:
    """Run the feed of a section inside a transaction and record it in the audit log.

    With ``answers`` (a page run), a typed name that may already be in the registry, or whose
    kind is unclear, is asked about first: nothing is written and ``FeedQuestions`` lists the
    names; run again with the answers. Without it (the demo), names are added as before.
    """
    section = definition_for(worksheet.tool_key).section(section_key)
    feed = get_feed(section.feed) if section.feed else None
    if feed is None:
        raise UnknownFeed(section.feed or section_key)
    with transaction.atomic():
        if answers is None:
            result = feed.func(worksheet=worksheet, section_key=section_key, actor=actor)
        else:
            with questions.answering(answers) as unanswered:
                result = feed.func(worksheet=worksheet, section_key=section_key, actor=actor)
            if unanswered:
                raise questions.FeedQuestions(unanswered)  # rolls the whole run back
        record_audit(
            initiative=worksheet.initiative,
            actor=actor,
            action="feed",
            target_type="worksheet",
            target_id=worksheet.pk,
            fields=[section_key],
            detail=f"{feed.key}: {result.created} created, {result.linked} linked",
        )
    return result
