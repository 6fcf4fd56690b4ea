"""Background jobs: one ``enqueue`` interface; the database queue end to end."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from convener.core import jobs
from convener.core.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def record(*, path: str, value: int) -> None:
    """A task: append ``value`` to the file at ``path`` (so a test can count the runs)."""
    with Path(path).open("a") as out:
        out.write(f"{value}\n")


def explode(*, message: str) -> None:
    raise RuntimeError(message)


@pytest.fixture
def database_queue(settings):
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "database"
    settings.JOBS_MAX_ATTEMPTS = 2


def _work(*args: str) -> str:
    out = StringIO()
    call_command("worker", "--burst", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_job_row_is_written_with_the_callers_transaction(database_queue, tmp_path):
    ran = tmp_path / "ran.txt"
    with transaction.atomic():
        jobs.enqueue(record, path=str(ran), value=1)
        assert Job.objects.get().task == "convener.core.tests.test_jobs.record"
    _enqueue_then_fail(path=str(ran))
    assert list(Job.objects.values_list("kwargs", flat=True)) == [{"path": str(ran), "value": 1}]


def test_a_worker_runs_each_queued_job_once(database_queue, tmp_path):
    ran = tmp_path / "ran.txt"
    for value in (1, 2, 3):
        jobs.enqueue(record, path=str(ran), value=value)
    assert "3 job(s) run, 0 failed" in _work()
    assert ran.read_text().split() == ["1", "2", "3"]  # in the order they were queued
    assert not Job.objects.exists()  # done jobs are removed
    assert "0 job(s) run" in _work()
    assert ran.read_text().split() == ["1", "2", "3"]


def test_a_failing_job_is_retried_then_kept_as_failed_with_its_error(database_queue):
    jobs.enqueue(explode, message="smtp is down")
    assert "1 job(s) run, 1 failed" in _work()
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.QUEUED, 1)
    assert job.run_after > timezone.now()  # backs off before the next try
    assert "0 job(s) run" in _work()  # not due yet
    Job.objects.update(run_after=timezone.now())
    _work()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 2)
    assert "RuntimeError: smtp is down" in job.error
    assert "0 job(s) run" in _work()  # failed jobs stay put


def test_a_job_whose_worker_died_is_claimed_again_when_its_lease_ends(database_queue, tmp_path):
    ran = tmp_path / "ran.txt"
    jobs.enqueue(record, path=str(ran), value=7)
    claimed = jobs.DatabaseQueue().claim()  # a worker takes it, then dies
    assert claimed.status == Job.Status.RUNNING
    assert jobs.DatabaseQueue().claim() is None  # leased
    Job.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    _work()
    assert ran.read_text().split() == ["7"]


def test_queues_refuse_tasks_a_worker_could_not_import(database_queue):
    def local_task() -> None:
        pass

    with pytest.raises(jobs.JobError, match="module-level"):
        jobs.enqueue(local_task)
    with pytest.raises(jobs.JobError, match="outside"):
        jobs.enqueue("os.system", command="true")
    with pytest.raises(jobs.JobError, match="cannot be imported"):
        jobs.enqueue("convener.core.tests.test_jobs.no_such_task")
    assert not Job.objects.exists()


def test_arguments_must_be_json_in_every_backend(settings):
    for backend in jobs.BACKENDS:
        settings.JOBS_BACKEND = backend
        settings.JOBS_EAGER = False
        with pytest.raises(jobs.JobError, match="must be JSON"):
            jobs.enqueue(record, path=Path("x"), value=1)


def test_eager_runs_inline_at_commit_and_accepts_dotted_paths(settings, tmp_path):
    settings.JOBS_EAGER = True
    ran = tmp_path / "ran.txt"
    with transaction.atomic():
        jobs.enqueue("convener.core.tests.test_jobs.record", path=str(ran), value=5)
        assert not ran.exists()
    assert ran.read_text() == "5\n"


def test_the_worker_refuses_in_process_backends(settings):
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "thread"
    with pytest.raises(CommandError, match="inside the web process"):
        call_command("worker", "--burst")


def _enqueue_then_fail(*, path: str) -> None:
    """A request that queues a job, then fails: its transaction rolls back."""
    try:
        with transaction.atomic():
            jobs.enqueue(record, path=path, value=2)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
