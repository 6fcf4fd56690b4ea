"""``convener backup PATH``: a consistent copy of the whole database, taken while it runs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from convener.archive.backup import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Back up the database to PATH while the server keeps running (SQLite: online backup; "
        "PostgreSQL: pg_dump -Fc)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup_database(
                database=settings.DATABASES["default"], destination=options["path"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the database to {path}.")
