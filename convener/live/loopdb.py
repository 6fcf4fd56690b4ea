"""Database work on the event loop's own thread, where it is short and never waits for a lock.

A live burst keeps the event loop busy reading a thousand WebSocket frames. Work handed to the
database thread then crawls: every database call gives up the GIL, and winning it back from
the busy loop costs up to a switch interval each time, so a transaction of a few milliseconds
took hundreds (measured with bench/live_load.py). The same work done on the loop thread costs
the loop only those few milliseconds. What keeps that safe:

- the loop's connection does not wait long for a lock: SQLite's ``busy_timeout`` is 0 (the
  other writer may be a long import in this very process), PostgreSQL's ``lock_timeout`` is
  50 ms (enough for another worker's vote batch on the same item to commit) and its
  ``statement_timeout`` one second;
- any database error there hands the work to the database thread, which waits its turn as
  every other writer does (``write`` returns ``(False, None)``): the transaction rolled back,
  so nothing was written; a broken connection is closed and opened again next time;
- reads in SQLite's WAL mode and in PostgreSQL never wait for writers.

The work runs in one context per thread (``_context``): in a thread with an event loop,
Django keeps a database connection per asyncio context, and a push task started in a fresh
context would otherwise open a new connection every time.

SQLite in memory (tests) always uses the database thread: its shared cache locks whole
tables between connections.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import OperationalError, connection, connections

T = TypeVar("T")
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
_contexts = threading.local()


LOCK_TIMEOUT_MS = 50
STATEMENT_TIMEOUT_MS = 1000


def usable() -> bool:
    """Return whether this database may be used from the event loop thread."""
    if connection.vendor == "postgresql":
        return True
    if connection.vendor != "sqlite":
        return False
    return not connection.is_in_memory_db()  # type: ignore[attr-defined]


def _never_wait() -> None:
    """Make this thread's connection refuse, rather than wait for, a lock held elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout = 0")
        else:
            cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
            cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")


@contextmanager
def _orm_allowed() -> Iterator[None]:
    """Let the synchronous block inside use the ORM on the event loop's thread.

    Django refuses ORM calls where an event loop runs, because a query blocks every coroutine
    until it returns. Here that is the trade taken on purpose, for short work that never
    waits on a lock; nothing else runs on the loop until the block returns, so the
    permission cannot leak to another coroutine.
    """
    previous = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(_ASYNC_UNSAFE, None)
        else:
            os.environ[_ASYNC_UNSAFE] = previous


def _context() -> contextvars.Context:
    """Return this thread's context for database work (and so its one connection)."""
    found: contextvars.Context | None = getattr(_contexts, "context", None)
    if found is None:
        found = _contexts.context = contextvars.Context()
    return found


def close() -> None:
    """Close this thread's loop connection (tests, so that no session outlives them)."""
    with _orm_allowed():
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # Django keeps connections per context only while an event loop runs, and per
            # thread otherwise: the loop connection is reached from a loop of the moment.
            with asyncio.Runner() as runner:
                runner.run(_close_all(), context=_context())
            return
        _context().run(connections.close_all)


async def _close_all() -> None:
    connections.close_all()


def run(function: Callable[[], T]) -> tuple[bool, T | None]:
    """Run ``function`` here; ``(False, None)`` when the database refused or failed.

    ``function`` reads, or writes in one outermost ``transaction.atomic`` block: when a lock
    is held elsewhere (or the connection broke) the block rolls back, nothing is written, and
    the caller hands the same work to the database thread.
    """
    with _orm_allowed():
        return _context().run(_run_here, function)


def _run_here(function: Callable[[], T]) -> tuple[bool, T | None]:
    try:
        _never_wait()
        return True, function()
    except OperationalError:
        connection.close_if_unusable_or_obsolete()
        return False, None
