"""The quadrant maths: shares, the dominant corner, the quarterly trend and the layout."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from convener.activities.quadrants import (
    QUADRANTS,
    Point,
    by_quarter,
    dominant,
    layout,
    quadrant_of,
    shares,
)


def point(pk: int, formality: str, learning: str, direction: str = "", day: str = "2026-02-01"):
    return Point(pk, f"A{pk}", dt.date.fromisoformat(day), formality, learning, direction)


def test_a_placement_needs_both_axes() -> None:
    assert quadrant_of("formal", "from") == "formal_from"
    assert quadrant_of("informal", "with") == "informal_with"
    assert quadrant_of("formal", "") == ""
    assert quadrant_of("", "with") == ""
    assert quadrant_of("nonsense", "from") == ""


def test_eighty_percent_formal_learning_from_is_the_dominant_corner() -> None:
    points = [point(i, "formal", "from") for i in range(8)] + [
        point(8, "informal", "with"),
        point(9, "formal", "with"),
        point(10, "", ""),
    ]
    rows, unplaced = shares(points)
    by_key = {r.key: r for r in rows}
    assert unplaced == 1
    assert by_key["formal_from"].count == 8
    assert by_key["formal_from"].share == 0.8
    assert by_key["informal_from"].share == 0.0
    top = dominant(rows)
    assert top is not None
    assert top.key == "formal_from"


def test_nothing_placed_has_no_dominant_corner() -> None:
    rows, unplaced = shares([point(1, "", "")])
    assert unplaced == 1
    assert all(r.share == 0.0 for r in rows)
    assert dominant(rows) is None


def test_two_way_and_with_shares_by_quarter_oldest_first() -> None:
    points = [
        point(1, "formal", "from", "one_way", "2026-01-10"),
        point(2, "formal", "with", "two_way", "2026-03-31"),
        point(3, "informal", "with", "two_way", "2026-04-01"),
        point(4, "", "", "", "2025-12-31"),
    ]
    quarters = by_quarter(points)
    assert [q.label for q in quarters] == ["2025 Q4", "2026 Q1", "2026 Q2"]
    q1 = quarters[1]
    assert (q1.total, q1.two_way, q1.learning_with) == (2, 1, 1)
    assert q1.two_way_share == 0.5
    assert quarters[2].with_share == 1.0
    assert quarters[0].two_way_share == 0.0


def test_layout_numbers_dots_by_date_and_keeps_them_in_their_quadrant() -> None:
    points = [
        point(1, "informal", "with", day="2026-05-01"),
        point(2, "formal", "from", day="2026-01-01"),
        point(3, "formal", "from", day="2026-02-01"),
        point(4, "", "", day="2026-01-15"),
    ]
    dots = layout(points, size=400)
    assert [d.point.id for d in dots] == [2, 3, 1]
    assert [d.number for d in dots] == [1, 2, 3]
    for d in dots:
        left = d.quadrant.endswith("_from")
        top = d.quadrant.startswith("formal")
        assert (d.x < 200) == left
        assert (d.y < 200) == top


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["formal", "informal", ""]), st.sampled_from(["from", "with", ""])
        ),
        max_size=60,
    )
)
def test_shares_add_up_and_dots_never_overlap(placements) -> None:
    points = [point(i, f, lrn) for i, (f, lrn) in enumerate(placements)]
    rows, unplaced = shares(points)
    placed = sum(r.count for r in rows)
    assert placed + unplaced == len(points)
    if placed:
        assert abs(sum(r.share for r in rows) - 1.0) < 1e-9
    dots = layout(points)
    assert len(dots) == placed
    assert len({(d.x, d.y) for d in dots}) == placed
    assert {d.quadrant for d in dots} <= set(QUADRANTS)
    assert all(0 <= d.x <= 400 and 0 <= d.y <= 400 for d in dots)
