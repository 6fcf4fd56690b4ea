"""Background jobs of the archive app (see convener.core.jobs): thin, taking ids only.

The retention purge runs once a day (registered in ``convener/archive/periodic.py``). The job
and ``convener purge_participant_data`` both record their last run and what it removed
(``core.ScheduledRun`` named ``PURGE_JOB``), so the daily schedule skips a day the command
already purged.
"""

from __future__ import annotations

from django.utils import timezone

from convener.archive import importing, retention
from convener.core import jobs

PURGE_JOB = "purge_participant_data"


def import_archive(*, import_id: int) -> None:
    """Import a queued export file as a new initiative; failures are recorded on the row."""
    importing.run_queued_archive_import(import_id=import_id)


def purge_participant_data() -> None:
    """Apply every retention rule once and record what was removed."""
    report = retention.purge_participant_data()
    record_purge(report)


def record_purge(report: retention.PurgeReport) -> None:
    """Record a finished (not dry-run) purge as today's run of the daily job."""
    jobs.record_daily_outcome(PURGE_JOB, " ".join(report.lines()), now=timezone.now())
