"""Read-only queries of the archive: an initiative's imports, for the import pages."""

from __future__ import annotations

from django.db.models import QuerySet

from convener.archive.models import ArchiveImport
from convener.initiatives.models import Initiative


def imports_started_from(initiative: Initiative) -> QuerySet[ArchiveImport]:
    """Return the imports started from ``initiative``'s pages, without the files' text."""
    return (
        ArchiveImport.objects.filter(initiative_pk=initiative.pk)
        .select_related("started_by")
        .defer("document")
    )
