"""``convener daily``: enqueue the daily tasks (``settings.DAILY_TASKS``) once.

The one schedule is the systemd timer ``deploy/convener-daily.timer`` (docs/deploy.md), or any
cron entry that runs this command once a day. With the database backend ``convener db_worker``
runs the tasks; with the immediate backend they run here, before the command returns.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from convener.core.tasks import enqueue_daily


class Command(BaseCommand):
    help = "Enqueue the daily tasks (the retention purge, the ladder summaries' rebuild)."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in enqueue_daily():
            self.stdout.write(f"Enqueued {path}")
