"""2x2 quadrant grids: counts shaded by share (the report), and dots placed on a grid (live).

Quadrants are in reading order: top left, top right, bottom left, bottom right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Light to dark; the darkest takes white text.
SHADES = ("#ffffff", "#e8f1f5", "#bfd9e6", "#8dbbd1", "#0b5d7a")
QUADRANT_SIZE = 360
GRID = 240  # px of a live results grid's side


def _corners(size: float) -> tuple[tuple[float, float], ...]:
    half = size / 2
    return ((0.0, 0.0), (half, 0.0), (0.0, half), (half, half))


@dataclass(frozen=True)
class QuadrantCell:
    label: str
    count: int
    percent: int
    x: float
    y: float
    fill: str
    ink: str


def shaded_quadrants(rows: Sequence[tuple[str, int, int]]) -> tuple[QuadrantCell, ...]:
    """Place four (label, count, percent) cells; a cell is shaded darker as its percent grows."""
    cells = []
    for (label, count, pct), (x, y) in zip(rows, _corners(QUADRANT_SIZE), strict=False):
        step = 0 if pct <= 0 else min(len(SHADES) - 1, 1 + pct // 20)
        cells.append(
            QuadrantCell(
                label=label,
                count=count,
                percent=pct,
                x=x + 40,
                y=y + 24,
                fill=SHADES[step],
                ink="#ffffff" if step == len(SHADES) - 1 else "#1b1f24",
            )
        )
    return tuple(cells)


def dot_grid(row: dict[str, Any], axes: dict[str, str], labels: list[str]) -> dict[str, Any]:
    """Place one statement's counts per quadrant, and its average (0-100 each way) with its
    spread as an oval, on a ``GRID``-sized square."""
    half = GRID / 2
    counts = row.get("quadrants") or [0, 0, 0, 0]
    centroid = row.get("centroid")
    spread = row.get("spread") or {"x": 0, "y": 0}
    cells = [
        {"count": count, "label": label, "x": x + half / 2, "y": y + round(half * 0.8)}
        for count, label, (x, y) in zip(counts, labels, _corners(GRID), strict=True)
    ]
    return {
        "type": "quadrant",
        "label": row.get("label", ""),
        "count": row.get("count", 0),
        "size": GRID,
        "half": half,
        "cells": cells,
        "dot": {
            "x": round(GRID * centroid["x"] / 100, 1),
            "y": round(GRID * (100 - centroid["y"]) / 100, 1),
            "rx": max(4.0, round(GRID * spread["x"] / 100, 1)),
            "ry": max(4.0, round(GRID * spread["y"] / 100, 1)),
            "cx": centroid["x"],
            "cy": centroid["y"],
        }
        if centroid
        else None,
        "axes": axes,
        "labels": labels,
    }


def combined_grid(
    grids: list[dict[str, Any]], axes: dict[str, str], labels: list[str]
) -> dict[str, Any]:
    """Return one 2x2 with every statement's average as a numbered point, and its legend.

    For a screen that must show many statements at once (the projector): one grid, the full
    statement texts in a numbered list beside it.
    """
    points = [
        {"number": n, "label": g["label"], "count": g["count"], "dot": g["dot"]}
        for n, g in enumerate(grids, start=1)
    ]
    return {
        "size": GRID,
        "half": GRID / 2,
        "axes": axes,
        "labels": labels,
        "cells": [
            {"label": label, "x": x, "y": y}
            for label, (x, y) in zip(labels, _corners(GRID), strict=True)
        ],
        "points": points,
        "placed": [p for p in points if p["dot"]],
    }
