"""``convener import_initiative file.json``: create a new initiative from an export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convener.accounts.models import User
from convener.archive.importing import ImportProblem, import_bytes


class Command(BaseCommand):
    help = (
        "Import an initiative export as a NEW initiative. All or nothing: on any problem "
        "nothing changes and the reason is printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the export file, or - for standard input")
        parser.add_argument(
            "--owner", help="e-mail of an existing account to make an owner of the new initiative"
        )
        parser.add_argument(
            "--keep-team",
            action="store_true",
            help=(
                "keep the roles of team members who have an account here (an administrator "
                "moving a server); without it every team member is sent an invitation"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        actor = None
        if options["owner"]:
            actor = User.objects.filter(email__iexact=options["owner"]).first()
            if actor is None:
                raise CommandError(f"No account with e-mail {options['owner']}.")
        try:
            result = import_bytes(data=data, actor=actor, keep_team=options["keep_team"])
        except ImportProblem as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        total = sum(result.created.values())
        self.stdout.write(
            f"Imported “{result.initiative.title}” as /i/{result.initiative.slug}/ "
            f"({total} records)."
        )
        if result.invited:
            self.stdout.write(
                f"{len(result.invited)} people were sent a team invitation: "
                + ", ".join(result.invited)
            )
