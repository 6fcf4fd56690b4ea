"""``convener restore PATH``: replace the database with a backup. Stop the server first."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from convener.archive.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup at PATH. Stop the server (and workers) "
        "first: everything written since the backup is lost."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a file written by `convener backup`")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if not options["yes"]:
            answer = input(
                f"This replaces the database {database['NAME']} with {options['path']}. "
                "Is the server stopped, and do you want to go on? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was restored.")
        connections.close_all()  # no connection may keep the old file open
        try:
            restore_database(database=database, backup=options["path"])
        except BackupError as exc:
            raise CommandError(f"Nothing was restored. {exc}") from exc
        self.stdout.write(f"Restored the database from {options['path']}.")
