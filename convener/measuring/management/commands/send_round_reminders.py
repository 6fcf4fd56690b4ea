"""Send reminder e-mails to invited people who have not yet submitted, for every open round.

Meant for a daily scheduler (cron, a systemd timer): ``convener send_round_reminders``.
People reminded less than ``--min-hours`` ago are skipped, so running it often is harmless.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from convener.measuring import services
from convener.measuring.models import Round, RoundStatus


class Command(BaseCommand):
    help = "E-mail reminders to people invited to an open round who have not submitted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", type=int, help="Only this round (its id).")
        parser.add_argument(
            "--min-hours",
            type=int,
            default=72,
            help="Skip people reminded less than this many hours ago (default 72).",
        )
        parser.add_argument("--base-url", default=None, help="Site address for the links.")

    def handle(self, *args: Any, **options: Any) -> None:
        rounds = Round.objects.filter(status=RoundStatus.OPEN)
        if options["round"]:
            rounds = rounds.filter(pk=options["round"])
        interval = dt.timedelta(hours=options["min_hours"])
        total = 0
        for round in rounds:
            sent = services.send_reminders(
                round_id=round.pk, base_url=options["base_url"], min_interval=interval
            )
            total += sent
            self.stdout.write(f"round {round.pk}: {sent} reminders sent")
        self.stdout.write(self.style.SUCCESS(f"{total} reminders sent in all"))
