"""``convener export_initiative SLUG > file.json``: the whole initiative as one JSON file."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convener.archive.exporting import export_initiative, record_export
from convener.initiatives.models import Initiative


class Command(BaseCommand):
    help = "Write one initiative, with everything in it, as JSON (docs/export-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the initiative's slug, as in /i/<slug>/")
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        initiative = Initiative.objects.filter(slug=options["slug"]).first()
        if initiative is None:
            raise CommandError(f"No initiative with slug “{options['slug']}”.")
        document = export_initiative(initiative=initiative, actor=None)
        text = json.dumps(document, ensure_ascii=False, indent=1)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {len(document['records'])} records to {options['output']}.")
        else:
            self.stdout.write(text)
        size = len(text.encode()) + 1
        record_export(initiative=initiative, actor=None, document=document, size=size)
