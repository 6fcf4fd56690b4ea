"""The report's plain logic: periods, sections, suppression, and the summary sentences."""

import datetime as dt

import pytest
from django.utils import translation

from convener.measuring.intervals import share_change
from convener.reports import summaries as s


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_default_period_is_the_last_twelve_months_up_to_today():
    period = s.default_period(dt.date(2026, 11, 22))
    assert period == s.Period(dt.date(2025, 11, 23), dt.date(2026, 11, 22))
    assert period.days == 365
    assert period.holds(dt.date(2026, 1, 1))
    assert not period.holds(dt.date(2025, 11, 22))


def test_a_year_before_29_february_is_28_february():
    assert s.year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_sections_keep_report_order_and_ignore_unknown_names():
    assert s.parse_sections("rounds, overview,nonsense") == ("overview", "rounds")
    assert s.parse_sections(None) == s.SECTIONS
    assert s.parse_sections("") == s.SECTIONS
    assert s.unknown_sections("rounds,nonsense") == ["nonsense"]


def test_threshold_never_drops_below_three():
    assert s.clamp_threshold(1) == 3
    assert s.clamp_threshold(None) == 5
    assert s.clamp_threshold(8) == 8


def test_small_groups_are_hidden_and_empty_ones_shown():
    cells = s.suppress([("a", "A", 20), ("b", "B", 2), ("c", "C", 0), ("d", "D", 3)], 5)
    by_key = {c.key: c for c in cells}
    assert by_key["a"].count == 20
    assert by_key["a"].share == 20 / 25
    assert by_key["b"].suppressed
    assert by_key["b"].count is None
    assert by_key["b"].share is None
    assert by_key["d"].suppressed
    assert by_key["d"].reason == "small"
    assert by_key["c"].count == 0
    assert not by_key["c"].suppressed


def test_one_hidden_group_takes_the_smallest_shown_one_with_it():
    cells = s.suppress([("a", "A", 20), ("b", "B", 2), ("c", "C", 7), ("d", "D", 0)], 5)
    by_key = {c.key: c for c in cells}
    assert by_key["b"].reason == "small"
    assert by_key["c"].suppressed
    assert by_key["c"].reason == "complementary"
    assert by_key["a"].count == 20
    assert not by_key["d"].suppressed  # an empty group cannot protect anyone


def _figure(key, label, count, share, fy=False, target=None, suppressed=False):
    cell = s.Cell(key, label, None if suppressed else count, None if suppressed else share)
    if suppressed:
        cell = s.Cell(key, label, None, None, True, "small")
    return s.PerspectiveFigure(cell, fy, target)


def test_participation_summary_names_family_shares_targets_and_gaps():
    text = s.participation_summary(
        [
            _figure("families", "Families", 6, 0.12, fy=True, target=25),
            _figure("youth", "Youth", 0, 0.0, fy=True, target=10),
            _figure("state", "State agency", 44, 0.88, target=30),
            _figure("schools", "Schools", 0, 0.0, target=20),
        ],
        50,
        threshold=5,
    )
    assert text.startswith("50 people took part.")
    assert (
        "Families are 12% of the people who took part against a target of 25%; Youth are missing."
        in text
    )
    assert "No one from these perspectives took part: Schools." in text


def test_participation_summary_never_counts_a_suppressed_group():
    text = s.participation_summary(
        [_figure("families", "Families", 2, 0.04, fy=True, target=25, suppressed=True)],
        50,
        threshold=5,
    )
    assert "fewer than 5" in text
    assert "4%" not in text


def test_participation_summary_without_anyone():
    assert s.participation_summary([], 0, threshold=5) == (
        "No one took part in an activity in this period."
    )


def test_circles_summary_flags_empty_outer_circles():
    labels = {"core": "Core", "key": "Key", "extended": "Extended", "dissemination": "Networks"}
    text = s.circles_summary({"core": 5, "key": 12, "extended": 0, "dissemination": 0}, 2, labels)
    assert "17 people and groups" in text
    assert "No one is engaged beyond the second circle yet." in text
    assert "2 are not placed yet." in text
    assert s.circles_summary(dict.fromkeys(labels, 0), 0, labels).startswith("No one has been")


def test_activities_summary():
    text = s.activities_summary(10, "Formal / Learning from", 0.6, 3, 2)
    assert text == (
        "10 activities took place. Most sat in “Formal / Learning from” (60% of those placed). "
        "3 of 10 were two-way; 2 aimed at collaborating or deeper."
    )
    assert s.activities_summary(0, None, None, 0, 0).startswith("No activities")


def test_rounds_summary_compares_first_and_last_rounds_with_answers():
    text = s.rounds_summary(
        [
            s.RoundFigure("Baseline", 15.0),
            s.RoundFigure("Too few", None),
            s.RoundFigure("Year", 58.5),
        ],
        [("Using data", share_change(3, 20, 12, 20)), ("Quiet", share_change(5, 20, 6, 20))],
    )
    assert "15% in “Baseline”, 58.5% in “Year”" in text
    assert "went from" not in text
    # 15% → 60% of 20 is beyond chance; 25% → 30% is not, so it is not claimed.
    assert "A real change, beyond chance: “Using data” +45.0 points (95% interval" in text
    assert "Quiet" not in text
    assert s.rounds_summary([], None) == "No rubric rounds took place in this period."


def test_rounds_summary_claims_no_change_within_chance():
    text = s.rounds_summary(
        [s.RoundFigure("Baseline", 20.0), s.RoundFigure("Year", 40.0)],
        [("Using data", share_change(1, 5, 2, 5)), ("Hidden", None)],
    )
    assert "No row changed by more than chance could give with this few answers" in text
    assert "real change" not in text
    assert s.rounds_summary([s.RoundFigure("Tiny", None)]) == (
        "No round of this period has enough answers to show."
    )


def test_largest_shift_ignores_rows_without_answers():
    assert s.largest_shift([("a", 0.2), ("b", None), ("c", -0.5)]) == ("c", -0.5)
    assert s.largest_shift([("a", None)]) is None


def test_decisions_and_chronology_summaries():
    assert s.decisions_summary(0, 0) == "No decisions recorded in this period."
    text = s.decisions_summary(2, 31, "Keep teletherapy")
    assert text == (
        "2 decisions were recorded; 31 participants took part in making them. "
        "The latest: “Keep teletherapy”."
    )
    text = s.chronology_summary({"activity": 3, "milestone": 1}, {"activity": "Activity"})
    assert text == "The chronology holds 4 entries (activity: 3, milestone: 1)."


def test_ladder_summary():
    assert s.ladder_summary(40, 12, 5) == (
        "12 of the 40 people who have taken part so far moved past “attended”; "
        "5 became partners or leaders."
    )


def test_a_period_must_run_forwards_within_1900_to_2100_and_ten_years():
    assert s.period_problem(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == ""
    assert "before its start" in s.period_problem(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    assert "between 1900 and 2100" in s.period_problem(dt.date(2026, 1, 1), dt.date(9999, 1, 1))
    assert "ten years" in s.period_problem(dt.date(1990, 1, 1), dt.date(2026, 1, 1))
    assert s.period_ending(dt.date(1, 1, 1)) == s.Period(dt.date(1, 1, 1), dt.date(1, 1, 1))
    assert s.period_ending(dt.date(2026, 3, 1)).since == dt.date(2025, 3, 2)
