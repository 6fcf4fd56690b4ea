"""Background tasks of the stakeholders app (``convener.core.tasks``): thin, taking ids only."""

from __future__ import annotations

from convener.core.tasks import task
from convener.stakeholders.services import transfer_jobs


@task()
def import_batch(*, batch_id: int) -> None:
    """Import a queued registry import batch; failures are recorded on the batch itself."""
    transfer_jobs.run_queued_import(batch_id=batch_id)
