"""Registry imports as background jobs: queue a reviewed batch, then import it in a job.

``queue_import`` (the pages) and ``create_queued_import`` (the API) move a batch to queued and
enqueue ``convener.stakeholders.jobs.import_batch`` on commit; the job calls
``run_queued_import``, which claims the batch, imports it all or nothing through
``transfer.write_batch`` and records a failure in plain words. The claim, finish and fail
moves are those of ``convener.core.models.BackgroundWork``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from convener.accounts.models import User
from convener.core.tasks import enqueue
from convener.initiatives.models import Initiative
from convener.stakeholders.models import IMPORT_LEASE, ImportBatch, ImportStatus
from convener.stakeholders.services.transfer import ImportRejected, ImportSummary, write_batch

logger = logging.getLogger(__name__)

# A batch left "running" this long belongs to a job whose worker died (its transaction rolled
# back); the queue's retry may claim it again, or a person queue it again. Matches the database
# queue's lease.
RUN_LEASE = IMPORT_LEASE
IMPORT_TASK = "convener.stakeholders.jobs.import_batch"
UNEXPECTED = gettext_lazy(
    "An unexpected error stopped the import. Try again; if it happens again, the "
    "administrators can find the details in the server log."
)


def queue_import(
    *,
    batch: ImportBatch,
    actor: User,
    default_choice: str = "skip",
    choices: Mapping[int, str] | None = None,
) -> bool:
    """Queue a background job that imports the batch; return False if it is already queued.

    Only a staged or failed batch can be queued, or one whose job was lost (pending longer than
    the lease), and the move is one conditional UPDATE: a double click, or two people at once,
    queue one job. The job starts after commit.
    """
    options = {
        "default": default_choice,
        "rows": {str(number): choice for number, choice in (choices or {}).items()},
    }
    queueable = Q(status__in=[ImportStatus.STAGED, ImportStatus.FAILED]) | ImportBatch.stale_q()
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(queueable, pk=batch.pk).update(
            status=ImportStatus.QUEUED,
            options=options,
            started_by=actor,
            queued_at=timezone.now(),
            started_at=None,
            finished_at=None,
            error="",
            run_token="",
        )
        if claimed:
            enqueue(IMPORT_TASK, batch_id=batch.pk)
    batch.refresh_from_db()
    return bool(claimed)


def create_queued_import(
    *,
    initiative: Initiative,
    actor: User,
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    mapping: Sequence[str],
    default_choice: str = "skip",
    source: str = "api",
) -> ImportBatch:
    """Keep checked rows as a batch and queue its import (the API's door); return the batch."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            initiative=initiative,
            created_by=actor,
            format=source[:10],
            header=list(header),
            rows=[[number, list(cells)] for number, cells in rows],
            mapping=list(mapping),
        )
        queue_import(batch=batch, actor=actor, default_choice=default_choice)
    return batch


def run_queued_import(*, batch_id: int) -> ImportSummary | None:
    """Import a queued batch (the background job's work); return None if it did not import.

    The import runs in one transaction. On any failure nothing is written, and the batch is
    marked failed with a plain-language reason in a separate transaction; its rows are kept
    so that it can be reviewed and queued again. A batch another run has claimed, or one
    already imported, is left alone.
    """
    return ImportBatch.run(
        batch_id,
        _import_batch,
        explain=_explain,
        unexpected=UNEXPECTED,
        related=("initiative", "started_by"),
    )


def _import_batch(batch: ImportBatch, token: str) -> ImportSummary | None:
    if batch.started_by is None:
        raise ValueError(_("The account that started the import no longer exists."))
    options = batch.options or {}
    choices = {
        int(number): str(choice)
        for number, choice in (options.get("rows") or {}).items()
        if str(number).isdigit()
    }
    return write_batch(
        batch,
        claim=lambda: ImportBatch.finish(batch.pk, token),
        actor=batch.started_by,
        default_choice=str(options.get("default") or "skip"),
        choices=choices,
    )


def _explain(exc: Exception) -> str | None:
    """Say why an import stopped; None for an unexpected error (its details go to the log)."""
    if isinstance(exc, ImportRejected):
        return rejected_reason(exc)
    if isinstance(exc, ValueError):
        return str(exc)
    return None


def rejected_reason(exc: ImportRejected) -> str:
    """Say in plain words why rows were refused, naming the first few."""
    shown = "; ".join(
        (_("row %(number)d: %(problems)s") if r.number else "%(problems)s")
        % {"number": r.number, "problems": ", ".join(e.message for e in r.errors)}
        for r in exc.rows[:5]
    )
    count = len(exc.rows)
    return ngettext(
        "%(count)d row has a problem (the registry may have changed since the review): %(rows)s.",
        "%(count)d rows have problems (the registry may have changed since the review): %(rows)s.",
        count,
    ) % {"count": count, "rows": shown}
