"""The in-process job queue the collect area sends e-mail through."""

from __future__ import annotations

import threading

import pytest
from django.db import transaction

from convener.core import jobs


def test_jobs_wait_for_the_commit_and_run_inline_when_eager(
    db, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_EAGER = True
    ran: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(_append, into=ran, value=1)
        assert ran == []  # not inside the transaction
    assert ran == [1]


def test_rolled_back_work_enqueues_nothing(db, settings, django_capture_on_commit_callbacks):
    settings.JOBS_EAGER = True
    ran: list[int] = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _enqueue_then_fail(ran)
    assert callbacks == []
    assert ran == []


@pytest.mark.django_db(transaction=True)
def test_jobs_run_on_the_worker_thread_otherwise(settings):
    settings.JOBS_EAGER = False
    seen: list[str] = []
    done = threading.Event()

    def task(*, note: str) -> None:
        seen.append(f"{note} on {threading.current_thread().name}")
        done.set()

    jobs.enqueue(task, note="sent")
    assert done.wait(10)
    jobs.wait_for_jobs()
    assert seen[0].startswith("sent on convener-job")


def _append(*, into: list[int], value: int) -> None:
    into.append(value)


def _enqueue_then_fail(ran: list[int]) -> None:
    try:
        with transaction.atomic():
            jobs.enqueue(_append, into=ran, value=1)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
