"""A manual clock for the live push pacing: time moves only when a test moves it."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True)
class _Timer:
    when: float
    order: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


async def settle() -> None:
    """Let every other task on this loop run to its end (no time passes meanwhile)."""
    while others := [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
        await asyncio.gather(*others)


class ManualClock:
    """Satisfies ``pacing.Clock``; ``advance`` runs the timers that fall due, in order.

    Each timer's callback, and the tasks it starts, run at the timer's own time, as on a real
    event loop.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start
        self._timers: list[_Timer] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self.time

    def call_later(self, delay: float, callback: Callable[[], None]) -> _Timer:
        timer = _Timer(self.time + max(0.0, delay), next(self._order), callback)
        heapq.heappush(self._timers, timer)
        return timer

    def pending(self) -> int:
        return sum(not timer.cancelled for timer in self._timers)

    async def advance(self, seconds: float) -> None:
        """Move the time on by ``seconds``, running each timer due on the way at its time."""
        until = self.time + seconds
        await settle()
        while self._timers and self._timers[0].when <= until:
            timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                self.time = timer.when
                timer.callback()
                await settle()
        self.time = until
