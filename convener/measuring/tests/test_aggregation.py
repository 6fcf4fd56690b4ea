"""Rubric aggregation: rounding, summaries, comparisons, suppression. No database."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from convener.measuring import aggregation as agg
from convener.measuring import indicators

LEVELS = agg.DEPTH_LEVELS
counts4 = st.lists(st.integers(min_value=0, max_value=10_000), min_size=4, max_size=4)


# --- Rounding -------------------------------------------------------------------------------


@given(counts4)
def test_percentages_sum_to_exactly_100_whenever_there_are_answers(counts):
    shares = agg.largest_remainder(counts)
    assert sum(shares) == (100 if sum(counts) else 0)


@given(counts4.filter(lambda c: sum(c) > 0))
def test_each_percentage_is_within_one_point_of_the_exact_share(counts):
    n = sum(counts)
    for count, share in zip(counts, agg.largest_remainder(counts), strict=True):
        assert abs(share - Fraction(100 * count, n)) < 1


@given(counts4)
def test_an_empty_level_never_gets_a_point(counts):
    for count, share in zip(counts, agg.largest_remainder(counts), strict=True):
        if count == 0:
            assert share == 0


def test_ties_in_the_remainders_go_to_the_shallower_level():
    # 1/3 each: 33.33… three times, the spare point goes to the first (informing).
    assert agg.largest_remainder([1, 1, 1, 0]) == (34, 33, 33, 0)
    assert agg.largest_remainder([0, 1, 1, 1]) == (0, 34, 33, 33)


def test_row_result_counts_percentages_modal_and_share():
    row = agg.row_result(
        "coalescing.data",
        {"informing": 2, "networking": 1, "collaborating": 4, "transforming": 1, "not_sure": 3},
    )
    assert row.n == 8
    assert row.not_sure == 3
    assert row.percent == {
        "informing": 25,
        "networking": 13,  # 12.5 and 12.5: the tie goes to the shallower level
        "collaborating": 50,
        "transforming": 12,
    }
    assert sum(row.percent.values()) == 100
    assert row.modal == "collaborating"
    assert row.collaborating_or_deeper == 62.5
    assert row.mean_position == (2 * 1 + 1 * 2 + 4 * 3 + 1 * 4) / 8


def test_a_row_with_only_not_sure_has_no_percentages_and_no_mode():
    row = agg.row_result("x", {"not_sure": 4})
    assert (row.n, row.not_sure, row.modal, row.collaborating_or_deeper) == (0, 4, None, None)
    assert set(row.percent.values()) == {0}


def test_modal_ties_go_to_the_shallower_level():
    assert agg.row_result("x", {"networking": 3, "transforming": 3}).modal == "networking"


def test_row_results_keep_instrument_order_and_ignore_unknown_rows_and_levels():
    rows = agg.row_results(
        {("b", "informing"): 2, ("a", "transforming"): 1, ("zzz", "informing"): 9, ("a", "?"): 5},
        ["a", "b", "c"],
    )
    assert [r.key for r in rows] == ["a", "b", "c"]
    assert [r.n for r in rows] == [1, 2, 0]


def test_shade_steps():
    assert [agg.shade_step(p) for p in (0, 1, 19, 20, 45, 60, 99, 100)] == [0, 1, 1, 2, 3, 4, 4, 4]


# --- Comparisons ----------------------------------------------------------------------------


def test_change_per_cell_in_points_and_shift_in_mean_depth():
    before = agg.row_result("r", {"informing": 6, "networking": 4})
    after = agg.row_result("r", {"networking": 5, "collaborating": 5})
    change = agg.compare_rows(before, after)
    assert change.points == {
        "informing": -60,
        "networking": 10,
        "collaborating": 50,
        "transforming": 0,
    }
    assert change.shift == 2.5 - 1.4
    assert change.deeper_points == 50.0


def test_compare_rounds_pairs_successive_rounds_on_shared_rows():
    r1 = agg.row_results({("a", "informing"): 1}, ["a", "b"])
    r2 = agg.row_results({("a", "networking"): 1}, ["a"])
    r3 = agg.row_results({("a", "collaborating"): 1}, ["a"])
    changes = agg.compare_rounds([r1, r2, r3])
    assert [[c.shift for c in step] for step in changes] == [[1.0], [1.0]]


def test_a_row_without_answers_has_no_change():
    change = agg.compare_rows(agg.row_result("r", {}), agg.row_result("r", {"informing": 1}))
    assert change.points is None
    assert change.shift is None


# --- Suppression ----------------------------------------------------------------------------

GROUPS = [agg.Group(k, k.upper()) for k in ("fam", "state", "county", "school")]


def _counts(spec):
    return {
        (g, "row", lv): c
        for g, levels in spec.items()
        for lv, c in zip(LEVELS, levels, strict=True)
        if c
    }


def test_small_groups_are_marked_not_dropped():
    result = agg.subgroup_results(
        _counts({"fam": [2, 0, 0, 0], "state": [0, 3, 3, 0], "county": [5, 5, 0, 0]}),
        ["row"],
        GROUPS[:3],
        threshold=5,
    )
    groups = result.rows[0].groups
    assert [g.key for g in groups] == ["fam", "state", "county"]
    assert [(g.suppressed, g.reason) for g in groups] == [
        (True, "small"),
        (True, "complementary"),  # the next-smallest, so fam = total - county cannot be done
        (False, ""),
    ]
    assert groups[0].result is None
    assert groups[1].result is None
    assert groups[2].result is not None
    assert groups[2].result.n == 10


def test_no_complementary_suppression_when_two_groups_are_already_hidden():
    result = agg.subgroup_results(
        _counts({"fam": [2, 0, 0, 0], "state": [0, 1, 0, 0], "county": [5, 5, 0, 0]}),
        ["row"],
        GROUPS[:3],
    )
    assert [g.suppressed for g in result.rows[0].groups] == [True, True, False]


def test_threshold_is_never_below_three():
    assert agg.clamp_threshold(1) == (3, True)
    assert agg.clamp_threshold(3) == (3, False)
    assert agg.clamp_threshold(8) == (8, False)
    result = agg.subgroup_results(_counts({"fam": [1, 1, 0, 0]}), ["row"], GROUPS[:1], 0)
    assert (result.threshold, result.clamped) == (3, True)
    assert result.rows[0].groups[0].suppressed


group_spec = st.dictionaries(
    st.sampled_from([g.key for g in GROUPS]),
    st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
)


@given(group_spec, st.integers(min_value=-2, max_value=9))
def test_suppression_never_lets_a_hidden_group_be_found_by_subtraction(spec, threshold):
    result = agg.subgroup_results(_counts(spec), ["row"], GROUPS, threshold)
    assert result.threshold >= 3
    row = result.rows[0]
    hidden = [g for g in row.groups if g.suppressed]
    shown = [g for g in row.groups if not g.suppressed]
    # Never exactly one unknown: subtraction would give it away.
    assert len(hidden) != 1
    for g in shown:
        assert g.result is not None
        assert g.result.n >= result.threshold
    for g in hidden:
        assert g.result is None
        if g.reason == "small":
            assert sum(spec.get(g.key, [0])) < result.threshold
    if row.total.suppressed:
        # A whole row below the threshold shows nothing at all, groups included.
        assert not shown
        assert row.total.n == 0
        assert not any(row.total.counts.values())
        return
    # What an onlooker can compute (total - shown) is the sum over at least two hidden groups.
    for i, lv in enumerate(LEVELS):
        residual = row.total.counts[lv] - sum(g.result.counts[lv] for g in shown if g.result)
        assert residual == sum(spec.get(g.key, [0, 0, 0, 0])[i] for g in hidden)


@given(group_spec)
def test_shown_groups_add_up_with_hidden_ones_to_the_total(spec):
    result = agg.subgroup_results(_counts(spec), ["row"], GROUPS, 3)
    row = result.rows[0]
    answers = sum(sum(v) for v in spec.values())
    assert row.total.n == (answers if answers >= 3 else 0)
    assert row.total.suppressed == (answers < 3)


# --- Perception gap, habits, trend ----------------------------------------------------------


def test_perception_gap_per_perspective_against_the_team():
    team = agg.row_results({("row", "collaborating"): 4}, ["row"])
    by_group = agg.subgroup_results(
        _counts(
            {"fam": [6, 0, 0, 0], "state": [0, 0, 5, 1], "county": [1, 0, 0, 0], "school": [1] * 4}
        ),
        ["row"],
        GROUPS,
        threshold=5,
    )
    (gap_row,) = agg.perception_gaps(team, by_group)
    gaps = {g.group.key: g for g in gap_row.gaps}
    assert gaps["fam"].mean_gap == -2.0
    assert gaps["fam"].deeper_gap == -100.0
    assert gaps["state"].mean_gap == round(19 / 6 - 3, 2)
    assert gaps["county"].group.suppressed
    assert gaps["county"].mean_gap is None


def test_habit_summary_pools_rows_of_each_habit():
    rows = agg.row_results(
        {
            ("c.a", "informing"): 2,
            ("c.b", "collaborating"): 2,
            ("p.a", "transforming"): 1,
        },
        ["c.a", "c.b", "p.a", "x"],
    )
    summary = agg.habit_summary(rows, {"c.a": "coalescing", "c.b": "coalescing", "p.a": "part"})
    assert [(h.habit, h.rows, h.n) for h in summary] == [("coalescing", 2, 4), ("part", 1, 1)]
    assert summary[0].mean_position == 2.0
    assert summary[0].collaborating_or_deeper == 50.0
    assert agg.pooled_deeper_share(rows) == 60.0
    assert agg.pooled_deeper_share([]) is None


# --- Indicator CSV --------------------------------------------------------------------------


def test_indicator_csv_parses_with_or_without_a_header():
    points, errors = indicators.parse_indicator_csv(
        "date,name,value\n2026-01-31,Families served by video,120\n2026-02-28,Families served "
        'by video,"1,140.5"\n'
    )
    assert errors == ()
    assert points == (
        indicators.IndicatorPoint(dt.date(2026, 1, 31), "Families served by video", 120.0),
        indicators.IndicatorPoint(dt.date(2026, 2, 28), "Families served by video", 1140.5),
    )


def test_indicator_csv_reports_every_bad_line():
    points, errors = indicators.parse_indicator_csv(
        "2026-01-31,ok,1\n31/01/2026,a,2\n2026-02-01,,x\n2026-03-01,b\n2026-03-02,c,inf\n"
    )
    assert len(points) == 1
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert "not a date" in errors[0].message
    assert "name is empty" in errors[1].message
    assert "not a number" in errors[1].message
    assert "3 columns" in errors[2].message


def test_an_empty_indicator_file_is_an_error():
    assert indicators.parse_indicator_csv("date,name,value\n")[1][0].line == 1
