"""``convener purge_participant_data [--dry-run]``: apply the retention settings now.

The job worker (or, in the embedded default, the web process) already runs the purge once a day
(``convener.archive.jobs``); this command is for a purge now, a dry run, or cron.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from convener.archive.jobs import record_purge
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
        if not report.dry_run:
            record_purge(report)  # the daily schedule then skips today
        for line in report.lines():
            self.stdout.write(line)
