"""Collect votes arriving over WebSockets for a few milliseconds and store them together.

One SQLite transaction costs a sync of the write-ahead log whatever its size, so a thousand
votes written one by one queue behind each other for seconds. The batcher waits at most
``MAX_WAIT`` seconds (or until ``MAX_BATCH`` votes are waiting), writes the whole batch with
``services.cast_votes`` in one transaction, and only then answers each waiting socket, so an
acknowledgement always means the vote is stored.

Where the batch is written: on one thread of its own (``WRITER``), through Channels'
``database_sync_to_async``. One writer thread per process means batches never queue behind
each other's locks in this process and the event loop never runs ORM code; when another
writer (another worker, an import) holds the lock, the writer waits its turn as Django's
connection settings say. SQLite in memory (tests) writes on asgiref's shared thread instead:
its shared cache locks whole tables between connections.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from channels.db import database_sync_to_async
from django.db import connection

from convener.live import realtime, services
from convener.live.services import VoteIn, VoteOutcome

logger = logging.getLogger(__name__)

MAX_WAIT = 0.01  # seconds a vote may wait for others to share its transaction
MAX_BATCH = 500

WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-votes")
"""The one thread of this process that writes vote batches."""


def _on_writer() -> bool:
    """Return whether batches go to ``WRITER`` (not for SQLite in memory, see above)."""
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())  # type: ignore[attr-defined]


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
        if _on_writer():
            store = database_sync_to_async(
                services.cast_votes, thread_sensitive=False, executor=WRITER
            )
            return await store(votes)
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
