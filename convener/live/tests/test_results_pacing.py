"""When a results push leaves: the pacing rules on a manual clock (no sleeping on them).

The pure rules first, then ``realtime``'s timers driven by the same clock, with loading and
sending replaced by a recorder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convener.live import pacing, realtime
from convener.live.tests.clock import ManualClock, settle

RULES = pacing.Rules()


# --- The rules alone ---


def test_the_first_push_of_an_item_may_leave_at_once_and_the_next_after_the_interval():
    pacer = pacing.ResultsPacer()
    assert pacer.wait_before_push(1, now=50.0) <= 0
    assert pacer.hold_back(1, now=50.0) is None  # nothing flowing: sent, and recorded
    assert pacer.wait_before_push(1, now=50.1) == pytest.approx(1 / RULES.per_second - 0.1)
    assert pacer.wait_before_push(2, now=50.1) <= 0  # another item keeps its own pace


def test_a_costly_push_slows_the_pace_to_a_share_of_the_time():
    pacer = pacing.ResultsPacer()
    pacer.hold_back(1, now=10.0)
    pacer.took(1, 0.5)  # a big room: handing the push out took half a second
    assert pacer.wait_before_push(1, now=10.0) == pytest.approx(0.5 / RULES.fanout_share)


def test_a_push_is_held_back_while_votes_wait_and_sent_once_they_are_answered():
    pacer = pacing.ResultsPacer()
    pacer.votes_changed(3, now=0.0)
    assert pacer.hold_back(1, now=0.0) == RULES.defer_step
    pacer.votes_changed(-3, now=0.1)
    assert pacer.hold_back(1, now=0.1) is None  # answered, and the last vote is not recent


def test_a_push_waits_for_a_quiet_moment_after_the_last_vote():
    pacer = pacing.ResultsPacer()
    pacer.votes_changed(1, now=0.0)
    pacer.votes_changed(-1, now=0.0)  # answered, but more of the burst may still be unread
    assert pacer.hold_back(1, now=RULES.quiet / 2) is not None
    assert pacer.hold_back(1, now=RULES.quiet) is None


def test_forgetting_starts_afresh():
    pacer = pacing.ResultsPacer()
    pacer.votes_changed(5, now=0.0)
    pacer.hold_back(1, now=0.0)
    pacer.took(1, 9.0)
    pacer.forget()
    assert pacer.votes_waiting == 0
    assert pacer.hold_back(1, now=0.0) is None
    assert pacer.wait_before_push(2, now=0.0) <= 0


@given(
    changes=st.lists(st.integers(-5, 5), max_size=60),  # votes in (+) or answered (-)
    start=st.floats(0, 1e6),
)
def test_however_the_votes_come_a_push_is_never_held_back_past_the_bound(changes, start):
    pacer = pacing.ResultsPacer()
    pacer.votes_changed(1, now=start)
    now = start
    delay = pacer.hold_back(7, now=now)
    arriving = iter(changes)
    # Re-checked as ``realtime`` does, with votes arriving or answered before each re-check.
    while delay is not None:
        assert 0 < delay <= RULES.defer_step
        now += delay
        pacer.votes_changed(next(arriving, 0), now)
        delay = pacer.hold_back(7, now=now)
    assert pacer.last_sent[7] - start <= RULES.max_defer + 1e-6


# --- realtime's timers on the manual clock ---


@pytest.fixture
def pushes(monkeypatch) -> tuple[ManualClock, list[tuple[float, str]]]:
    """A manual clock for ``realtime``, and a record of its results pushes (time, group)."""
    clock = ManualClock()
    sent: list[tuple[float, str]] = []

    async def load(item_id: int):
        return 7, {"type": "live.results", "item": item_id}, None

    async def send(group: str, message: dict) -> None:
        sent.append((clock.now(), group))

    monkeypatch.setattr(realtime, "clock", clock)
    monkeypatch.setattr(realtime, "pacer", pacing.ResultsPacer())
    monkeypatch.setattr(realtime, "_scheduled", {})
    monkeypatch.setattr(realtime, "_loop", None)
    monkeypatch.setattr(realtime, "_load_on_loop", load)
    monkeypatch.setattr(realtime, "_group_send", send)
    return clock, sent


def _on_a_loop(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def test_a_results_push_waits_until_the_waiting_votes_are_answered(pushes):
    clock, sent = pushes
    start = clock.now()

    async def scenario() -> None:
        realtime.votes_waiting(3)
        realtime.schedule_results(101)
        await settle()
        await clock.advance(RULES.max_defer / 2)
        assert sent == []  # votes still waiting: acknowledgements go first
        realtime.votes_waiting(-3)
        answered = clock.now()
        await clock.advance(RULES.defer_step)
        assert len(sent) == 1
        assert answered < sent[0][0] <= answered + RULES.defer_step  # at the next re-check

    _on_a_loop(scenario)
    assert sent[0][0] - start < RULES.max_defer  # released by the answers, not by the bound
    assert sent[0][1] == realtime.staff_group(7)


def test_a_results_push_waits_for_a_quiet_moment_in_a_burst(pushes):
    clock, sent = pushes

    async def scenario() -> None:
        realtime.votes_waiting(1)
        realtime.votes_waiting(-1)  # answered, but the rest of the burst may still be unread
        answered = clock.now()
        realtime.schedule_results(103)
        await settle()
        await clock.advance(RULES.quiet / 2)
        assert sent == []
        await clock.advance(RULES.quiet)
        assert len(sent) == 1
        assert answered + RULES.quiet <= sent[0][0] <= answered + RULES.quiet + RULES.defer_step

    _on_a_loop(scenario)


def test_a_results_push_is_put_off_for_a_bounded_time_only(pushes):
    clock, sent = pushes

    async def scenario() -> None:
        realtime.votes_waiting(1)  # a vote that is never answered
        asked = clock.now()
        realtime.schedule_results(102)
        await settle()
        await clock.advance(RULES.max_defer * 0.99)
        assert sent == []
        await clock.advance(RULES.max_defer)
        assert [when for when, _ in sent] == [pytest.approx(asked + RULES.max_defer)]

    _on_a_loop(scenario)


def test_a_burst_of_requests_becomes_one_push_per_interval(pushes):
    clock, sent = pushes

    async def scenario() -> None:
        first = clock.now()
        for _ in range(50):  # fifty requests a millisecond apart, no vote waiting
            realtime.schedule_results(104)
            await clock.advance(0.001)
        await clock.advance(1.0)
        times = [when for when, _ in sent]
        assert times == [pytest.approx(first), pytest.approx(first + 1 / RULES.per_second)]
        assert clock.pending() == 0  # nothing left scheduled

    _on_a_loop(scenario)


def test_a_new_serving_loop_drops_what_was_scheduled_on_the_old_one(pushes):
    _, sent = pushes

    async def old_loop() -> None:
        realtime.bind_loop()
        realtime.votes_waiting(2)  # never answered on this loop
        realtime.schedule_results(105)
        await settle()

    async def new_loop() -> None:
        realtime.bind_loop()
        realtime.schedule_results(105)
        await settle()
        assert len(sent) == 1  # not held back by the old loop's push or its waiting votes

    asyncio.run(old_loop())
    asyncio.run(new_loop())
