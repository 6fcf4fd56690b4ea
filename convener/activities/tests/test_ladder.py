"""The ladder rules, without a database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from convener.activities import ladder_figures, ladder_rules
from convener.activities.ladder_rules import Event, Level
from convener.activities.models import EventKind

D = dt.date
TODAY = D(2026, 6, 30)


def person(
    *events: tuple[str, dt.date], pid: int = 1, perspective: str = "family"
) -> ladder_rules.Person:
    return ladder_rules.group_events([Event(pid, kind, day, perspective) for kind, day in events])[
        pid
    ]


def test_every_event_kind_has_a_level():
    assert set(EventKind.values) <= set(ladder_rules.KIND_LEVEL)


def test_levels_rise_with_what_people_did():
    assert ladder_rules.level_on(person(("invited", D(2026, 1, 1))), TODAY) == Level.INVITED
    assert ladder_rules.level_on(person(("attended", D(2026, 1, 1))), TODAY) == Level.PARTICIPANT
    assert ladder_rules.level_on(person(("asked", D(2026, 1, 1))), TODAY) == Level.CONTRIBUTOR
    assert ladder_rules.level_on(person(("contributed", D(2026, 1, 1))), TODAY) == Level.PARTNER
    assert ladder_rules.level_on(person(("led", D(2026, 1, 1))), TODAY) == Level.LEADER


def test_nothing_before_the_date_means_not_on_the_ladder():
    assert ladder_rules.level_on(person(("attended", D(2026, 5, 1))), D(2026, 4, 1)) is None


def test_a_level_lapses_after_twelve_months_back_to_participant():
    p = person(("attended", D(2024, 1, 10)), ("led", D(2024, 2, 1)))
    assert (
        ladder_rules.level_on(p, D(2025, 1, 30)) == Level.LEADER
    )  # 365 days (2024 is a leap year)
    assert ladder_rules.level_on(p, D(2025, 2, 1)) == Level.PARTICIPANT
    assert ladder_rules.level_on(p, D(2025, 2, 1), recency_days=None) == Level.LEADER


def test_invited_only_people_lapse_to_invited():
    p = person(("invited", D(2020, 1, 1)))
    assert ladder_rules.level_on(p, TODAY) == Level.INVITED


def test_staying_connected_renews_the_highest_level_reached():
    p = person(("led", D(2024, 1, 1)), ("stayed_connected", D(2024, 12, 1)))
    assert ladder_rules.level_on(p, D(2025, 6, 1)) == Level.LEADER
    assert ladder_rules.level_on(p, D(2025, 12, 2)) == Level.PARTICIPANT


def test_staying_connected_alone_makes_a_partner():
    assert (
        ladder_rules.level_on(person(("stayed_connected", D(2026, 1, 1))), TODAY) == Level.PARTNER
    )


def test_the_same_step_at_the_same_activity_counts_once():
    events = [
        Event(1, "attended", D(2026, 1, 1), "f", 7),
        Event(1, "attended", D(2026, 1, 1), "f", 7),
    ]
    assert ladder_rules.group_events(events)[1].attended == (D(2026, 1, 1),)


def test_unknown_kinds_are_ignored():
    assert ladder_rules.group_events([Event(1, "waved", D(2026, 1, 1))]) == {}


def test_distribution_and_the_sentence_numbers():
    people = [person(("attended", D(2026, 3, 1)), pid=i) for i in range(9)]
    people += [
        person(("attended", D(2026, 3, 1)), ("contributed", D(2026, 4, 1)), pid=20 + i)
        for i in range(2)
    ]
    dist = ladder_rules.distribution(people, TODAY, key="family")
    assert dist.counts == (0, 9, 0, 2, 0)
    assert (dist.past_participant, dist.took_part, dist.total) == (2, 11, 11)
    assert dist.share(Level.PARTNER) == 2 / 11


def test_by_perspective_keeps_the_given_order_and_empty_groups():
    people = [person(("attended", D(2026, 1, 1)), pid=1, perspective="b")]
    rows = ladder_rules.by_perspective(people, TODAY, ["a", "b"])
    assert [(r.key, r.total) for r in rows] == [("a", 0), ("b", 1)]


def test_conversion_counts_anyone_who_ever_took_part():
    people = [
        person(("attended", D(2020, 1, 1)), ("initiated", D(2020, 2, 1)), pid=1),  # lapsed partner
        person(("attended", D(2026, 1, 1)), pid=2),
        person(("invited", D(2026, 1, 1)), pid=3),  # never took part: not counted
    ]
    result = ladder_rules.conversion(people)
    assert (result.participants, result.partners, result.rate) == (2, 1, 0.5)
    assert ladder_rules.conversion([]).rate is None


def test_stalled_participants():
    stalled = person(("attended", D(2025, 9, 1)), ("attended", D(2026, 2, 1)), pid=1)
    once = person(("attended", D(2026, 2, 1)), pid=2)
    engaged_lately = person(
        ("attended", D(2025, 9, 1)),
        ("attended", D(2026, 2, 1)),
        ("interacted", D(2026, 5, 1)),
        pid=3,
    )
    engaged_long_ago = person(
        ("attended", D(2024, 1, 1)),
        ("interacted", D(2024, 2, 1)),
        ("attended", D(2026, 2, 1)),
        pid=4,
    )
    contributor = person(
        ("attended", D(2025, 9, 1)), ("attended", D(2026, 2, 1)), ("asked", D(2026, 2, 1)), pid=5
    )
    result = ladder_rules.stalled(
        [stalled, once, engaged_lately, engaged_long_ago, contributor], TODAY
    )
    assert [s.person_id for s in result] == [1, 4]
    assert result[0].times_attended == 2
    assert result[0].last_attended == D(2026, 2, 1)
    assert result[1].last_engaged == D(2024, 2, 1)


def test_quarters_and_trend():
    assert ladder_rules.quarter_of(D(2026, 5, 3)) == (2026, 2)
    assert ladder_rules.quarter_end(2026, 1) == D(2026, 3, 31)
    assert ladder_rules.quarter_end(2026, 4) == D(2026, 12, 31)
    assert ladder_rules.quarters_back(D(2026, 2, 1), 3) == [(2025, 3), (2025, 4), (2026, 1)]
    p = person(("attended", D(2025, 8, 1)), ("contributed", D(2026, 1, 5)))
    trend = ladder_rules.trend([p], D(2026, 2, 1), quarters=3)
    assert [q.label for q in trend] == ["2025 Q3", "2025 Q4", "2026 Q1"]
    assert [q.distribution.counts for q in trend] == [
        (0, 1, 0, 0, 0),
        (0, 1, 0, 0, 0),
        (0, 0, 0, 1, 0),
    ]


def test_history_lists_changes_only():
    p = person(("attended", D(2025, 1, 1)), ("attended", D(2025, 2, 1)), ("led", D(2025, 3, 1)))
    assert ladder_rules.history(p) == [
        (D(2025, 1, 1), Level.PARTICIPANT),
        (D(2025, 3, 1), Level.LEADER),
    ]


# --- Properties ---

kinds = st.sampled_from(sorted(ladder_rules.KIND_LEVEL))
days = st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 12, 31))
events = st.lists(st.tuples(kinds, days), min_size=1, max_size=25)


def _person(pairs: list[tuple[str, dt.date]]) -> ladder_rules.Person:
    return ladder_rules.group_events([Event(1, k, d) for k, d in pairs])[1]


@settings(max_examples=200, deadline=None)
@given(events, events, days)
def test_without_recency_adding_events_never_lowers_a_level(first, more, on):
    before = ladder_rules.level_on(_person(first), on, recency_days=None)
    after = ladder_rules.level_on(_person(first + more), on, recency_days=None)
    if before is not None:
        assert after is not None
        assert after >= before


@settings(max_examples=200, deadline=None)
@given(events, days, days)
def test_without_recency_a_level_never_drops_over_time(pairs, a, b):
    early, late = sorted((a, b))
    p = _person(pairs)
    before = ladder_rules.level_on(p, early, recency_days=None)
    after = ladder_rules.level_on(p, late, recency_days=None)
    if before is not None:
        assert after is not None
        assert after >= before


@settings(max_examples=200, deadline=None)
@given(events, days)
def test_recency_never_raises_a_level_and_keeps_the_participant_floor(pairs, on):
    p = _person(pairs)
    recent = ladder_rules.level_on(p, on)
    ever = ladder_rules.level_on(p, on, recency_days=None)
    assert (recent is None) == (ever is None)
    if recent is not None and ever is not None:
        assert recent <= ever
        took_part = any(
            ladder_rules.KIND_LEVEL[k] >= Level.PARTICIPANT and d <= on for k, d in pairs
        )
        assert (recent >= Level.PARTICIPANT) == took_part


@settings(max_examples=200, deadline=None)
@given(events, days)
def test_the_level_is_at_least_each_recent_event(pairs, on):
    p = _person(pairs)
    level = ladder_rules.level_on(p, on)
    for kind, day in pairs:
        if on - dt.timedelta(days=ladder_rules.RECENCY_DAYS) < day <= on:
            assert level is not None
            assert level >= ladder_rules.KIND_LEVEL[kind]


@settings(max_examples=100, deadline=None)
@given(st.lists(events, min_size=1, max_size=8), days)
def test_distribution_counts_everyone_on_the_ladder_and_partners_never_exceed_participants(
    groups, on
):
    people = [
        ladder_rules.group_events([Event(i, k, d) for k, d in g])[i] for i, g in enumerate(groups)
    ]
    dist = ladder_rules.distribution(people, on)
    assert dist.total == sum(1 for p in people if ladder_rules.level_on(p, on) is not None)
    conv = ladder_rules.conversion(people)
    assert 0 <= conv.partners <= conv.participants <= len(people)
    for s in ladder_rules.stalled(people, on):
        assert s.times_attended >= 2


# --- Figures: what the database aggregates gives the same answers as the events ---


@settings(max_examples=300, deadline=None)
@given(events, days)
def test_levels_from_figures_agree_with_level_on(pairs, on):
    p = _person(pairs)
    page = ladder_figures.page_days(on)
    figures = ladder_figures.figures_of(p, page)
    assert ladder_figures.levels_from(figures, page) == tuple(
        None if (lvl := ladder_rules.level_on(p, d)) is None else int(lvl) for d in page
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(events, min_size=1, max_size=8), days)
def test_summaries_agree_with_events_on_every_figure(groups, on):
    people = [
        ladder_rules.group_events([Event(i, k, d) for k, d in g])[i] for i, g in enumerate(groups)
    ]
    page = ladder_figures.page_days(on)
    summaries = [ladder_figures.summarise(ladder_figures.figures_of(p, page), page) for p in people]
    assert ladder_figures.summary_distribution(summaries) == ladder_rules.distribution(people, on)
    assert ladder_figures.summary_conversion(summaries) == ladder_rules.conversion(people, on)
    assert ladder_figures.summary_stalled(summaries, on) == ladder_rules.stalled(people, on)
    trend = ladder_figures.summary_trend(summaries, page)
    assert [q.distribution.counts for q in trend] == [
        q.distribution.counts for q in ladder_rules.trend(people, on, quarters=len(page))
    ]


def test_page_days_are_today_then_earlier_quarter_ends():
    assert ladder_figures.page_days(D(2026, 5, 3), quarters=3) == [
        D(2026, 5, 3),
        D(2025, 12, 31),
        D(2026, 3, 31),
    ]


def test_a_stay_in_the_window_keeps_the_highest_level_in_figures():
    p = person(("led", D(2024, 1, 1)), ("stayed_connected", D(2024, 12, 1)))
    page = [D(2025, 6, 1), D(2025, 12, 31)]
    assert ladder_figures.levels_from(ladder_figures.figures_of(p, page), page) == (
        Level.LEADER,
        Level.PARTICIPANT,
    )
