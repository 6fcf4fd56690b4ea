"""Turn a participant's plain HTML form into a vote value, so answering works without JavaScript.

Pure: reads a ``QueryDict`` and the item's config, no database.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class InvalidAnswer(ValueError):
    """The submitted form does not make an answer for this item."""


def answer_from_post(kind: str, config: dict[str, Any], post: QueryDict) -> tuple[Any, str]:
    """Return (vote value, text) from a participant's plain HTML form, per the kind's shape.

    Field names: ``choice`` (one or several keys, or "true"/"false"), ``r:<statement>``
    (rating), ``c:<statement>`` (classify), ``qx:<statement>``/``qy:<statement>`` (2x2),
    ``rank:<option>`` (ranking positions), ``text`` (open text or a reason).
    """
    text = (post.get("text") or "").strip()
    if kind in ("single", "emoji", "image", "quiz", "proposal"):
        choice = post.get("choice")
        if not choice:
            raise InvalidAnswer(_("Choose one of the options."))
        return choice, text if kind == "proposal" else ""
    if kind == "true_false":
        if post.get("choice") not in ("true", "false"):
            raise InvalidAnswer(_("Choose true or false."))
        return post.get("choice") == "true", ""
    if kind == "multi":
        chosen = post.getlist("choice")
        if not chosen:
            raise InvalidAnswer(_("Choose at least one option."))
        return chosen, ""
    if kind == "rating":
        values = {}
        for statement in config.get("statements", []):
            raw = post.get(f"r:{statement['key']}")
            if raw:
                try:
                    values[statement["key"]] = int(raw)
                except ValueError as error:
                    raise InvalidAnswer(_("Ratings must be whole numbers.")) from error
        if not values:
            raise InvalidAnswer(_("Rate at least one statement."))
        return values, ""
    if kind == "classify":
        sorted_ = {
            s["key"]: post.get(f"c:{s['key']}")
            for s in config.get("statements", [])
            if post.get(f"c:{s['key']}")
        }
        if not sorted_:
            raise InvalidAnswer(_("Sort at least one statement."))
        return sorted_, ""
    if kind == "quadrant":
        keys = [s["key"] for s in config.get("statements", [])] or ["_"]
        placed = {}
        for key in keys:
            x, y = post.get(f"qx:{key}") or "", post.get(f"qy:{key}") or ""
            if not x or not y:
                continue
            try:
                placed[key] = {"x": float(x), "y": float(y)}
            except ValueError as error:
                raise InvalidAnswer(_("Positions must be numbers from 0 to 100.")) from error
        if not placed:
            raise InvalidAnswer(_("Place at least one dot."))
        return placed, ""
    if kind == "open_text":
        if not text:
            raise InvalidAnswer(_("Write an answer first."))
        return text, text
    if kind == "ranking":
        positions = []
        for number, option in enumerate(config.get("options", [])):
            try:
                place = int(post.get(f"rank:{option['key']}") or 0)
            except ValueError:
                place = 0
            positions.append((place or 1000 + number, number, option["key"]))
        return [key for _place, _n, key in sorted(positions)], ""
    raise InvalidAnswer(_("This item takes no answers."))
