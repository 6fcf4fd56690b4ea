"""Background work on Django's Tasks API (the ``django-tasks`` backport of Django 6.0's tasks).

Define a task as a module-level function taking ids (JSON values only) and calling a service::

    from convener.core.tasks import enqueue, task

    @task()
    def render_report(*, render_id: int) -> None:
        services.draw_render(render_id=render_id)

and hand it over once the request's transaction commits: ``enqueue(render_report,
render_id=render.pk)``. A plain function (or its dotted path) may be enqueued too; it runs
through ``call_function``. The status people follow lives in the ``BackgroundWork`` row the
service writes, not in the task.

Where tasks run (``settings.TASKS``, chosen by ``TASKS_BACKEND``):

- ``immediate`` (the embedded default and the tests): in the same process, right after commit.
- ``database``: a ``django_tasks_db`` row written in the request's own transaction, run by
  ``convener db_worker``. A task that raises is kept as failed with its traceback.
- ``redis``: an RQ job in Redis (``django-tasks-rq``), handed over after commit and run by
  ``convener rqworker --job-class django_tasks_rq.Job``; a task that raises stays in RQ's
  failed-job registry. For a deployment that already runs Redis (live layer, cache).

The daily tasks (``settings.DAILY_TASKS``) are enqueued by ``convener daily``, which one
systemd timer starts (docs/deploy.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import task, task_backends
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

__all__ = ["JobError", "call_function", "enqueue", "task", "task_path"]

# Only code under these packages runs from a queue: whoever can write to the queue must not be
# able to call arbitrary functions.
TASK_PREFIXES = ("convener.",)


class JobError(ValueError):
    """Work that cannot be queued: not importable, outside Convener, or arguments not JSON."""


def task_path(work: Callable[..., object] | str) -> str:
    """The dotted path of ``work``; refuse what a worker could not import, or foreign code."""
    if isinstance(work, str):
        path = work
    else:
        path = f"{work.__module__}.{work.__qualname__}"
        if "<locals>" in path:
            raise JobError(f"Task {path!r} is not a module-level function.")
    if not path.startswith(TASK_PREFIXES):
        raise JobError(f"Task {path!r} is outside {TASK_PREFIXES}.")
    try:
        found = import_string(path)
    except ImportError:
        raise JobError(f"Task {path!r} cannot be imported by a worker.") from None
    if not isinstance(work, str) and found is not work:
        raise JobError(f"Task {path!r} is not a module-level function.")
    return path


@task()
def call_function(path: str, kwargs: dict[str, Any]) -> None:
    """Run a plain function that was enqueued by its path (``enqueue(function, **ids)``)."""
    import_string(task_path(path))(**kwargs)


def enqueue(work: Task[..., Any] | Callable[..., object] | str, **kwargs: Any) -> None:
    """Run ``work(**kwargs)`` in the background once the current transaction commits.

    ``work`` is a ``@task``, a module-level function, or the dotted path of either.
    """
    try:
        json.dumps(kwargs, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise JobError(f"Task arguments must be JSON (pass ids, not objects): {exc}") from None
    if isinstance(work, str):
        task_path(work)
        work = import_string(work)
    if isinstance(work, Task):
        chosen: Task[..., Any] = work
        arguments = kwargs
    else:
        chosen, arguments = call_function, {"path": task_path(work), "kwargs": kwargs}
    backend = task_backends[chosen.backend]
    if isinstance(backend, DatabaseBackend):
        # A queue row in the request's own transaction: it exists exactly when they commit.
        chosen.enqueue(**arguments)
    else:
        # In process, or in Redis, which knows nothing of the transaction: hand the work over
        # only once the rows the request wrote are committed (never for a rolled-back request).
        transaction.on_commit(lambda: chosen.enqueue(**arguments))


def enqueue_daily() -> list[str]:
    """Enqueue every task of ``settings.DAILY_TASKS`` now; return their paths."""
    paths = list(settings.DAILY_TASKS)
    for path in paths:
        enqueue(path)
    return paths
