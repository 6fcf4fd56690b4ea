"""Background tasks of the archive app (``convener.core.tasks``): thin, taking ids only.

The retention purge is one of ``settings.DAILY_TASKS``, enqueued once a day by ``convener
daily``; ``convener purge_participant_data`` runs it by hand.
"""

from __future__ import annotations

from convener.archive import importing, retention
from convener.core.tasks import task


@task()
def import_archive(*, import_id: int) -> None:
    """Import a queued export file as a new initiative; failures are recorded on the row."""
    importing.run_queued_archive_import(import_id=import_id)


@task()
def purge_participant_data() -> str:
    """Apply every retention rule once; return what was removed (kept with the task's result)."""
    return " ".join(retention.purge_participant_data().lines())
