"""A tiny in-process job queue: run a task on a background thread after the transaction commits.

Jobs are thin (house style): they take ids, load what they need and call a service. They never
run inside a request: ``enqueue`` defers the task until the surrounding transaction commits
(so the job sees the rows the request wrote, and a rolled-back request sends nothing), then
hands it to one worker thread. With ``settings.JOBS_EAGER`` true (the test settings), the task
runs inline at commit time instead, so tests can assert its effects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

# One worker: jobs are few and small (e-mail batches), and a single writer suits SQLite.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convener-job")


def enqueue(task: Callable[..., object], **kwargs: Any) -> None:
    """Run ``task(**kwargs)`` in the background once the current transaction commits."""
    transaction.on_commit(lambda: _dispatch(task, kwargs))


def _dispatch(task: Callable[..., object], kwargs: dict[str, Any]) -> Future[None] | None:
    if getattr(settings, "JOBS_EAGER", False):
        task(**kwargs)  # tests: run inline and let failures surface
        return None
    return _executor.submit(_run, task, kwargs)


def _run(task: Callable[..., object], kwargs: dict[str, Any]) -> None:
    try:
        task(**kwargs)
    except Exception:  # a failed job must not kill the worker thread; it is logged instead
        logger.exception("Background job %s failed", getattr(task, "__name__", task))
    finally:
        # The worker thread owns its own connections; close them so none is left open.
        connections.close_all()


def wait_for_jobs(timeout: float = 30.0) -> None:
    """Block until every job queued so far has run (for management commands and shutdown)."""
    _executor.submit(lambda: None).result(timeout=timeout)
