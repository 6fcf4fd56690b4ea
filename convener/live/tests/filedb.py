"""Move the suite's in-memory SQLite test database into a file for a while (WAL, real locks).

The suite's SQLite test database lives in memory with a shared cache, where a writer in one
thread makes readers in another fail at once with "table is locked", and where live sessions
write their vote batches on asgiref's shared thread, not on their own writer thread
(``convener.live.batching.WRITER``). Tests of what the embedded default does with a real file
(uvicorn serving sockets, the vote writer thread, another writer holding the lock) run inside
``file_database``. The memory database is kept
open, left as it was, and comes back afterwards. PostgreSQL is left alone: it already locks
properly across threads.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_database(directory: Path) -> Iterator[None]:
    """Serve the test database from ``directory/live.sqlite3`` inside the block (SQLite)."""
    from django.db import connection, connections

    memory_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    keeper = sqlite3.connect(memory_name, uri=True)
    path = directory / "live.sqlite3"
    target = sqlite3.connect(path)
    keeper.backup(target)
    target.close()
    connection.settings_dict["NAME"] = str(path)
    connections.close_all()
    # Earlier tests may have left asgiref's shared sync thread with a connection to the memory
    # database: close it too, so that every thread reopens on the file.
    close_sync_thread_connections()
    try:
        yield
    finally:
        close_sync_thread_connections()
        connections.close_all()
        connection.settings_dict["NAME"] = memory_name
        connection.ensure_connection()
        keeper.close()


def close_sync_thread_connections() -> None:
    """Close the connections opened by asgiref's shared sync thread (it outlives the test)."""
    from asgiref.sync import sync_to_async
    from django.db import connections

    thread = threading.Thread(target=lambda: asyncio.run(sync_to_async(connections.close_all)()))
    thread.start()
    thread.join(10)
