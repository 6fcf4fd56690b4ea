"""The maths of a training series' growth: aggregate shifts with small-group suppression."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from convener.live.series_growth import own_growth, shifts

STATEMENTS = [("listen", "Listen to stakeholders"), ("invite", "Keep inviting")]


def test_shifts_pair_each_persons_first_and_last_rating():
    first = {"a": {"listen": 3, "invite": 5}, "b": {"listen": 4}, "c": {"listen": 6}, "d": {}}
    last = {"a": {"listen": 7, "invite": 5}, "b": {"listen": 4}, "c": {"listen": 5}}
    listen, invite = shifts(STATEMENTS, first, last, threshold=3)
    assert (listen.people, listen.before, listen.after, listen.change) == (3, 4.3, 5.3, 1.0)
    assert (listen.rose, listen.same, listen.fell) == (1, 1, 1)
    # Only "a" rated "invite" both times: suppressed, every figure withheld.
    assert invite.suppressed
    assert (invite.people, invite.before, invite.after, invite.change) == (0, None, None, None)


def test_the_threshold_is_never_below_three():
    first = {"a": {"listen": 1}, "b": {"listen": 2}}
    last = {"a": {"listen": 9}, "b": {"listen": 9}}
    assert shifts(STATEMENTS[:1], first, last, threshold=1)[0].suppressed


def test_someone_who_missed_the_last_session_does_not_count():
    first = {p: {"listen": 2} for p in "abcd"}
    last = {p: {"listen": 8} for p in "abc"}
    (listen,) = shifts(STATEMENTS[:1], first, last, threshold=3)
    assert listen.people == 3
    assert listen.change == 6.0


def test_a_person_sees_their_own_growth():
    rows = own_growth(STATEMENTS, {"listen": 3}, {"listen": 8, "invite": 6})
    assert [(r["before"], r["after"], r["change"]) for r in rows] == [(3, 8, 5), (None, 6, None)]


ratings = st.dictionaries(
    st.sampled_from("abcdefgh"),
    st.fixed_dictionaries({"listen": st.integers(1, 10)}),
    max_size=8,
)


@given(first=ratings, last=ratings, threshold=st.integers(0, 8))
def test_no_shown_shift_rests_on_fewer_people_than_the_threshold(first, last, threshold):
    (listen,) = shifts(STATEMENTS[:1], first, last, threshold=threshold)
    both = len(set(first) & set(last))
    assert listen.suppressed == (both < max(threshold, 3))
    if not listen.suppressed:
        assert listen.rose + listen.same + listen.fell == listen.people == both
        assert listen.before is not None
        assert listen.after is not None
        assert abs(round(listen.after - listen.before, 1) - listen.change) <= 0.11
