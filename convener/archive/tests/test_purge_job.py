"""The retention purge runs as a daily background job, and the command records its run too."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from convener.accounts.models import UserSession
from convener.archive.jobs import PURGE_JOB
from convener.core import jobs
from convener.core.models import Job, ScheduledRun

pytestmark = pytest.mark.django_db


def _old_session_record(cast) -> UserSession:
    return UserSession.objects.create(
        user=cast.users["viewer"],
        session_key="k" * 32,
        ended_at=timezone.now() - dt.timedelta(days=400),
    )


def test_the_purge_is_a_registered_daily_job():
    assert (PURGE_JOB, "convener.archive.jobs.purge_participant_data") in [
        (job.name, job.task) for job in jobs.daily_jobs()
    ]


def _schedule(capture, **kwargs) -> list[str]:
    with capture(execute=True):  # eager in tests: the job runs at commit
        return jobs.run_due_daily(**kwargs)


def test_the_daily_purge_runs_once_a_day_and_records_what_it_removed(
    cast, settings, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    _old_session_record(cast)
    assert PURGE_JOB in _schedule(capture)
    assert not UserSession.objects.exists()
    run = ScheduledRun.objects.get(name=PURGE_JOB)
    assert run.day == timezone.localdate()
    assert run.finished_at is not None
    assert "1 ended session records were purged." in run.outcome
    _old_session_record(cast)
    assert PURGE_JOB not in _schedule(capture)  # once a day
    assert UserSession.objects.count() == 1
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert PURGE_JOB in _schedule(capture, now=tomorrow)
    assert not UserSession.objects.exists()


def test_the_command_counts_in_a_dry_run_and_a_real_run_counts_as_todays(cast, settings):
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    _old_session_record(cast)
    out = StringIO()
    call_command("purge_participant_data", "--dry-run", stdout=out)
    assert "1 ended session records would be purged." in out.getvalue()
    assert UserSession.objects.count() == 1
    assert not ScheduledRun.objects.filter(name=PURGE_JOB, day__isnull=False).exists()
    call_command("purge_participant_data", stdout=StringIO())
    assert not UserSession.objects.exists()
    assert ScheduledRun.objects.get(name=PURGE_JOB).day == timezone.localdate()
    assert PURGE_JOB not in jobs.run_due_daily()  # the schedule skips the day


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_purge_is_a_job_row_a_worker_runs(cast, settings):
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "database"
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    _old_session_record(cast)
    assert PURGE_JOB in jobs.run_due_daily()
    job = Job.objects.get()
    assert job.task == "convener.archive.jobs.purge_participant_data"
    assert UserSession.objects.count() == 1  # queued, not run
    outcome = jobs.DatabaseQueue().run_one()
    assert outcome is not None
    assert outcome.ok
    assert not UserSession.objects.exists()
