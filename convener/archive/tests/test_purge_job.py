"""The retention purge is a daily task (``convener daily``) and a command to run by hand."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from convener.accounts.models import UserSession
from convener.core.tests.task_worker import queued, run_worker, use_database_tasks

pytestmark = pytest.mark.django_db


def _old_session_record(cast) -> UserSession:
    return UserSession.objects.create(
        user=cast.users["viewer"],
        session_key="k" * 32,
        ended_at=timezone.now() - dt.timedelta(days=400),
    )


def test_the_purge_is_a_daily_task(settings):
    assert "convener.archive.jobs.purge_participant_data" in settings.DAILY_TASKS


def test_convener_daily_purges_at_once_with_the_immediate_backend(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    _old_session_record(cast)
    with django_capture_on_commit_callbacks(execute=True):  # the command runs in autocommit
        call_command("daily", stdout=StringIO())
    assert not UserSession.objects.exists()


def test_with_the_database_backend_the_worker_purges_and_keeps_what_it_removed(cast, settings):
    use_database_tasks(settings)
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    _old_session_record(cast)
    call_command("daily", stdout=StringIO())
    assert "convener.archive.jobs.purge_participant_data" in [path for path, _ in queued()]
    assert UserSession.objects.count() == 1  # queued, not run
    run_worker()
    assert not UserSession.objects.exists()
    purge = DBTaskResult.objects.get(task_path="convener.archive.jobs.purge_participant_data")
    assert "1 ended session records were purged." in purge.return_value


def test_the_command_counts_in_a_dry_run_and_purges_in_a_real_run(cast, settings):
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    _old_session_record(cast)
    out = StringIO()
    call_command("purge_participant_data", "--dry-run", stdout=out)
    assert "1 ended session records would be purged." in out.getvalue()
    assert UserSession.objects.count() == 1
    call_command("purge_participant_data", stdout=StringIO())
    assert not UserSession.objects.exists()
