"""Helpers shared by the live pages: fetching with permission, item display, the QR code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import segno
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from convener.initiatives.permissions import Access
from convener.live import kinds
from convener.live.models import Item, LiveSession, Vote

QUIZ_KINDS = kinds.QUIZ_KINDS
VOTING_KINDS = kinds.VOTING_KINDS
SOURCE_LANGUAGE = "en"  # items are written in English, with other languages beside it
CHOICE_KINDS = kinds.CHOICE_KINDS


def context(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "initiative": access.initiative, **extra}


def session_for(access: Access, session_id: int) -> LiveSession:
    return get_object_or_404(LiveSession, pk=session_id, initiative=access.initiative)


def item_for(session: LiveSession, item_id: int) -> Item:
    return get_object_or_404(Item, pk=item_id, session=session)


def join_url(request: HttpRequest, session: LiveSession) -> str:
    return request.build_absolute_uri(reverse("join:session", args=[session.join_code]))


def qr_svg(url: str, title: str) -> SafeString:
    """Return an inline SVG QR code for ``url`` (segno writes it from the URL alone)."""
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#1b1f24", title=title)
    return mark_safe(svg.replace("<svg ", '<svg role="img" class="qr" ', 1))


def _xy(mine: Any) -> tuple[float | None, float | None]:
    if isinstance(mine, dict) and "x" in mine and "y" in mine:
        return float(mine["x"]), float(mine["y"])
    return None, None


def fallback_languages(item: Item, language: str) -> Callable[[str | None], str]:
    """Return ``own(part)``: "en" when ``part`` shows in its English original, else "".

    ``part`` is a text's name ("prompt", "body", "x_low") or an option's or statement's key.
    Pages mark such text with lang="en", so that a screen reader set to Spanish reads it in
    English (WCAG 3.1.2).
    """
    if language == SOURCE_LANGUAGE:
        return lambda part: ""
    texts = ((item.config or {}).get("translations") or {}).get(language) or {}
    labels = texts.get("labels") or {}
    return lambda part: "" if part and (texts.get(part) or part in labels) else SOURCE_LANGUAGE


def item_view(
    item: Item, *, language: str = "en", vote: Vote | None = None, staff: bool = False
) -> dict[str, Any]:
    """Return what templates need to show an item, in ``language``, with a participant's vote.

    The answer key is included only once revealed, unless ``staff`` (facilitator pages).
    """
    rules = kinds.get(item.kind)
    prompt, config = kinds.localise(item.kind, item.config or {}, item.prompt, language)
    own = fallback_languages(item, language)
    value = vote.value if vote is not None else None
    show_key = staff or item.key_revealed

    def label(entry: dict[str, Any]) -> str:
        return str(entry.get("label") or entry["key"])

    categories = [{"key": c["key"], "label": label(c)} for c in config.get("categories", [])]
    category_labels = {c["key"]: c["label"] for c in categories}
    options = []
    for position, option in enumerate(config.get("options", []), start=1):
        key = option["key"]
        chosen = value == key or (isinstance(value, list) and key in value)
        options.append(
            {
                "key": key,
                "label": label(option),
                "lang": own(option.get("key")),
                "emoji": option.get("emoji", ""),
                "image": option.get("image", ""),
                "alt": option.get("alt", ""),
                "chosen": chosen,
                "correct": show_key and config.get("answer") == key,
                "rank": (value.index(key) + 1) if isinstance(value, list) and key in value
                else position,
            }
        )  # fmt: skip
    if rules.ranked and isinstance(value, list):
        options.sort(key=lambda o: o["rank"])
    statements = []
    for statement in config.get("statements", []):
        key = statement["key"]
        mine = value.get(key) if isinstance(value, dict) else None
        answer = statement.get("answer")
        x, y = _xy(mine)
        statements.append(
            {
                "key": key,
                "label": label(statement),
                "lang": own(key),
                "value": mine,
                "x": x,
                "y": y,
                "cx": 50 if x is None else x,
                "cy": 50 if y is None else 100 - y,
                "answer": answer if show_key else None,
                "answer_label": category_labels.get(answer or "", "") if show_key else "",
                "right": show_key and mine is not None and mine == answer,
            }
        )
    if rules.one_dot and not statements:
        mine = value.get("_") if isinstance(value, dict) else None
        x, y = _xy(mine)
        statements.append(
            {
                "key": "_",
                "label": _("Your dot"),
                "value": mine,
                "x": x,
                "y": y,
                "cx": 50 if x is None else x,
                "cy": 50 if y is None else 100 - y,
            }
        )
    low, high = config.get("min", 1), config.get("max", 10)
    answer = config.get("answer")
    return {
        "id": item.pk,
        "item": item,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "position": item.position,
        "prompt": prompt,
        "prompt_lang": own("prompt"),
        "body": config.get("body", ""),
        "body_lang": own("body"),
        "axes_lang": own("x_low"),
        "notes": config.get("notes", "") if staff else "",
        "answer_kind": "multi" if kinds.several_emoji(item.kind, config) else item.kind,
        # What the participant's form shows and how its script behaves, decided here.
        "form": rules.answer_form(config),
        "instant": rules.sends_on_change(config),
        "pictures": rules.pictures,
        "groups": rules.groups,
        "reason": rules.reason,
        "edited_here": rules.edited_here,
        "statement_count": 0 if rules.one_dot else len(statements),
        "explanation": config.get("explanation", "") if show_key else "",
        "status": item.status,
        "is_open": item.status == "open",
        "revealed": item.revealed,
        "key_revealed": item.key_revealed,
        "show_key": show_key and rules.quiz,
        "answer_shown": rules.quiz and (item.revealed or item.key_revealed),
        "options": options,
        "statements": statements,
        "categories": categories,
        "scale": list(range(int(low), int(high) + 1)) if rules.scale else [],
        # 7 to 12 points fold into two equal rows on a phone (5 + 5 for 1-10), not 6 + 4.
        "scale_halves": -(-(int(high) - int(low) + 1) // 2) if rules.scale else 0,
        "low_label": config.get("low_label", ""),
        "high_label": config.get("high_label", ""),
        "max": config.get("max", 0),
        "max_length": config.get("max_length", 280),
        "axes": {k: config.get(k, "") for k in ("x_low", "x_high", "y_low", "y_high")},
        "quadrant_labels": config.get("quadrant_labels") or [],
        "quadrant_cells": ([*(config.get("quadrant_labels") or []), "", "", "", ""])[:4],
        "answer_is_true": answer is True,
        "answer_label": next((o["label"] for o in options if o["key"] == answer), ""),
        "value": value,
        "text": vote.text if vote is not None else "",
        "score": vote.score if vote is not None else None,
        "score_percent": round(vote.score * 100) if vote is not None and vote.score is not None
        else None,
        "answered": vote is not None,
        "votes": rules.votes,
        "is_quiz": rules.quiz,
        "timer_ends_at": item.timer_ends_at,
        "group_prompt": config.get("prompt", ""),
    }  # fmt: skip


def js_strings() -> dict[str, str]:
    """Return the texts the live pages' scripts show, in the active language."""
    return {
        "saved": _("Your answer is saved. You can change it while the question is open."),
        "sending": _("Sending…"),
        "not_saved": _("Not saved. Try again."),
        "choose_first": _("Choose an answer first."),
        "max_reached": _("You can choose up to {max}."),
        "chosen": _("{n} of {max} chosen"),
        "characters_left": _("{n} characters left"),
        "dot_at": _("Dot at {x} across, {y} up"),
        "move_up": _("Move {label} up"),
        "move_down": _("Move {label} down"),
        "moved_to": _("{label} is now in place {n}"),
        "place_of": _("{n} of {total}"),
        "new_question": _("New question: {prompt}"),
        "saving": _("Saving…"),
        "notes_saved": _("Notes saved."),
        "notes_conflict": _(
            "Someone in your group saved first. Their notes are shown, with yours below to merge."
        ),
        "notes_newer": _("Your group has newer notes; they will appear when you save."),
        "updated": _("The screen was updated."),
        "answers_now": _("{n} answers"),
        "reconnecting": _("Connection lost; reconnecting…"),
        "polling": _("Live connection unavailable; checking for updates every few seconds."),
        "offline": _("You seem to be offline; your answers are kept and sent when back."),
        "pause": _("Pause updates"),
        "resume": _("Resume updates"),
        "times_up": _("Time is up"),
        "time_left": _("{time} left"),
    }
