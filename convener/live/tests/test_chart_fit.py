"""Chart geometry that fits a projector: whole bar labels over several lines, and one 2x2 of
numbered points for many statements."""

from __future__ import annotations

from convener.live.views.charts import LABEL_CHARS, _bars, combined_quadrant, label_lines

LONG = (
    "Families and youth who have lived experience of the system of care, including those who "
    "left services early"
)


def test_a_long_label_is_wrapped_whole_never_cut():
    lines = label_lines(LONG)
    assert len(lines) == 2
    assert all(len(line) <= LABEL_CHARS for line in lines)
    assert " ".join(lines) == LONG
    assert label_lines("") == [""]


def test_wrapped_bars_make_room_for_their_extra_lines():
    chart = _bars([{"label": LONG, "count": 2}, {"label": "Short", "count": 1}])
    first, second = chart["bars"]
    assert [line["y"] for line in first["lines"]] == [13, 29]
    assert first["bar_y"] == 16 + 18  # the bar sits under the last line
    assert second["y"] == 40 + 16  # the next row starts after the extra line
    assert chart["height"] == 2 * 40 + 16


def test_many_statements_become_numbered_points_on_one_grid():
    grids = [
        {"label": f"Way {n}", "count": 3, "dot": {"x": 10.0 * n, "y": 20.0} if n != 2 else None}
        for n in range(1, 4)
    ]
    axes = {"x_low": "From", "x_high": "With", "y_low": "Informal", "y_high": "Formal"}
    combined = combined_quadrant(grids, axes, ["a", "b", "c", "d"])
    assert [p["number"] for p in combined["points"]] == [1, 2, 3]
    assert [p["label"] for p in combined["placed"]] == ["Way 1", "Way 3"]  # way 2 unplaced
    assert [c["label"] for c in combined["cells"]] == ["a", "b", "c", "d"]
