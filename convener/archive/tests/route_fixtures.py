"""URL parameter values for the route inventory (tests/test_routes.py)."""

from convener.archive.models import ArchiveImport, ArchiveImportStatus
from convener.initiatives.models import Initiative


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return values for this app's URL parameters; must be idempotent."""
    job, _created = ArchiveImport.objects.get_or_create(
        initiative_pk=initiative.pk,
        filename="route-check.json",
        defaults={"status": ArchiveImportStatus.FAILED, "error": "Route check."},
    )
    return {"import_id": job.pk}
