"""How sure a change is: Wilson and Newcombe intervals, and the worked example of the docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convener.measuring import aggregation as agg
from convener.measuring.intervals import newcombe, share_change, wilson

DOC = Path(__file__).resolve().parents[3] / "docs" / "measuring.md"


def test_wilson_matches_published_values():
    # Newcombe (1998), table I: 81 of 263 → 0.2553 to 0.3662; 0 of 10 → 0 to 0.2775.
    low, high = wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = wilson(0, 10)
    assert low == 0
    assert round(high, 4) == 0.2775


def test_newcombe_matches_the_published_example():
    # Newcombe (1998), example (a): 56/70 against 48/80, method 10 → 0.0524 to 0.3339.
    d, low, high = newcombe(48, 80, 56, 70)
    assert round(d, 4) == 0.2
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_a_side_without_answers_has_no_change():
    assert share_change(0, 0, 3, 5) is None
    assert share_change(3, 5, 0, 0) is None
    with pytest.raises(ValueError, match="need 0 <= x <= n"):
        wilson(3, 2)


counts = st.integers(min_value=1, max_value=60).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts, counts)
def test_the_interval_holds_the_change_and_stays_within_100_points(before, after):
    change = share_change(*before, *after)
    assert change is not None
    assert -100 <= change.low <= change.points <= change.high <= 100
    assert change.before_n == before[1]
    assert change.after_n == after[1]


@given(counts, counts)
def test_swapping_the_rounds_mirrors_the_interval(before, after):
    d1, low1, high1 = newcombe(*before, *after)
    d2, low2, high2 = newcombe(*after, *before)
    assert d1 == pytest.approx(-d2)
    assert low1 == pytest.approx(-high2)
    assert high1 == pytest.approx(-low2)


@given(counts)
def test_no_change_is_never_beyond_chance(side):
    change = share_change(*side, *side)
    assert change is not None
    assert not change.beyond_chance


@given(st.integers(min_value=1, max_value=8))
def test_more_answers_give_a_narrower_interval(k):
    small = share_change(1 * k, 4 * k, 3 * k, 4 * k)
    large = share_change(10 * k, 40 * k, 30 * k, 40 * k)
    assert small is not None
    assert large is not None
    assert large.high - large.low < small.high - small.low


def test_one_answer_each_side_is_never_a_real_change():
    # Everything moving from informing to transforming, one person each time: chance.
    change = share_change(0, 1, 1, 1)
    assert change is not None
    assert change.points == 100
    assert not change.beyond_chance


def test_compare_rows_carries_n_and_intervals_for_the_share_and_each_level():
    before = agg.row_result("r", {"informing": 9, "networking": 3})
    after = agg.row_result("r", {"networking": 5, "collaborating": 7, "transforming": 2})
    change = agg.compare_rows(before, after)
    assert change.deeper_change is not None
    assert (change.deeper_change.before_n, change.deeper_change.after_n) == (12, 14)
    assert change.deeper_change.points == round(100 * 9 / 14, 1)
    assert change.deeper_change.beyond_chance
    assert change.level_changes is not None
    assert set(change.level_changes) == set(agg.DEPTH_LEVELS)
    assert change.level_changes["informing"].points == -75.0
    hidden = agg.compare_rows(agg.hidden_row("r"), after)
    assert hidden.deeper_change is None
    assert hidden.level_changes is None


def _worked_example() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- worked-example -->")[1]
    return dict(re.findall(r"^- `([a-z_0-9]+)` = ([-+0-9.]+)", block, flags=re.MULTILINE))


def test_the_worked_example_in_the_docs_is_what_the_code_computes():
    ex = _worked_example()
    x1, n1, x2, n2 = (int(ex[k]) for k in ("x1", "n1", "x2", "n2"))
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    for name, value in {"l1": l1, "u1": u1, "l2": l2, "u2": u2}.items():
        assert ex[name] == f"{value:.4f}", name
    change = share_change(x1, n1, x2, n2)
    assert change is not None
    assert ex["points"] == f"{change.points:+.1f}"
    assert ex["low"] == f"{change.low:+.1f}"
    assert ex["high"] == f"{change.high:+.1f}"
    assert ex["p1"] == f"{x1 / n1:.4f}"
    assert ex["p2"] == f"{x2 / n2:.4f}"
    assert change.beyond_chance == (ex["real"] == "1")
