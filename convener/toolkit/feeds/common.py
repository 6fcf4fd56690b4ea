"""What every feed needs: read a worksheet's answers, find or add people, keep plans and notes.

Feeds are idempotent: pressing a section's button twice links to what the first press wrote
instead of writing it again. People are found by registry id first, then by name (ignoring
case); an unknown name that may be someone already there, or whose kind is unclear, is asked
about first (``toolkit.feed_questions``); only then does a name create a registry entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone

from convener.accounts.models import User
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Kind, Stakeholder
from convener.stakeholders.selectors import possible_duplicates
from convener.stakeholders.services.registry import create_stakeholder, update_stakeholder
from convener.toolkit import feed_questions as questions
from convener.toolkit.feeds_registry import FeedResult, register_feed
from convener.toolkit.models import GroupPlan, Worksheet
from convener.toolkit.services import worksheet_values

Values = Mapping[str, Mapping[str, Any]]
Apply = Callable[..., FeedResult]

NAME_MAX = 200


def text(value: Any, limit: int | None = None) -> str:
    """Return ``value`` as trimmed text ("" for anything that is not a string)."""
    out = value.strip() if isinstance(value, str) else ""
    return out[:limit] if limit else out


def rows(values: Values, section: str, field: str) -> list[dict[str, Any]]:
    """Return the rows of a rows field, leaving out anything that is not a row."""
    found = values.get(section, {}).get(field)
    return [row for row in found or [] if isinstance(row, dict)]


def value(values: Values, section: str, field: str) -> Any:
    return values.get(section, {}).get(field)


def choices(value: Any) -> list[str]:
    """Return the keys of a multi-choice answer."""
    return [v for v in value or [] if isinstance(v, str)] if isinstance(value, list) else []


def parse_date(value: Any) -> dt.date | None:
    """Return the date of a "YYYY-MM-DD" answer, or None."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def today() -> dt.date:
    return timezone.localdate()


def link_name(link: Any) -> str:
    """Return the name typed or chosen in a registry link answer."""
    return text(link.get("name"), NAME_MAX) if isinstance(link, dict) else ""


def find_stakeholder(initiative: Initiative, link: Any) -> Stakeholder | None:
    """Return the registry entry a link answer points to: by id, else by name (any case)."""
    if not isinstance(link, dict):
        return None
    active = Stakeholder.objects.filter(initiative=initiative, erased_at__isnull=True)
    stakeholder_id = link.get("stakeholder_id")
    if isinstance(stakeholder_id, int):
        found = active.filter(pk=stakeholder_id).first()
        if found is not None:
            return found
    name = link_name(link)
    if not name:
        return None
    return active.filter(name__iexact=name).order_by("id").first()


def _points_to_erased(initiative: Initiative, link: Any) -> bool:
    stakeholder_id = link.get("stakeholder_id") if isinstance(link, dict) else None
    return isinstance(stakeholder_id, int) and (
        Stakeholder.objects.filter(
            initiative=initiative, pk=stakeholder_id, erased_at__isnull=False
        ).exists()
    )


def resolve_stakeholder(
    *,
    initiative: Initiative,
    actor: User | None,
    link: Any,
    kind: str = Kind.ORGANIZATION,
    fields: Mapping[str, Any] | None = None,
    ask_kind: bool = False,
) -> tuple[Stakeholder | None, bool]:
    """Return (registry entry, created) for a link answer, adding the entry when it is new.

    ``fields`` are used only when the entry is created. A link with neither an id of this
    initiative nor a name gives (None, False), and so does a link to an erased record. When
    the run asks (``toolkit.feed_questions``), a new name that may already be in the registry, or
    whose kind the section cannot tell (``ask_kind``), is set aside as a question instead.
    """
    found = find_stakeholder(initiative, link)
    if found is not None:
        return found, False
    if _points_to_erased(initiative, link):
        return None, False  # never bring back someone whose data was erased
    name = link_name(link)
    if not name:
        return None, False
    answer = questions.answer_for(name) or ""
    if answer.isdigit():  # "this person": the registry record chosen on the page
        chosen = Stakeholder.objects.active().filter(initiative=initiative, pk=int(answer)).first()
        if chosen is not None:
            return chosen, False
    if answer in Kind.values:  # someone new, of the kind chosen on the page
        kind = answer
    elif questions.asking():
        matches = possible_duplicates(initiative, name=name, kind=None if ask_kind else kind)
        if matches or ask_kind:
            questions.ask(questions.NewName(name=name, matches=matches, ask_kind=ask_kind))
            return None, False
    created = create_stakeholder(
        initiative=initiative, actor=actor, fields={"kind": kind, "name": name, **(fields or {})}
    )
    return created, True


def find_perspective(initiative: Initiative, name: str) -> Perspective | None:
    """Return the initiative's perspective whose label or key is ``name`` (any case)."""
    name = name.strip()
    if not name:
        return None
    perspectives = Perspective.objects.filter(initiative=initiative)
    return (
        perspectives.filter(label__iexact=name).first()
        or perspectives.filter(key__iexact=name.replace(" ", "_")).first()
    )


def add_note(*, stakeholder: Stakeholder, actor: User | None, line: str) -> bool:
    """Append ``line`` to the stakeholder's notes unless the notes already hold it."""
    line = line.strip()
    if not line or line.casefold() in stakeholder.notes.casefold():
        return False
    notes = f"{stakeholder.notes.rstrip()}\n{line}".strip()
    update_stakeholder(stakeholder=stakeholder, actor=actor, fields={"notes": notes})
    return True


def upsert_plan(
    *,
    initiative: Initiative,
    actor: User | None,
    stakeholder: Stakeholder | None,
    kind: str,
    topic: str,
    summary: str,
    details: Mapping[str, Any],
    tool: str,
) -> bool:
    """Write the plan of ``kind`` and ``topic`` for ``stakeholder``; return whether it is new."""
    plan, created = GroupPlan.objects.get_or_create(
        initiative=initiative,
        stakeholder=stakeholder,
        kind=kind,
        topic=topic[:200],
        defaults={"summary": summary, "details": dict(details), "source_tool": tool},
    )
    if not created and (plan.summary != summary or plan.details != dict(details)):
        plan.summary, plan.details, plan.updated_by = summary, dict(details), actor
        plan.save(update_fields=["summary", "details", "updated_by", "updated_at"])
    elif created:
        plan.updated_by = actor
        plan.save(update_fields=["updated_by"])
    return created


def clean_details(row: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, str]:
    """Return the text answers of ``row`` under ``keys``, leaving out the blank ones."""
    return {k: text(row.get(k)) for k in keys if text(row.get(k))}


def worksheet_answers(worksheet: Worksheet) -> dict[str, dict[str, Any]]:
    """Return a worksheet's answers as {section key: {field key: value}}."""
    return worksheet_values(worksheet)


def register(key: str, apply: Apply, label: Any) -> None:
    """Register ``apply(initiative=, actor=, values=)`` as the worksheet feed ``key``."""

    def feed(*, worksheet: Worksheet, section_key: str, actor: User | None) -> FeedResult:
        return apply(
            initiative=worksheet.initiative, actor=actor, values=worksheet_answers(worksheet)
        )

    feed.__name__ = f"feed_{key}"
    register_feed(key, feed, label)
