"""Results that teach, for the projector: a sorting quiz's right sorting beside how the room
sorted each statement, and a ranking as the room's order with each option's mean position.

Pure functions over the results of ``kinds.results`` (no database).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def sorting_rows(
    overall: Mapping[str, Any], config: Mapping[str, Any], *, show_key: bool
) -> list[dict[str, Any]]:
    """Return one row per statement: the room's share per category, and the right one if shown.

    ``right_share`` is the share of the room that sorted the statement correctly.
    """
    answers = {s["key"]: s.get("answer") for s in config.get("statements") or []}
    rows = []
    for statement in overall.get("statements") or []:
        right = answers.get(statement["key"]) if show_key else None
        cells = [
            {
                "key": c["key"],
                "label": c["label"],
                "percent": round(100 * c["share"]),
                "right": c["key"] == right,
            }
            for c in statement["categories"]
        ]
        rows.append(
            {
                "label": statement["label"],
                "count": statement["count"],
                "cells": cells,
                "right_label": next((c["label"] for c in cells if c["right"]), ""),
                "right_percent": next((c["percent"] for c in cells if c["right"]), None),
            }
        )
    return rows


def ranking_rows(overall: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the options in the room's order, each with its mean position (1 = first)."""
    options = list(overall.get("options") or [])
    size = len(options)
    rows = []
    for place, option in enumerate(options, start=1):
        # Borda points: first of n gets n, so the mean position is n + 1 - mean points.
        mean = round(size + 1 - option["mean_points"], 1) if option["count"] else None
        rows.append({"place": place, "label": option["label"], "mean_position": mean})
    return rows
