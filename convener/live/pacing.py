"""When a live item's results push may leave: the pacing rules, over an injected clock.

Pure bookkeeping with no event loop and no clock of its own: every call is told the time.
``realtime`` asks it and keeps the timers; tests drive it with a manual clock instead of
sleeping on these constants.

The rules, acknowledgements first:

- an item's results are pushed at most ``per_second`` times a second, and less often in a big
  room, so that pushing (a send to every socket) takes at most ``fanout_share`` of the time;
- while votes wait to be stored and answered, or the last one arrived less than ``quiet``
  seconds ago (more of the burst is still being read), a push is put off, re-checked every
  ``defer_step``, by at most ``max_defer`` in all. A burst then costs one push at its end
  instead of several in its middle.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

# Event-loop timers are not finer than this: less of the bound left is not worth another one.
_TIMER_GRAIN = 0.001


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """The time, and a way to run a callback later on the serving loop."""

    def now(self) -> float: ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer: ...


class LoopClock:
    """The real clock: monotonic time and the running event loop's timers."""

    def now(self) -> float:
        return time.monotonic()

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        return asyncio.get_running_loop().call_later(delay, callback)


@dataclass(frozen=True)
class Rules:
    """The pacing constants, in seconds (see the module's docstring)."""

    per_second: float = 4
    fanout_share: float = 0.25
    quiet: float = 0.03
    defer_step: float = 0.02
    max_defer: float = 0.3


@dataclass
class ResultsPacer:
    """What is known about recent votes and pushes, and the decisions drawn from it."""

    rules: Rules = field(default_factory=Rules)
    votes_waiting: int = 0
    last_vote: float = -math.inf
    last_sent: dict[int, float] = field(default_factory=dict)
    cost: dict[int, float] = field(default_factory=dict)  # seconds the last push took
    requested: dict[int, float] = field(default_factory=dict)  # when the waiting push was asked

    def votes_changed(self, change: int, now: float) -> None:
        """Count votes handed to the writer (positive) or answered (negative)."""
        self.votes_waiting = max(0, self.votes_waiting + change)
        if change > 0:
            self.last_vote = now

    def votes_flowing(self, now: float) -> bool:
        return self.votes_waiting > 0 or now - self.last_vote < self.rules.quiet

    def wait_before_push(self, item_id: int, now: float) -> float:
        """Return the seconds until ``item_id`` may be pushed again (zero or less: now)."""
        interval = max(
            1 / self.rules.per_second, self.cost.get(item_id, 0.0) / self.rules.fanout_share
        )
        return self.last_sent.get(item_id, -math.inf) + interval - now

    def hold_back(self, item_id: int, now: float) -> float | None:
        """Return how long to put ``item_id``'s push off, or None: send it now (recorded)."""
        requested = self.requested.setdefault(item_id, now)
        left = requested + self.rules.max_defer - now
        if self.votes_flowing(now) and left > _TIMER_GRAIN:
            return min(self.rules.defer_step, left)
        del self.requested[item_id]
        self.last_sent[item_id] = now
        return None

    def took(self, item_id: int, seconds: float) -> None:
        """Record how long handing out ``item_id``'s push took (a big room slows the pace)."""
        self.cost[item_id] = seconds

    def forget(self) -> None:
        """Start afresh (a new serving loop: what was scheduled on the old one never runs)."""
        self.votes_waiting = 0
        self.last_vote = -math.inf
        for state in (self.last_sent, self.cost, self.requested):
            state.clear()
