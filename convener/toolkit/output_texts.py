"""Show what the tools produced in the words of their worksheets: labels and choice names come
from the tool's worksheet definition in the active pack."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from convener.framework.packs.content import FieldDef
from convener.framework.services import active_pack
from convener.toolkit.models import GroupPlan, InitiativeStatement


@dataclass(frozen=True)
class PlanView:
    plan: GroupPlan
    kind: str
    topic: str
    lines: tuple[tuple[str, str], ...]  # (label, text)


def _columns(tool: str) -> dict[str, FieldDef]:
    """Return the fields and row columns of a tool's worksheet by key (first one wins)."""
    definition = active_pack().worksheet(tool)
    found: dict[str, FieldDef] = {}
    for section in definition.sections if definition else ():
        for field in section.fields:
            for fd in (field, *field.columns):
                found.setdefault(fd.key, fd)
    return found


def _choice_label(fields: Iterable[FieldDef], key: str, language: str) -> str:
    for fd in fields:
        for choice in fd.choices:
            if choice.key == key:
                return choice.label.get_text(language)
    return ""


def describe_plans(plans: Iterable[GroupPlan], language: str | None) -> list[PlanView]:
    """Return each plan with readable labels and choice names, as its worksheet words them."""
    language = language or "en"
    by_tool: dict[str, dict[str, FieldDef]] = {}
    views = []
    for plan in plans:
        fields = by_tool.setdefault(plan.source_tool, _columns(plan.source_tool))
        lines = []
        for key, text in plan.details.items():
            fd = fields.get(key)
            label = fd.label.get_text(language) if fd else key
            shown = _choice_label([fd], str(text), language) if fd and fd.choices else ""
            lines.append((label, shown or str(text)))
        topic = _choice_label(fields.values(), plan.topic, language) or plan.topic
        views.append(
            PlanView(plan=plan, kind=str(plan.get_kind_display()), topic=topic, lines=tuple(lines))
        )
    return views


@dataclass(frozen=True)
class StatementView:
    statement: InitiativeStatement
    variants: tuple[tuple[str, str], ...]  # (label, text)


def describe_statements(
    statements: Iterable[InitiativeStatement], language: str | None
) -> list[StatementView]:
    """Return each statement with its variants labelled as its worksheet names them."""
    language = language or "en"
    views = []
    for statement in statements:
        fields = _columns(statement.source_tool)
        variants = []
        for key, text in statement.variants.items():
            label = _choice_label(fields.values(), key, language)
            if not label and key in fields:
                label = fields[key].label.get_text(language)
            variants.append((label or key, str(text)))
        views.append(StatementView(statement=statement, variants=tuple(variants)))
    return views
