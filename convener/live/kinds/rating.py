"""Statements rated on a whole-number scale (``min``..``max``, 1 to 10 by default)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    ONE_DOT,
    Add,
    Answer,
    InvalidAnswer,
    InvalidVote,
    Kind,
    PostedForm,
    Tallies,
    check_statements,
    counter,
    is_int,
    label,
    statement_answers,
)


class Rating(Kind):
    key = "rating"
    form = "rating"
    instant = True
    chart = "ratings"
    scale = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        low, high = config.get("min", 1), config.get("max", 10)
        if not (is_int(low) and is_int(high) and -100 <= low < high <= 100):
            problems.append(_("The scale needs whole numbers with min below max."))
        check_statements(config, problems, required=False)

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
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

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        value = statement_answers(value, config)
        low, high = config.get("min", 1), config.get("max", 10)
        if not all(is_int(v) and low <= v <= high for v in value.values()):
            raise InvalidVote(_("Rate from %(low)d to %(high)d.") % {"low": low, "high": high})
        return dict(value)

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        for key, rating in value.items():
            add(key, 1, float(rating))
            add(f"{key}={rating}")

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        count, total = counter(tallies)
        low, high = config.get("min", 1), config.get("max", 10)
        rows = []
        for statement in config.get("statements") or [{"key": ONE_DOT, "label": ""}]:
            key = statement["key"]
            answered = count(key)
            rows.append(
                {
                    "key": key,
                    "label": label(statement, language, config),
                    "count": answered,
                    "mean": round(total(key) / answered, 2) if answered else None,
                    "distribution": [
                        {"value": v, "count": count(f"{key}={v}")} for v in range(low, high + 1)
                    ],
                }
            )
        out["statements"] = rows


RATING = Rating()
