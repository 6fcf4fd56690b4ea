"""Test helpers: queue tasks in the database, as a deployment does, and run them as its worker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def use_database_tasks(settings) -> None:
    """Queue tasks as ``django_tasks_db`` rows (``TASKS_BACKEND=database``) for this test."""
    settings.TASKS = DATABASE_TASKS


@contextmanager
def _test_connection_kept() -> Iterator[None]:
    """The worker closes old connections between tasks, as Django does between requests; on
    PostgreSQL that would close the test's own connection, which holds its transaction."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        yield


def run_worker() -> str:
    """Run every queued task once, as ``convener db_worker`` does, then stop; return its log."""
    out = StringIO()
    with _test_connection_kept():
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out
        )
    return out.getvalue()


@dataclass
class Outcome:
    """What the one task a worker ran did."""

    task: str
    ok: bool


def run_one() -> Outcome | None:
    """Run the next queued task, as one pass of ``convener db_worker``; None if none was ready."""
    ready = set(DBTaskResult.objects.ready().values_list("id", flat=True))
    with _test_connection_kept():
        call_command(
            "db_worker",
            "--batch",
            "--max-tasks",
            "1",
            "--no-startup-delay",
            "--no-reload",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    ran = DBTaskResult.objects.filter(id__in=ready).exclude(status="READY").first()
    if ran is None:
        return None
    return Outcome(ran.task_path, ok=ran.status == "SUCCESSFUL")


def queued() -> list[tuple[str, dict]]:
    """The tasks waiting for a worker: (path, keyword arguments)."""
    rows = DBTaskResult.objects.ready().order_by("enqueued_at")
    return [(row.task_path, row.args_kwargs["kwargs"]) for row in rows]
