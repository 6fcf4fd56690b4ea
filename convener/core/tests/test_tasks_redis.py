"""TASKS_BACKEND=redis: tasks queued in Redis (django-tasks-rq) and run by `convener rqworker`."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from convener.core import jobs, tasks
from convener.core.tests.redis_server import redis_server
from convener.core.tests.test_tasks import explode, record, record_task

pytestmark = [pytest.mark.django_db, pytest.mark.subprocess]  # starts redis-server


@pytest.fixture
def redis_tasks(settings):
    with redis_server() as url:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        }
        settings.RQ_QUEUES = {"default": {"URL": url}}
        yield url


def _run_rq_worker() -> str:
    """Run what is queued, as `convener rqworker --job-class django_tasks_rq.Job` does, then stop.

    The simple worker runs each task in this process (the deployed worker forks one per task),
    so the task sees the test's database.
    """
    out = StringIO()
    call_command(
        "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job",
        "--worker-class", "rq.worker.SimpleWorker", stdout=out, stderr=out,
    )  # fmt: skip
    return out.getvalue()


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_tasks_wait_in_redis_until_the_worker_runs_them(
    redis_tasks, tmp_path, django_capture_on_commit_callbacks
):
    import django_rq

    ran = tmp_path / "ran"
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue(record_task, path=str(ran), value=1)
        jobs.enqueue(record, path=str(ran), value=2)  # a plain function, through the same API
    assert django_rq.get_queue("default").count == 2  # in Redis, not run by the request
    assert _lines(ran) == []
    _run_rq_worker()
    assert _lines(ran) == ["1", "2"]
    assert django_rq.get_queue("default").count == 0


def test_work_of_a_failed_request_never_reaches_redis(redis_tasks, tmp_path):
    import django_rq

    try:
        with transaction.atomic():
            tasks.enqueue(record_task, path=str(tmp_path / "ran"), value=1)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert django_rq.get_queue("default").count == 0


def test_a_failing_task_is_recorded_as_failed_not_lost(
    redis_tasks, django_capture_on_commit_callbacks
):
    import django_rq

    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue(explode, message="boom")
    _run_rq_worker()
    assert django_rq.get_queue("default").failed_job_registry.count == 1
