"""Turn a participant's plain HTML form into a vote value, so answering works without JavaScript.

Pure: reads a ``QueryDict`` and the item's config, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class InvalidAnswer(ValueError):
    """The submitted form does not make an answer for this item."""


Answer = tuple[Any, str]


def answer_from_post(kind: str, config: dict[str, Any], post: QueryDict) -> Answer:
    """Return (vote value, text) from a participant's plain HTML form, per the kind's shape.

    Field names: ``choice`` (one or several keys, or "true"/"false"), ``r:<statement>``
    (rating), ``c:<statement>`` (classify), ``qx:<statement>``/``qy:<statement>`` (2x2),
    ``rank:<option>`` (ranking positions), ``text`` (open text or a reason).
    """
    reader = _READERS.get(kind)
    if reader is None:
        raise InvalidAnswer(_("This item takes no answers."))
    return reader(config, post, (post.get("text") or "").strip())


def _emoji(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    if isinstance(config.get("max"), int) and config["max"] > 1:
        return _multi(config, post, text)
    return _one_choice(config, post, text)


def _one_choice(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    choice = post.get("choice")
    if not choice:
        raise InvalidAnswer(_("Choose one of the options."))
    return choice, ""


def _proposal(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    return _one_choice(config, post, text)[0], text  # the text is the reason for a position


def _true_false(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    if post.get("choice") not in ("true", "false"):
        raise InvalidAnswer(_("Choose true or false."))
    return post.get("choice") == "true", ""


def _multi(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    chosen = post.getlist("choice")
    if not chosen:
        raise InvalidAnswer(_("Choose at least one option."))
    return chosen, ""


def _rating(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
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


def _classify(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    sorted_ = {
        s["key"]: post.get(f"c:{s['key']}")
        for s in config.get("statements", [])
        if post.get(f"c:{s['key']}")
    }
    if not sorted_:
        raise InvalidAnswer(_("Sort at least one statement."))
    return sorted_, ""


def _quadrant(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
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


def _open_text(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    if not text:
        raise InvalidAnswer(_("Write an answer first."))
    return text, text


def _ranking(config: dict[str, Any], post: QueryDict, text: str) -> Answer:
    positions = []
    for number, option in enumerate(config.get("options", [])):
        try:
            place = int(post.get(f"rank:{option['key']}") or 0)
        except ValueError:
            place = 0
        # Unranked options follow the ranked ones, in the order they are listed.
        positions.append((place or 1000 + number, number, option["key"]))
    return [key for _place, _n, key in sorted(positions)], ""


_READERS: dict[str, Callable[[dict[str, Any], QueryDict, str], Answer]] = {
    "single": _one_choice,
    "emoji": _emoji,
    "image": _one_choice,
    "quiz": _one_choice,
    "proposal": _proposal,
    "true_false": _true_false,
    "multi": _multi,
    "rating": _rating,
    "classify": _classify,
    "quadrant": _quadrant,
    "open_text": _open_text,
    "ranking": _ranking,
}
