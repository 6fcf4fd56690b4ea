"""Background tasks through Django's Tasks API: after commit, in process or through the worker."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from convener.core import jobs, tasks
from convener.core.tests.task_worker import run_worker, use_database_tasks

pytestmark = pytest.mark.django_db


def record(*, path: str, value: int) -> None:
    """A plain function, as code written before the tasks API enqueues."""
    with Path(path).open("a") as out:
        out.write(f"{value}\n")


@tasks.task()
def record_task(*, path: str, value: int) -> None:
    record(path=path, value=value)


@tasks.task()
def explode(*, message: str) -> None:
    raise RuntimeError(message)


def _enqueue_then_fail(*, path: str) -> None:
    try:
        with transaction.atomic():
            tasks.enqueue(record_task, path=path, value=1)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_in_process_a_task_runs_only_when_the_transaction_commits(
    tmp_path, django_capture_on_commit_callbacks
):
    ran = tmp_path / "ran"
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue(record_task, path=str(ran), value=1)
        jobs.enqueue(record, path=str(ran), value=2)  # the old interface, a plain function
        tasks.enqueue("convener.core.tests.test_tasks.record", path=str(ran), value=3)
        assert _lines(ran) == []  # not before commit
    assert _lines(ran) == ["1", "2", "3"]


def test_rolled_back_work_runs_nothing(tmp_path, django_capture_on_commit_callbacks):
    ran = tmp_path / "ran"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _enqueue_then_fail(path=str(ran))
    assert callbacks == []
    assert _lines(ran) == []


def test_with_the_database_backend_the_worker_runs_queued_tasks(settings, tmp_path):
    use_database_tasks(settings)
    ran = tmp_path / "ran"
    with transaction.atomic():
        tasks.enqueue(record_task, path=str(ran), value=1)
        jobs.enqueue(record, path=str(ran), value=2)
    assert DBTaskResult.objects.ready().count() == 2  # rows written with the request's work
    assert _lines(ran) == []
    run_worker()
    assert _lines(ran) == ["1", "2"]
    assert DBTaskResult.objects.successful().count() == 2
    assert not DBTaskResult.objects.ready().exists()


def test_a_queue_row_rolls_back_with_the_request(settings, tmp_path):
    use_database_tasks(settings)
    _enqueue_then_fail(path=str(tmp_path / "ran"))
    assert not DBTaskResult.objects.exists()


def test_a_failing_task_is_kept_as_failed_with_its_traceback(settings):
    use_database_tasks(settings)
    tasks.enqueue(explode, message="smtp is down")
    run_worker()
    failed = DBTaskResult.objects.failed().get()
    assert "smtp is down" in failed.traceback
    assert failed.exception_class_path == "builtins.RuntimeError"


def test_only_convener_functions_with_json_arguments_can_be_queued(tmp_path):
    def local_task() -> None:
        pass

    with pytest.raises(tasks.JobError, match="module-level"):
        tasks.enqueue(local_task)
    with pytest.raises(tasks.JobError, match="outside"):
        tasks.enqueue("os.system", command="true")
    with pytest.raises(tasks.JobError, match="cannot be imported"):
        tasks.enqueue("convener.core.tests.test_tasks.no_such_task")
    with pytest.raises(tasks.JobError, match="must be JSON"):
        tasks.enqueue(record_task, path=tmp_path, value=1)
    with pytest.raises(tasks.JobError, match="outside"):
        tasks.call_function.call(path="os.system", kwargs={"command": "true"})


def test_convener_daily_enqueues_every_daily_task(settings):
    use_database_tasks(settings)
    out = StringIO()
    call_command("daily", stdout=out)
    queued = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == sorted(settings.DAILY_TASKS)
    assert "convener.archive.jobs.purge_participant_data" in out.getvalue()
