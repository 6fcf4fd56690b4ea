"""Confirm the embedded SQLite database runs in WAL mode.

The PRAGMAs are set by ``init_command`` in settings; this hook only re-applies WAL on a
fresh file, where the first connection may be created before the file exists.
"""

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
