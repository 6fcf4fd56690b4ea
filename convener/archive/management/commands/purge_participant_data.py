"""``convener purge_participant_data [--dry-run]``: apply the retention settings now.

``convener daily`` already enqueues the purge once a day (``convener.archive.jobs``); this
command is for a purge now, or a dry run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from convener.archive.retention import purge_participant_data


class Command(BaseCommand):
    help = (
        "Delete or anonymise participant data past its retention period (RETENTION_* "
        "settings); each change is recorded in the initiative's audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be purged; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = purge_participant_data(dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
