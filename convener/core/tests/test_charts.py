"""The one chart-geometry package: bars, stacked bars, axes and grids, without a database."""

from __future__ import annotations

import datetime as dt
import re

from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from convener.core import charts
from convener.core.charts.axes import line_chart, shift_chart, support_chart
from convener.core.charts.grids import SHADES, combined_grid, shaded_quadrants

LONG = (
    "Families and youth who have lived experience of the system of care, including those who "
    "left services early"
)
FRAMES = (charts.PRINT, charts.PAGE, charts.DASHBOARD, charts.NARROW)

labels = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=140)
values = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False))
rows = st.lists(
    st.builds(
        charts.BarRow,
        label=labels,
        value=values,
        text=st.just("n"),
        marker=st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False)),
    ),
    max_size=12,
)


@given(rows=rows, frame=st.sampled_from(FRAMES))
def test_no_bar_or_mark_leaves_the_room_and_rows_never_overlap(rows, frame):
    chart = charts.bar_chart(rows, frame)
    bottom = 0.0
    for bar in chart.bars:
        assert 0 <= bar.width <= frame.bar_room
        if bar.marker_x is not None:
            assert chart.left <= bar.marker_x <= chart.left + frame.bar_room
        assert bar.text_x > chart.left + bar.width  # the figure is written after the bar
        assert bar.y >= bottom  # each row starts below the last
        assert bar.lines[0].y > bottom
        bottom = max(bar.y + frame.bar_height, bar.lines[-1].y)
    assert chart.height >= bottom


@given(rows=rows, frame=st.sampled_from(FRAMES))
def test_labels_are_never_lost_only_wrapped(rows, frame):
    chart = charts.bar_chart(rows, frame)
    for row, bar in zip(rows, chart.bars, strict=True):
        assert all(len(line.text) <= frame.label_chars for line in bar.lines)
        kept = "".join("".join(line.text.split()) for line in bar.lines)
        assert kept == "".join(row.label.split())


def test_a_long_label_is_wrapped_whole_never_cut():
    lines = charts.wrap_label(LONG, charts.NARROW.label_chars)
    assert len(lines) == 2
    assert all(len(line) <= charts.NARROW.label_chars for line in lines)
    assert " ".join(lines) == LONG
    assert charts.wrap_label("", 30) == ("",)


def test_labels_above_the_bars_make_room_for_their_extra_lines():
    chart = charts.bar_chart(
        [charts.BarRow(LONG, 2, "2"), charts.BarRow("Short", 1, "1")], charts.NARROW
    )
    first, second = chart.bars
    assert [line.y for line in first.lines] == [13, 29]
    assert first.y == 16 + 18  # the bar sits under the last line
    assert second.lines[0].y == 40 + 16 + 13  # the next row starts after the extra line
    assert chart.height == 2 * 40 + 16
    assert (chart.label_x, chart.label_anchor) == (0, "start")


def test_labels_in_a_column_are_centred_on_their_bar():
    chart = charts.bar_chart([charts.BarRow(LONG, 1, "1")], charts.PRINT)
    (bar,) = chart.bars
    middle = (bar.lines[0].y + bar.lines[-1].y) / 2
    assert middle == bar.text_y
    assert (chart.label_x, chart.label_anchor) == (charts.PRINT.label_width - 8, "end")


def test_the_largest_value_or_mark_fills_the_room_and_suppressed_rows_have_no_bar():
    frame = charts.PRINT
    chart = charts.bar_chart(
        [charts.BarRow("A", 0.5, "50%", 0.25), charts.BarRow("B", None, "fewer than 5")], frame
    )
    first, second = chart.bars
    assert first.width == frame.bar_room
    assert first.marker_x == frame.label_width + frame.bar_room / 2
    assert first.text_x == frame.label_width + frame.bar_room + 6
    assert second.suppressed
    assert second.width == 0.0
    assert chart.height == 2 * frame.top + 2 * frame.step


def test_a_fixed_top_keeps_shares_of_a_whole_and_figures_after_the_track():
    frame = charts.DASHBOARD
    chart = charts.bar_chart([charts.BarRow("A", 0.25, "25%", 0.5)], frame, top=1.0)
    (bar,) = chart.bars
    assert bar.width == frame.bar_room / 4
    assert bar.marker_x == frame.label_width + frame.bar_room / 2
    assert bar.text_x == frame.label_width + frame.bar_room + 6  # after the whole track
    assert charts.bar_chart([], frame).bars == ()


def test_count_rows_write_their_count():
    rows = charts.count_rows([("Webinar", 3), ("Meeting", 0)])
    assert [(r.label, r.value, r.text) for r in rows] == [("Webinar", 3, "3"), ("Meeting", 0, "0")]


def test_stacked_segments_fill_the_bar_and_suppressed_rows_show_only_their_text():
    levels = [("a", "#111111"), ("b", "#222222"), ("c", "#333333")]
    chart = charts.stacked_chart(
        [("All", [1, 1, 2], "4"), ("Small", None, "hidden")], levels, charts.PRINT
    )
    widths = [seg.width for seg in chart.bars[0].segments]
    assert sum(widths) == charts.PRINT.bar_room
    assert [seg.fill for seg in chart.bars[0].segments] == ["#111111", "#222222", "#333333"]
    assert chart.bars[1].suppressed
    assert chart.bars[1].segments == ()
    assert [name for name, _fill, _x in chart.legend] == ["a", "b", "c"]
    assert chart.legend_y > chart.bars[-1].y + chart.bar_height


def test_shaded_quadrants_darken_with_their_share():
    cells = shaded_quadrants([("FF", 6, 60), ("FW", 0, 0), ("IF", 1, 10), ("IW", 3, 30)])
    assert cells[0].fill == SHADES[4]
    assert cells[0].ink == "#ffffff"
    assert cells[1].fill == SHADES[0]
    assert [(c.x, c.y) for c in cells] == [(40, 24), (220, 24), (40, 204), (220, 204)]


def test_many_statements_become_numbered_points_on_one_grid():
    grids = [
        {"label": f"Way {n}", "count": 3, "dot": {"x": 10.0 * n, "y": 20.0} if n != 2 else None}
        for n in range(1, 4)
    ]
    axes = {"x_low": "From", "x_high": "With", "y_low": "Informal", "y_high": "Formal"}
    combined = combined_grid(grids, axes, ["a", "b", "c", "d"])
    assert [p["number"] for p in combined["points"]] == [1, 2, 3]
    assert [p["label"] for p in combined["placed"]] == ["Way 1", "Way 3"]  # way 2 unplaced
    assert [c["label"] for c in combined["cells"]] == ["a", "b", "c", "d"]


@given(st.lists(st.floats(min_value=0, max_value=1), max_size=8))
def test_support_dots_stay_on_their_axis(shares):
    chart = support_chart([(f"g{n}", v) for n, v in enumerate(shares)])
    assert all(chart.left <= dot.x <= chart.right for dot in chart.dots)
    assert chart.midpoint_x == (chart.left + chart.right) / 2


def test_shift_lines_run_from_the_first_to_the_last_round():
    chart = shift_chart([("Row", [1.0, 4.0]), ("Gap", [None, 2.5])], ["R1", "R2"], list("abcd"))
    first, second = chart.lines
    assert (first.x1, first.x2) == (chart.ticks[0][0], chart.ticks[3][0])
    assert [d.step for d in second.dots] == [1]
    assert second.x1 == second.x2


def test_line_panels_share_one_time_axis_with_their_own_scale():
    day = dt.date(2026, 1, 1)
    chart = line_chart(
        [("Trend", [(day, 50.0), (day + dt.timedelta(days=10), 75.0)]), ("Count", [(day, 3.0)])],
        {"Trend": 100},
    )
    trend, count = chart.panels
    assert (trend.high, count.high) == ("100", "3")  # a ceiling, or the highest value
    assert trend.dots[0].x == count.dots[0].x == chart.left
    assert [t[2] for t in chart.ticks] == ["start", "end"]


def test_the_include_draws_every_bar_with_print_safe_attributes_in_any_language():
    chart = charts.bar_chart(
        [charts.BarRow(LONG, 1.5, "1.5", 0.75, flag="reason", fill="#a4161a")], charts.DASHBOARD
    )
    with translation.override("es"):
        html = render_to_string(
            "includes/bar_chart.html",
            {"chart": chart, "title": "Shares", "title_id": "t", "spell_out": True},
        )
    assert 'role="img"' in html
    assert f"Shares: {LONG} 1.5" in " ".join(html.split())
    lines = charts.wrap_label(LONG, charts.DASHBOARD.label_chars)
    assert html.count("<tspan") == len(lines) > 1  # the long label wrapped, whole
    assert all(f">{line}</tspan>" in html for line in lines)
    for drawn in ('class="bar reason"', 'fill="#a4161a"', 'class="track"', 'class="marker"'):
        assert drawn in html
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', html)
    assert coordinates
    assert not [c for c in coordinates if "," in c]  # no decimal commas
