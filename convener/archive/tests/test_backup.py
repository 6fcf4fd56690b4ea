"""Backups are consistent while writes continue, and restore into a fresh place."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from convener.archive import backup as backup_module
from convener.archive.backup import BackupError, backup_sqlite, restore_sqlite
from convener.archive.management.commands import backup as backup_command
from convener.archive.management.commands import restore as restore_command


def _make_database(path):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    connection.executemany(
        "INSERT INTO entry (body) VALUES (?)", [(f"row {i}" * 20,) for i in range(2000)]
    )
    connection.commit()
    connection.close()


def test_backup_while_a_thread_keeps_writing_then_restore_into_a_fresh_directory(tmp_path):
    live = tmp_path / "live" / "convener.sqlite3"
    live.parent.mkdir()
    _make_database(live)
    stop = threading.Event()
    committed = [2000]

    def writer() -> None:
        connection = sqlite3.connect(live, timeout=20)
        while not stop.is_set():
            connection.execute("INSERT INTO entry (body) VALUES (?)", ("written during backup",))
            connection.commit()
            committed[0] += 1
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while committed[0] < 2100:  # the writer is well under way
            time.sleep(0.01)
        before_backup = committed[0]
        copy = backup_sqlite(source=live, destination=tmp_path / "backups" / "nightly.sqlite3")
        writes_during = committed[0] - before_backup
    finally:
        stop.set()
        thread.join()
    assert writes_during >= 0

    fresh = tmp_path / "fresh" / "convener.sqlite3"
    restore_sqlite(backup=copy, target=fresh)
    connection = sqlite3.connect(fresh)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (restored,) = connection.execute("SELECT COUNT(*) FROM entry").fetchone()
    ids = [row[0] for row in connection.execute("SELECT id FROM entry ORDER BY id")]
    connection.close()
    assert restored >= before_backup  # everything committed before the backup began
    assert restored <= committed[0]  # and nothing that was never committed
    assert ids == list(range(1, restored + 1))  # a consistent prefix, no holes


def test_a_restore_replaces_the_old_file_and_its_write_ahead_log(tmp_path):
    source = tmp_path / "a.sqlite3"
    _make_database(source)
    copy = backup_sqlite(source=source, destination=tmp_path / "copy.sqlite3")
    target = tmp_path / "b.sqlite3"
    target.write_bytes(b"old database")
    (tmp_path / "b.sqlite3-wal").write_bytes(b"stale log")
    restore_sqlite(backup=copy, target=target)
    assert not (tmp_path / "b.sqlite3-wal").exists()
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT COUNT(*) FROM entry").fetchone() == (2000,)
    connection.close()


def test_a_damaged_backup_is_not_restored(tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    target = tmp_path / "db.sqlite3"
    _make_database(target)
    with pytest.raises(BackupError, match="integrity"):
        restore_sqlite(backup=damaged, target=target)
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT COUNT(*) FROM entry").fetchone() == (2000,)
    connection.close()


def test_the_commands_use_the_configured_database(tmp_path, monkeypatch, capsys):
    database = tmp_path / "convener.sqlite3"
    _make_database(database)
    fake = SimpleNamespace(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}}
    )
    monkeypatch.setattr(backup_command, "settings", fake)
    monkeypatch.setattr(restore_command, "settings", fake)
    call_command("backup", str(tmp_path / "b.sqlite3"))
    assert "Backed up" in capsys.readouterr().out
    database.unlink()
    call_command("restore", str(tmp_path / "b.sqlite3"), "--yes")
    connection = sqlite3.connect(database)
    assert connection.execute("SELECT COUNT(*) FROM entry").fetchone() == (2000,)
    connection.close()
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--yes")


def test_postgres_uses_pg_dump_custom_format_without_the_password_on_the_command_line(
    tmp_path, monkeypatch
):
    calls = []

    def fake_run(command, env, **kwargs):
        calls.append((command, env))
        if command[0] == "pg_dump":
            (tmp_path / ".dump.partial").write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup_module.subprocess, "run", fake_run)
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "convener",
        "USER": "app",
        "PASSWORD": "s3cret",
        "HOST": "db.internal",
        "PORT": 5432,
    }
    backup_module.backup_database(database=database, destination=tmp_path / "dump")
    assert (tmp_path / "dump").read_bytes() == b"PGDMP"
    backup_module.restore_database(database=database, backup=tmp_path / "dump")
    (dump, dump_env), (restore, restore_env) = calls
    assert dump[:2] == ["pg_dump", "-Fc"]
    assert dump[-1] == "convener"
    assert "--clean" in restore
    assert restore[0] == "pg_restore"
    assert "s3cret" not in " ".join(dump + restore)
    assert dump_env["PGPASSWORD"] == restore_env["PGPASSWORD"] == "s3cret"
