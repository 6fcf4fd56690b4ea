"""The embedded SQLite database: WAL mode, and one idle connection the web process keeps.

The PRAGMAs are set by ``init_command`` in settings; the hook below only re-applies WAL on a
fresh file, where the first connection may be created before the file exists.

Requests close their connections when they finish (settings: CONN_MAX_AGE 0). When the last
connection to a WAL database closes, SQLite checkpoints the log into the file and syncs it,
which costs far more than a request; ``keep_open`` holds one idle connection for the life of
the web process so that a request's connection is never the last one.
"""

import os
import sqlite3
from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@receiver(connection_created)
def _ensure_wal(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] != ":memory:":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            row = cursor.fetchone()
            if row and str(row[0]).lower() not in {"wal", "memory"}:
                cursor.execute("PRAGMA journal_mode=WAL")


_kept: dict[tuple[int, str], sqlite3.Connection] = {}  # (process id, file) → idle connection


def keep_open(settings_dict: dict[str, Any]) -> bool:
    """Hold an idle connection to this SQLite file for the life of the process (web servers).

    Not for management commands: ``convener restore`` replaces the file and its log, which an
    open connection in the same process must not see. Returns whether one is held.
    """
    name = str(settings_dict.get("NAME") or "")
    if settings_dict.get("ENGINE") != "django.db.backends.sqlite3" or not name:
        return False
    if name == ":memory:" or "mode=memory" in name:
        return False
    key = (os.getpid(), name)  # a forked child opens its own: a connection must not cross
    if key not in _kept:
        keeper = sqlite3.connect(name, check_same_thread=False)
        # One read opens the file and the log's index; autocommit, so no lock stays held.
        keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _kept[key] = keeper
    return True
