"""The web process's idle SQLite connection: a request's connection is never the last one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from convener.core.sqlite import keep_open


def _write_and_close(path: Path) -> None:
    """What a request does: open, write in WAL mode, close (CONN_MAX_AGE 0)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")
    connection.execute("INSERT INTO t VALUES ('x')")
    connection.commit()
    connection.close()


def test_without_a_kept_connection_the_last_close_checkpoints_the_file(tmp_path):
    path = tmp_path / "alone.sqlite3"
    _write_and_close(path)
    # The last connection closed: SQLite checkpointed the log into the file and removed it.
    assert not (tmp_path / "alone.sqlite3-wal").exists()


def test_a_kept_connection_spares_each_request_the_checkpoint(tmp_path):
    path = tmp_path / "kept.sqlite3"
    _write_and_close(path)  # create the file in WAL mode
    settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    assert keep_open(settings)
    assert keep_open(settings)  # once per process: the same connection
    _write_and_close(path)
    assert (tmp_path / "kept.sqlite3-wal").exists()  # not checkpointed: another is still open
    check = sqlite3.connect(path)
    assert check.execute("SELECT count(*) FROM t").fetchone() == (2,)
    check.close()


def test_memory_databases_and_other_engines_are_left_alone():
    assert not keep_open({"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})
    memory = "file:memorydb_default?mode=memory&cache=shared"
    assert not keep_open({"ENGINE": "django.db.backends.sqlite3", "NAME": memory})
    assert not keep_open({"ENGINE": "django.db.backends.postgresql", "NAME": "convener"})
