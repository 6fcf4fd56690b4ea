"""Turn an item's results into charts and a table alternative for the templates.

Which rows, words and figures each kind shows is decided here; the shapes are placed by
``convener.core.charts`` and drawn as inline SVG by ``live/_chart.html`` (no JavaScript, so
they print and work without scripts). Every chart comes with a table holding the same
figures, for screen readers and for anyone who prefers numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convener.core import charts
from convener.core.charts.grids import combined_grid, dot_grid
from convener.live import kinds, selectors
from convener.live.models import Item


def _bars(
    rows: list[dict[str, Any]],
    *,
    value: str = "count",
    top: float | None = None,
    percent: bool = True,
) -> dict[str, Any]:
    """Lay out one bar a row, labels above their bars (``NARROW``), scaled to ``top`` (the
    largest value by default); the figure reads "amount (share%)", with ✓ on the right answer."""
    bar_rows = []
    for row in rows:
        amount = row.get(value) or 0
        share = round(100 * float(row.get("share") or 0))
        text = str(amount) + (f" ({share}%)" if percent and share else "")
        correct = bool(row.get("correct", False))
        bar_rows.append(
            charts.BarRow(
                (f"{row['emoji']} " if row.get("emoji") else "") + str(row["label"]),
                float(amount),
                text + (" ✓" if correct else ""),
                flag="is-correct" if correct else "",
            )
        )
    layout = charts.bar_chart(bar_rows, charts.NARROW, top=top)
    return {"type": "bars", "layout": layout, "height": layout.height}


def chart_for(
    item: Item, bucket: dict[str, Any], *, show_key: bool, language: str = "en"
) -> dict[str, Any]:
    """Return the chart and its table for one bucket of results (see kinds.results).

    Which chart is the kind's choice (``Kind.chart``); the item's own words (axes, quadrant
    labels, scale) are in the viewer's language.
    """
    rules = kinds.get(item.kind)
    config = kinds.localise(item.kind, item.config or {}, item.prompt, language)[1]
    return _CHARTS[rules.chart](rules, config, bucket, show_key)


def _caption(n: int) -> str:
    return ngettext("%(n)d answer", "%(n)d answers", n) % {"n": n}


def _cloud(
    rules: kinds.Kind, config: dict[str, Any], bucket: dict[str, Any], show_key: bool
) -> dict[str, Any]:
    n = bucket.get("n", 0)
    caption = _caption(n)
    words = bucket.get("words") or []
    return {
        "type": "cloud",
        "n": n,
        "caption": caption,
        "words": [{**w, "size": 1 + round(4 * float(w.get("weight", 0)))} for w in words],
    }


def _ratings(
    rules: kinds.Kind, config: dict[str, Any], bucket: dict[str, Any], show_key: bool
) -> dict[str, Any]:
    n = bucket.get("n", 0)
    caption = _caption(n)
    rows = bucket.get("statements") or []
    low, high = config.get("min", 1), config.get("max", 10)
    means = [
        {
            "label": r["label"] or _("Rating"),
            "count": r.get("mean") or 0,
            "share": ((r.get("mean") or low) - low) / ((high - low) or 1) if r.get("mean") else 0,
        }
        for r in rows
    ]
    chart = _bars(means, top=float(high), percent=False)
    chart.update(
        caption=caption,
        n=n,
        scale=f"{low}-{high}",
        table={
            "head": [_("Statement"), _("Mean"), _("Answers")]
            + [str(v) for v in range(low, high + 1)],
            "rows": [
                [r["label"] or _("Rating"), r.get("mean") if r.get("mean") is not None else "-",
                 r.get("count", 0), *[d["count"] for d in r.get("distribution", [])]]
                for r in rows
            ],
        },
        value_kind="mean",
    )  # fmt: skip
    return chart


def _quadrants(
    rules: kinds.Kind, config: dict[str, Any], bucket: dict[str, Any], show_key: bool
) -> dict[str, Any]:
    n = bucket.get("n", 0)
    caption = _caption(n)
    axes = {k: config.get(k, "") for k in ("x_low", "x_high", "y_low", "y_high")}
    labels = [*list(config.get("quadrant_labels") or ["", "", "", ""]), "", "", "", ""]
    grids = [dot_grid(r, axes, labels[:4]) for r in bucket.get("statements") or []]
    return {
        "type": "quadrants",
        "n": n,
        "caption": caption,
        "grids": grids,
        "combined": combined_grid(grids, axes, labels[:4]) if len(grids) > 1 else None,
        "table": {
            "head": [
                _("Placed"),
                _("Dots"),
                labels[0] or _("Top left"),
                labels[1] or _("Top right"),
                labels[2] or _("Bottom left"),
                labels[3] or _("Bottom right"),
                _("Average position (x, y)"),
            ],
            "rows": [
                [g["label"] or _("Your dot"), g["count"], *g["cells_counts"],
                 f"{g['dot']['cx']}, {g['dot']['cy']}" if g["dot"] else "-"]
                for g in ({**g, "cells_counts": [c["count"] for c in g["cells"]]}
                          for g in grids)
            ],
        },
    }  # fmt: skip


def _scores(
    rules: kinds.Kind, config: dict[str, Any], bucket: dict[str, Any], show_key: bool
) -> dict[str, Any]:
    n = bucket.get("n", 0)
    caption = _caption(n)
    rows = bucket.get("statements") or []
    answers = {s["key"]: s.get("answer") for s in config.get("statements", [])}
    distribution = bucket.get("score_distribution") or []
    total = len(answers)
    chart = _bars(
        [
            {"label": _("%(right)d of %(total)d right") % {"right": d["right"], "total": total},
             "count": d["count"], "share": d["count"] / n if n else 0}
            for d in distribution
        ]
    )  # fmt: skip
    head = [_("Statement"), *[c["label"] for c in (rows[0]["categories"] if rows else [])]]
    if show_key:
        head.append(_("Right answer"))
    table_rows = []
    for r in rows:
        cells: list[Any] = [r["label"], *[c["count"] for c in r["categories"]]]
        if show_key:
            cells.append(
                next(
                    (c["label"] for c in r["categories"] if c["key"] == answers.get(r["key"])),
                    "",
                )
            )
        table_rows.append(cells)
    chart.update(
        caption=caption,
        n=n,
        title=_("Scores"),
        table={"head": head, "rows": table_rows},
        mean_score=_percent(bucket.get("mean_score")),
    )
    return chart


def _option_bars(
    rules: kinds.Kind, config: dict[str, Any], bucket: dict[str, Any], show_key: bool
) -> dict[str, Any]:
    n = bucket.get("n", 0)
    caption = _caption(n)
    rows = list(bucket.get("options") or [])
    right = rules.right_option(config) if show_key else None
    if right is not None:
        rows = [{**r, "correct": r["key"] == right} for r in rows]
    value = rules.bar_value
    chart = _bars(rows, value=value)
    head = [_("Option"), _("Points") if value == "points" else _("Answers"), _("Share")]
    chart.update(
        caption=caption,
        n=n,
        table={
            "head": head,
            "rows": [
                [
                    (f"{r['emoji']} " if r.get("emoji") else "") + str(r["label"])
                    + (f" ({_('right answer')})" if r.get("correct") else ""),
                    r.get(value, 0),
                    f"{round(100 * float(r.get('share') or 0))}%",
                ]
                for r in rows
            ],
        },
        mean_score=_percent(bucket.get("mean_score")),
    )  # fmt: skip
    return chart


Chart = Callable[[kinds.Kind, dict[str, Any], dict[str, Any], bool], dict[str, Any]]
_CHARTS: dict[str, Chart] = {
    "cloud": _cloud,
    "ratings": _ratings,
    "quadrants": _quadrants,
    "scores": _scores,
    "bars": _option_bars,
}
"""The charts a kind may choose (``Kind.chart``)."""


def spoken(chart: dict[str, Any]) -> str:
    """Return the chart's figures as one sentence for a screen reader's live region.

    Each row of the table alternative becomes "first cell: heading value, …" (a rating's
    distribution is left out: its mean and count say enough aloud); a word cloud lists its
    words with their counts.
    """
    if chart.get("type") == "cloud":
        figures = ", ".join(f"{w['word']} {w['count']}" for w in chart.get("words") or [])
    else:
        table = chart.get("table") or {"head": [], "rows": []}
        width = 3 if chart.get("value_kind") == "mean" else len(table["head"])
        figures = "; ".join(
            str(row[0])
            + ": "
            + ", ".join(
                f"{head} {cell}"
                for head, cell in zip(table["head"][1:width], row[1:width], strict=False)
            )
            for row in table["rows"]
        )
    return _("Results, %(caption)s. %(figures)s") % {
        "caption": chart.get("caption", ""),
        "figures": figures or _("No answers yet."),
    }


def _percent(value: float | None) -> int | None:
    return round(100 * value) if value is not None else None


def results_view(
    item: Item, *, for_staff: bool, language: str = "en", show_key: bool | None = None
) -> dict[str, Any] | None:
    """Return the charts for everyone and for each perspective (small groups suppressed).

    Return None while the results are hidden from this viewer.
    """
    raw = selectors.item_results(item, for_staff=for_staff, language=language)
    if not raw.get("visible") or "overall" not in raw:
        return None
    if show_key is None:
        show_key = for_staff or item.key_revealed
    overall = raw["overall"]
    split = []
    for bucket in raw.get("by_perspective") or []:
        entry = {
            "key": bucket["key"],
            "label": bucket["label"],
            "suppressed": bucket["suppressed"],
            "note": bucket.get("note", ""),
        }
        if not bucket["suppressed"]:
            entry["chart"] = chart_for(
                item, bucket["results"], show_key=show_key, language=language
            )
            entry["chart"]["uid"] = f"chart-{item.pk}-{bucket['key']}"
        split.append(entry)
    everyone = chart_for(item, overall, show_key=show_key, language=language)
    everyone["uid"] = f"chart-{item.pk}"
    return {
        "item_id": item.pk,
        "kind": item.kind,
        "everyone": everyone,
        "spoken": spoken(everyone),
        "overall": overall,
        "split": split,
        "threshold": raw.get("threshold"),
        "n": overall.get("n", 0),
        "answers": raw.get("answers") or [],
        "version": raw.get("version"),
    }
