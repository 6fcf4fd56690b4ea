"""Background jobs on Redis: against a throw-away redis-server (see ``redis_server``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import redis
from django.core.management import call_command
from django.db import transaction

from convener.core import jobs
from convener.core.tests.redis_server import redis_server

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parents[3]
PREFIX = "test:jobs"


def record(*, path: str, value: int) -> None:
    with Path(path).open("a") as out:
        out.write(f"{value}\n")


def explode(*, message: str) -> None:
    raise RuntimeError(message)


def slow_record(*, path: str, seconds: float) -> None:
    """Write 'started', take a while, write 'finished' (to show SIGTERM lets a job finish)."""
    with Path(path).open("a") as out:
        out.write("started\n")
    time.sleep(seconds)
    with Path(path).open("a") as out:
        out.write("finished\n")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_queue(redis_url: str, settings) -> Iterator[redis.Redis]:
    settings.REDIS_URL = redis_url
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "redis"
    settings.JOBS_MAX_ATTEMPTS = 2
    settings.JOBS_REDIS_PREFIX = PREFIX
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


def _work() -> str:
    out = StringIO()
    call_command("worker", "--burst", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_jobs_reach_redis_only_when_the_transaction_commits(redis_queue, tmp_path):
    ran = tmp_path / "ran.txt"
    with transaction.atomic():
        jobs.enqueue(record, path=str(ran), value=1)
        assert redis_queue.llen(f"{PREFIX}:queue") == 0
    _enqueue_then_fail(path=str(ran))
    queued = [json.loads(raw) for raw in redis_queue.lrange(f"{PREFIX}:queue", 0, -1)]
    assert [(j["task"], j["kwargs"]) for j in queued] == [
        ("convener.core.tests.test_jobs_redis.record", {"path": str(ran), "value": 1})
    ]


def test_a_worker_runs_each_job_once_and_leaves_nothing_behind(redis_queue, tmp_path):
    ran = tmp_path / "ran.txt"
    for value in (1, 2, 3):
        jobs.enqueue(record, path=str(ran), value=value)
    assert "3 job(s) run, 0 failed" in _work()
    assert ran.read_text().split() == ["1", "2", "3"]
    assert "0 job(s) run" in _work()
    assert ran.read_text().split() == ["1", "2", "3"]
    assert sorted(redis_queue.keys(f"{PREFIX}:*")) == []  # queue, processing, heartbeat gone


def test_a_failing_job_is_retried_later_then_kept_as_failed(redis_queue):
    jobs.enqueue(explode, message="smtp is down")
    assert "1 job(s) run, 1 failed" in _work()
    [(retry, due)] = redis_queue.zrange(f"{PREFIX}:delayed", 0, -1, withscores=True)
    assert json.loads(retry)["attempts"] == 1
    assert due > time.time()  # backs off
    redis_queue.zadd(f"{PREFIX}:delayed", {retry: time.time() - 1})  # time passes
    assert "1 job(s) run, 1 failed" in _work()
    assert redis_queue.zcard(f"{PREFIX}:delayed") == 0
    [failed] = [json.loads(raw) for raw in redis_queue.lrange(f"{PREFIX}:failed", 0, -1)]
    assert failed["attempts"] == 2
    assert "RuntimeError: smtp is down" in failed["error"]


def test_jobs_of_a_worker_that_died_are_requeued(redis_queue, tmp_path):
    ran = tmp_path / "ran.txt"
    jobs.enqueue(record, path=str(ran), value=9)
    dead = jobs.RedisQueue()
    dead.heartbeat()
    assert redis_queue.lmove(f"{PREFIX}:queue", dead.processing, "RIGHT", "LEFT")  # mid-job
    assert "0 job(s) run" in _work()  # its heartbeat is still alive: hands off
    redis_queue.delete(dead.heartbeat_key)  # ... until it expires
    assert "1 job(s) run" in _work()
    assert ran.read_text().split() == ["9"]


def test_sigterm_lets_the_current_job_finish(redis_queue, redis_url, tmp_path):
    ran = tmp_path / "ran.txt"
    jobs.enqueue(slow_record, path=str(ran), seconds=1.5)
    jobs.enqueue(record, path=str(ran), value=2)  # not started: stays queued
    environ = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "convener.settings",  # the test settings force eager jobs
        "DEBUG": "true",
        "REDIS_URL": redis_url,
        "JOBS_BACKEND": "redis",
        "JOBS_REDIS_PREFIX": PREFIX,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "DATA_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "convener", "worker"],
        env=environ,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (ran.exists() and "started" in ran.read_text()):
            assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.05)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert ran.read_text().split() == ["started", "finished"]
    assert "1 job(s) run, 0 failed" in out
    assert redis_queue.llen(f"{PREFIX}:queue") == 1  # the second job waits for the next worker


def _enqueue_then_fail(*, path: str) -> None:
    """A request that queues a job, then fails: its transaction rolls back."""
    try:
        with transaction.atomic():
            jobs.enqueue(record, path=path, value=2)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
