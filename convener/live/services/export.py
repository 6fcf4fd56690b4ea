"""A session's answers as rows for the spreadsheet export."""

from __future__ import annotations

from typing import Any

from convener.live.models import (
    Item,
    LiveSession,
    Vote,
)


def _value_text(item: Item, value: Any) -> str:
    if isinstance(value, dict):
        parts = []
        for key, answer in value.items():
            if isinstance(answer, dict):
                answer = f"({answer.get('x')}, {answer.get('y')})"
            parts.append(f"{key}={answer}")
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def export_rows(session: LiveSession) -> tuple[list[str], list[list[Any]]]:
    """Return the header and one row per answer of ``session``, for the safe CSV/XLSX writer."""
    header = [
        "item",
        "kind",
        "prompt",
        "participant",
        "perspective",
        "stakeholder_id",
        "answer",
        "text",
        "score",
        "hidden",
        "answered_at",
    ]
    rows: list[list[Any]] = []
    votes = (
        Vote.objects.filter(item__session=session)
        .select_related("item", "participant__perspective")
        .order_by("item__position", "participant__joined_at")
    )
    for vote in votes:
        p = vote.participant
        rows.append(
            [
                vote.item.position,
                vote.item.kind,
                vote.item.prompt,
                p.display_name,
                p.perspective.label if p.perspective else "",
                p.stakeholder_id or "",
                _value_text(vote.item, vote.value),
                vote.text,
                "" if vote.score is None else round(vote.score, 4),
                vote.hidden,
                vote.updated_at.isoformat(),
            ]
        )
    return header, rows
