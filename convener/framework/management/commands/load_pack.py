"""`convener load_pack PATH`: validate a content pack and install it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convener.framework.packs import PackError, missing_translations, pack_from_documents
from convener.framework.services import install_pack

SHOWN_GAPS = 10


class Command(BaseCommand):
    help = (
        "Validate a content pack (a directory holding pack.yaml and its files) and install it. "
        "The new pack becomes the active one unless --no-activate is given. A bad pack is "
        "reported with file, line and reason, and nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The pack directory, or its pack.yaml.")
        parser.add_argument(
            "--no-activate",
            action="store_true",
            help="Install the pack but keep the current one active.",
        )

    def handle(self, *args: Any, path: Path, no_activate: bool, **options: Any) -> None:
        try:
            installed = install_pack(path=path, activate=not no_activate)
        except PackError as error:
            raise CommandError(f"The pack was not installed.\n{error}") from None
        state = "active" if installed.is_active else "installed, not active"
        self.stdout.write(self.style.SUCCESS(f"Pack {installed.key} {installed.version}: {state}."))
        gaps = missing_translations(pack_from_documents(installed.data, check=False))
        if gaps:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(gaps)} texts lack a translation; English is shown instead:"
                )
            )
            for gap in gaps[:SHOWN_GAPS]:
                self.stdout.write(f"  {gap}")
            if len(gaps) > SHOWN_GAPS:
                self.stdout.write(f"  ... and {len(gaps) - SHOWN_GAPS} more")
