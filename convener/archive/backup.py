"""Consistent backups of the whole database, and restoring them.

SQLite: the online backup API copies a consistent snapshot while the server keeps writing (in
WAL mode readers never block writers). PostgreSQL: ``pg_dump -Fc`` / ``pg_restore --clean``,
with the connection taken from DATABASE_URL. Restoring SQLite replaces the database file and
must be done with the server stopped (docs/security.md, "Backups").
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        connection.close()
    return str(row[0]) if row else "no answer"


def backup_sqlite(*, source: str | Path, destination: str | Path) -> Path:
    """Copy the SQLite database at ``source`` to ``destination`` while writes go on.

    The copy is written beside the destination and renamed into place only after SQLite's
    integrity check passes, so a failed backup never leaves a half-written file.
    """
    source, destination = Path(source), Path(destination)
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".backup-", dir=destination.parent)
    os.close(handle)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=20)
        dst = sqlite3.connect(temporary)
        try:
            # pages=-1 copies everything in one step, from one read snapshot: with WAL,
            # writers carry on meanwhile and their later commits are simply not in the copy.
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
            src.close()
        result = _integrity(Path(temporary))
        if result != "ok":
            raise BackupError(f"The copy failed SQLite's integrity check: {result}")
        os.replace(temporary, destination)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return destination


def restore_sqlite(*, backup: str | Path, target: str | Path) -> Path:
    """Put the backup at ``backup`` in place of the database file ``target``.

    Run with the server stopped: open connections would keep using the old file.
    """
    backup, target = Path(backup), Path(target)
    if not backup.exists():
        raise BackupError(f"There is no backup at {backup}.")
    result = _integrity(backup)
    if result != "ok":
        raise BackupError(f"The backup failed SQLite's integrity check: {result}")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".restore-", dir=target.parent)
    os.close(handle)
    try:
        shutil.copyfile(backup, temporary)
        with open(temporary, "rb") as copied:
            os.fsync(copied.fileno())
        # The old write-ahead log belongs to the old file; left in place it would be replayed
        # into the restored one.
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _pg_environment(database: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Return libpq connection arguments and environment (the password never on argv)."""
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed program, arguments from settings
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed on this machine.") from exc
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


def backup_postgres(*, database: dict[str, Any], destination: str | Path) -> Path:
    """Dump the PostgreSQL database in pg_dump's custom format (a consistent snapshot)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    args, env = _pg_environment(database)
    temporary = destination.with_name(f".{destination.name}.partial")
    _run(["pg_dump", "-Fc", *args, "--file", str(temporary), str(database["NAME"])], env)
    os.replace(temporary, destination)
    return destination


def restore_postgres(*, database: dict[str, Any], backup: str | Path) -> None:
    """Restore a pg_dump custom-format file, replacing the objects it contains."""
    if not Path(backup).exists():
        raise BackupError(f"There is no backup at {backup}.")
    args, env = _pg_environment(database)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            "--dbname",
            str(database["NAME"]),
            str(backup),
        ],
        env,
    )


def backup_database(*, database: dict[str, Any], destination: str | Path) -> Path:
    """Back up the database described by a Django DATABASES entry."""
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return backup_sqlite(source=database["NAME"], destination=destination)
    if "postgresql" in engine:
        return backup_postgres(database=database, destination=destination)
    raise BackupError(f"Backups of {engine} are not supported.")


def restore_database(*, database: dict[str, Any], backup: str | Path) -> None:
    """Restore a backup into the database described by a Django DATABASES entry."""
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        restore_sqlite(backup=backup, target=database["NAME"])
    elif "postgresql" in engine:
        restore_postgres(database=database, backup=backup)
    else:
        raise BackupError(f"Restoring {engine} is not supported.")
