"""Dots placed on a 2x2 grid (x and y from 0 to 100), one per statement or one alone."""

from __future__ import annotations

import math
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
    is_number,
    label,
    statement_answers,
)


def quadrant_of(x: float, y: float) -> int:
    """Return 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right (y grows upwards)."""
    return (1 if y >= 50 else 3) + (1 if x >= 50 else 0)


class Quadrant(Kind):
    key = "quadrant"
    form = "quadrant"
    chart = "quadrants"
    one_dot = True
    quadrant_labels = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        for axis in ("x_low", "x_high", "y_low", "y_high"):
            if not str(config.get(axis, "")).strip():
                problems.append(_("Name both ends of both axes."))
                break
        labels = config.get("quadrant_labels")
        if labels is not None and (
            not isinstance(labels, list)
            or len(labels) != 4
            or not all(isinstance(x, str) for x in labels)
        ):
            problems.append(_("Give four quadrant labels, or none."))
        check_statements(config, problems, required=False)

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        keys = [s["key"] for s in config.get("statements", [])] or [ONE_DOT]
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

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        value = statement_answers(value, config)
        cleaned: dict[str, dict[str, float]] = {}
        for key, point in value.items():
            if not isinstance(point, dict) or not all(
                is_number(point.get(axis)) and 0 <= point[axis] <= 100 for axis in ("x", "y")
            ):
                raise InvalidVote(_("Place each dot inside the grid."))
            cleaned[key] = {"x": float(point["x"]), "y": float(point["y"])}
        return cleaned

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        for key, point in value.items():
            x, y = float(point["x"]), float(point["y"])
            add(key, 1, x)
            add(f"{key}.y", 1, y)
            add(f"{key}.xx", 1, x * x)
            add(f"{key}.yy", 1, y * y)
            add(f"{key}@q{quadrant_of(x, y)}")

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        count, total = counter(tallies)
        rows = []
        for statement in config.get("statements") or [{"key": ONE_DOT, "label": ""}]:
            key = statement["key"]
            dots = count(key)
            spot: dict[str, Any] = {
                "key": key,
                "label": label(statement, language, config),
                "count": dots,
                "quadrants": [count(f"{key}@q{q}") for q in (1, 2, 3, 4)],
                "centroid": None,
                "spread": None,
            }
            if dots:
                mx, my = total(key) / dots, total(f"{key}.y") / dots
                spot["centroid"] = {"x": round(mx, 1), "y": round(my, 1)}
                spot["spread"] = {
                    "x": round(math.sqrt(max(0.0, total(f"{key}.xx") / dots - mx * mx)), 1),
                    "y": round(math.sqrt(max(0.0, total(f"{key}.yy") / dots - my * my)), 1),
                }
            rows.append(spot)
        out["statements"] = rows


QUADRANT = Quadrant()
