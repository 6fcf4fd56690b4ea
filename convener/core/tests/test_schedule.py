"""Daily jobs: enqueued once a day, however many schedulers race for them."""

from __future__ import annotations

import datetime as dt
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connections
from django.utils import timezone

from convener.core import jobs
from convener.core.models import Job, ScheduledRun

pytestmark = pytest.mark.django_db(transaction=True)

RAN = {"path": ""}


def count_run() -> None:
    """A daily task: append a line to the file a test points RAN at."""
    with Path(RAN["path"]).open("a") as out:
        out.write("ran\n")


@pytest.fixture
def daily(monkeypatch, tmp_path) -> Path:
    """Replace the registered daily jobs with ``count_run`` alone; return its record file."""
    ran = tmp_path / "ran.txt"
    ran.touch()
    monkeypatch.setitem(RAN, "path", str(ran))
    monkeypatch.setattr(jobs, "_daily", {})
    monkeypatch.setattr(jobs, "_discovered", True)
    jobs.register_daily("count", count_run)
    return ran


def test_a_daily_job_is_claimed_once_per_day():
    now = timezone.now()
    assert jobs.claim_daily("count", now=now)
    assert not jobs.claim_daily("count", now=now + dt.timedelta(minutes=1))
    assert jobs.claim_daily("count", now=now + dt.timedelta(days=1))
    assert ScheduledRun.objects.get(name="count").day == timezone.localdate(now) + dt.timedelta(1)


def test_two_schedulers_racing_run_the_job_once(daily):
    barrier = threading.Barrier(2)
    started: list[list[str]] = []
    errors: list[BaseException] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            for _ in range(100):
                try:
                    started.append(jobs.run_due_daily())
                    return
                except OperationalError as exc:
                    # The test's in-memory SQLite reports a busy table at once instead of
                    # waiting; a real scheduler tries again at its next tick, so does this one.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except BaseException as exc:  # surfaced by the assertions below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(started) == [[], ["count"]]
    assert daily.read_text().splitlines() == ["ran"]  # eager backend: ran at once, once
    assert jobs.run_due_daily() == []  # later the same day: nothing


def test_the_registry_refuses_what_a_worker_could_not_import():
    with pytest.raises(jobs.JobError):
        jobs.register_daily("bad", "os.remove")


def test_a_long_running_worker_enqueues_and_runs_the_daily_job(daily, settings):
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "database"
    out = StringIO()
    call_command("worker", "--max-jobs", "1", stdout=out, stderr=StringIO())
    assert "1 job(s) run, 0 failed" in out.getvalue()
    assert daily.read_text().splitlines() == ["ran"]
    assert not Job.objects.exists()
    # The same day, another worker finds it done; --burst never schedules.
    assert jobs.run_due_daily() == []
    call_command("worker", "--burst", stdout=StringIO(), stderr=StringIO())
    assert daily.read_text().splitlines() == ["ran"]


def test_the_scheduler_looks_at_most_once_a_minute(daily):
    scheduler = jobs.Scheduler(every=60)
    assert scheduler.tick() == ["count"]
    ScheduledRun.objects.update(day=None)  # due again, but the scheduler waits its minute
    assert scheduler.tick() == []


def test_the_web_timer_starts_once_and_only_with_the_thread_backend(settings, monkeypatch):
    ran = threading.Event()
    monkeypatch.setattr(jobs, "_timer_loop", ran.set)
    monkeypatch.setattr(jobs, "_timer_started", False)
    settings.JOBS_EAGER = False
    settings.JOBS_SCHEDULE = True
    settings.JOBS_BACKEND = "database"  # a `convener worker` schedules for the queues
    assert not jobs.start_timer()
    settings.JOBS_BACKEND = "thread"
    settings.JOBS_SCHEDULE = False  # as in the test settings, or a site using cron
    assert not jobs.start_timer()
    settings.JOBS_SCHEDULE = True
    assert jobs.start_timer()
    assert ran.wait(5)
    assert not jobs.start_timer()  # once per process
