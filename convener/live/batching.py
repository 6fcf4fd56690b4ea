"""Collect votes arriving over WebSockets for a few milliseconds and store them together.

One SQLite transaction costs a sync of the write-ahead log whatever its size, so a thousand
votes written one by one queue behind each other for seconds. The batcher waits at most
``MAX_WAIT`` seconds (or until ``MAX_BATCH`` votes are waiting), writes the whole batch with
``services.cast_votes`` in one transaction, and only then answers each waiting socket, so an
acknowledgement always means the vote is stored.

Where the batch is written: on the event loop's own thread, which takes a few milliseconds
where the database thread took hundreds during a burst (see ``loopdb``); when another writer
holds the lock, on the database thread, which waits its turn.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import weakref
from dataclasses import dataclass

from channels.db import database_sync_to_async

from convener.live import loopdb, realtime, services
from convener.live.services import VoteIn, VoteOutcome

logger = logging.getLogger(__name__)

MAX_WAIT = 0.01  # seconds a vote may wait for others to share its transaction
MAX_BATCH = 500


@dataclass
class _Waiting:
    vote: VoteIn
    future: asyncio.Future[VoteOutcome]


class VoteBatcher:
    """One per event loop: ``await batcher.submit(vote)`` returns once the vote is stored."""

    def __init__(self, *, max_wait: float = MAX_WAIT, max_batch: int = MAX_BATCH) -> None:
        self.max_wait = max_wait
        self.max_batch = max_batch
        self.queue: asyncio.Queue[_Waiting] = asyncio.Queue()
        self.batches = 0  # how many transactions were written (for tests and the benchmark)
        self.handed_over = 0  # batches the loop could not write (lock held) and passed on
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, vote: VoteIn) -> VoteOutcome:
        loop = asyncio.get_running_loop()
        if self._worker is None or self._worker.done():
            # A fresh context: the first voter's one carries channels' per-connection thread
            # (ThreadSensitiveContext), which is shut down when that phone disconnects.
            self._worker = loop.create_task(self._run(), context=contextvars.Context())
        waiting = _Waiting(vote, loop.create_future())
        self.queue.put_nowait(waiting)
        realtime.votes_waiting(1)
        return await waiting.future

    async def _collect(self) -> list[_Waiting]:
        batch = [await self.queue.get()]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.max_wait
        while len(batch) < self.max_batch:
            while len(batch) < self.max_batch and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            left = deadline - loop.time()
            if left <= 0 or len(batch) >= self.max_batch:
                break
            try:
                batch.append(await asyncio.wait_for(self.queue.get(), left))
            except TimeoutError:
                break
        return batch

    async def _store(self, votes: list[VoteIn]) -> list[VoteOutcome]:
        if loopdb.usable():
            written, outcomes = loopdb.run(lambda: services.cast_votes(votes))
            if written:
                assert outcomes is not None
                return outcomes
            self.handed_over += 1
        return await database_sync_to_async(services.cast_votes)(votes)

    async def _run(self) -> None:
        while True:
            batch = await self._collect()
            try:
                outcomes = await self._store([w.vote for w in batch])
            except Exception as error:  # the transaction rolled back: nothing was stored
                logger.exception("storing a batch of %d votes failed", len(batch))
                for waiting in batch:
                    if not waiting.future.done():
                        waiting.future.set_exception(error)
                continue
            finally:
                realtime.votes_waiting(-len(batch))
            self.batches += 1
            # Results pushes were requested at commit (services -> realtime.push_results).
            for waiting, outcome in zip(batch, outcomes, strict=True):
                if not waiting.future.done():
                    waiting.future.set_result(outcome)


_batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, VoteBatcher] = (
    weakref.WeakKeyDictionary()
)


def batcher() -> VoteBatcher:
    """Return this event loop's batcher."""
    loop = asyncio.get_running_loop()
    found = _batchers.get(loop)
    if found is None:
        found = _batchers[loop] = VoteBatcher()
    return found
