"""Background jobs behind one interface: ``enqueue(task, **kwargs)``, run after commit.

Jobs are thin (house style): they take ids, load what they need and call a service. They never
run inside a request: the job is handed over only when the surrounding transaction commits (so
it sees the rows the request wrote, and a rolled-back request runs nothing). ``task`` is a
module-level function (named by its dotted path on a queue) and ``kwargs`` must be JSON: ids,
text, numbers.

Where jobs run (``settings.JOBS_BACKEND``; ``settings.JOBS_EAGER`` true overrides it):

- ``thread`` (the embedded default): one background thread in the web process.
- ``eager`` (tests): inline at commit time, so tests can assert the effects.
- ``redis`` (the default when ``REDIS_URL`` is set): a Redis list consumed by ``convener worker``
  processes. A worker moves a job atomically into its own processing list (BLMOVE) and removes
  it only when done, so a worker that dies mid-job loses nothing: another worker puts the jobs
  of a worker whose heartbeat has expired back on the queue (at start, then every minute).
- ``database``: a ``core.Job`` row written in the request's own transaction and claimed by
  ``convener worker`` with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite's write
  lock serialises the claim instead). A running job holds a lease; a job whose worker died is
  claimed again when the lease runs out.

A failing job is retried up to ``JOBS_MAX_ATTEMPTS`` times in all, with a growing delay, then
kept as failed with its error (``core.Job`` rows, or the Redis list ``<prefix>:failed``).

Daily jobs (the retention purge) are registered in an app's ``periodic.py`` and enqueued once a
day by a scheduler; see "daily jobs" below.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import request_started
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules, import_string

logger = logging.getLogger(__name__)

BACKENDS = ("thread", "eager", "redis", "database")
# Only functions under these packages run from a queue: whoever can write to the queue must not
# be able to call arbitrary code.
TASK_PREFIXES = ("convener.",)
LEASE = dt.timedelta(minutes=15)  # how long a database job may run before others retry it
HEARTBEAT_SECONDS = 30  # a Redis worker's heartbeat lives 3x this
RECOVER_SECONDS = 60  # how often a Redis worker looks for jobs of workers that died
SCHEDULE_SECONDS = 60  # how often a scheduler looks for daily jobs that are due

# One worker thread: jobs are few and small (e-mail batches), and a single writer suits SQLite.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convener-job")


class JobError(ValueError):
    """A job that cannot be queued: a task that is not importable, or kwargs that are not JSON."""


def backend_name() -> str:
    """The backend ``enqueue`` uses now."""
    if getattr(settings, "JOBS_EAGER", False):
        return "eager"
    name = getattr(settings, "JOBS_BACKEND", "thread") or "thread"
    if name not in BACKENDS:
        raise JobError(f"JOBS_BACKEND={name!r} is not one of {', '.join(BACKENDS)}.")
    return name


def enqueue(task: Callable[..., object] | str, **kwargs: Any) -> None:
    """Run ``task(**kwargs)`` in the background once the current transaction commits."""
    _check_json(kwargs)
    backend = backend_name()
    if backend in ("thread", "eager"):
        func = import_string(task) if isinstance(task, str) else task
        transaction.on_commit(lambda: _dispatch(func, kwargs))
        return
    path = task_path(task)
    if backend == "database":
        from convener.core.models import Job

        # Same transaction as the caller's writes: the job exists exactly when they commit.
        Job.objects.create(task=path, kwargs=kwargs, run_after=timezone.now())
    else:
        payload = _payload(path, kwargs, attempts=0)
        transaction.on_commit(lambda: RedisQueue().push(payload))


def task_path(task: Callable[..., object] | str) -> str:
    """The dotted path a queue stores for ``task``; refuse what a worker could not import."""
    if isinstance(task, str):
        path = task
    else:
        path = f"{task.__module__}.{task.__qualname__}"
        if "<locals>" in path:
            raise JobError(f"Job task {path!r} is not a module-level function.")
    if not path.startswith(TASK_PREFIXES):
        raise JobError(f"Job task {path!r} is outside {TASK_PREFIXES}.")
    try:
        found = import_string(path)
    except ImportError:
        raise JobError(f"Job task {path!r} cannot be imported by a worker.") from None
    if not isinstance(task, str) and found is not task:
        raise JobError(f"Job task {path!r} is not a module-level function.")
    return path


def _check_json(kwargs: dict[str, Any]) -> None:
    try:
        json.dumps(kwargs, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise JobError(f"Job arguments must be JSON (pass ids, not objects): {exc}") from None


# --- in process ------------------------------------------------------------------------------


def _dispatch(task: Callable[..., object], kwargs: dict[str, Any]) -> Future[None] | None:
    if backend_name() == "eager":
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
    """Block until every in-process job queued so far has run (commands and shutdown)."""
    _executor.submit(lambda: None).result(timeout=timeout)


# --- shared by the queue backends --------------------------------------------------------------


def max_attempts() -> int:
    return max(1, int(getattr(settings, "JOBS_MAX_ATTEMPTS", 3)))


def retry_delay(attempts: int) -> float:
    """Seconds before another try, after ``attempts`` failed ones: 10 s, 40 s, 90 s, ..."""
    return 10.0 * attempts * attempts


def call_task(path: str, kwargs: dict[str, Any]) -> None:
    """Import and run one queued task, with database connections handled as for a request."""
    func = import_string(task_path(path))
    _refresh_connections()
    try:
        func(**kwargs)
    finally:
        _refresh_connections()


def _refresh_connections() -> None:
    """Close connections that are broken or past CONN_MAX_AGE, as Django does per request.

    Not one inside a transaction: whoever opened it (a test running a job by hand) owns it.
    """
    if any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        return
    close_old_connections()


def _error_text() -> str:
    return traceback.format_exc(limit=20)[-4000:]


@dataclass
class Outcome:
    """What one pass of a worker did: a job ran (ok or not), or there was none."""

    task: str
    ok: bool


# --- database ----------------------------------------------------------------------------------


class DatabaseQueue:
    """``core.Job`` rows; see the module docstring."""

    name = "database"

    def claim(self) -> Any:
        from convener.core.models import Job

        now = timezone.now()
        with transaction.atomic():
            due = Job.objects.filter(status=Job.Status.QUEUED, run_after__lte=now)
            stale = Job.objects.filter(status=Job.Status.RUNNING, locked_until__lt=now)
            candidates = (due | stale).order_by("run_after", "id")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            job = candidates.first()
            if job is None:
                return None
            job.status = Job.Status.RUNNING
            job.attempts += 1
            job.locked_until = now + LEASE
            job.save(update_fields=["status", "attempts", "locked_until", "updated_at"])
        return job

    def run_one(self) -> Outcome | None:
        from convener.core.models import Job

        job = self.claim()
        if job is None:
            return None
        try:
            call_task(job.task, job.kwargs)
        except Exception:
            error = _error_text()
            logger.exception("Job %s #%s failed (attempt %s)", job.task, job.pk, job.attempts)
            if job.attempts < max_attempts():
                job.status = Job.Status.QUEUED
                job.run_after = timezone.now() + dt.timedelta(seconds=retry_delay(job.attempts))
            else:
                job.status = Job.Status.FAILED
            job.error = error
            job.locked_until = None
            job.save(update_fields=["status", "run_after", "error", "locked_until", "updated_at"])
            return Outcome(job.task, ok=False)
        Job.objects.filter(pk=job.pk).delete()
        return Outcome(job.task, ok=True)

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)

    def close(self) -> None:
        connections.close_all()


# --- redis -------------------------------------------------------------------------------------


def _payload(path: str, kwargs: dict[str, Any], *, attempts: int, job_id: str = "") -> str:
    return json.dumps(
        {
            "id": job_id or uuid.uuid4().hex,
            "task": path,
            "kwargs": kwargs,
            "attempts": attempts,
            "queued_at": time.time(),
        },
        sort_keys=True,
    )


class RedisQueue:
    """A Redis list per queue, one processing list per worker; see the module docstring."""

    name = "redis"

    def __init__(self, url: str | None = None, prefix: str | None = None) -> None:
        self.url = url or settings.REDIS_URL
        if not self.url:
            raise JobError("JOBS_BACKEND=redis needs REDIS_URL.")
        self.redis = _redis_client(self.url)
        self.prefix = prefix or getattr(settings, "JOBS_REDIS_PREFIX", "convener:jobs")
        self.queue = f"{self.prefix}:queue"
        self.delayed = f"{self.prefix}:delayed"  # sorted set: payload -> when it is due
        self.failed = f"{self.prefix}:failed"
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.processing = f"{self.prefix}:processing:{self.worker_id}"
        self.heartbeat_key = f"{self.prefix}:alive:{self.worker_id}"
        self._beat_at = 0.0
        self._recovered_at = time.monotonic()

    def push(self, payload: str) -> None:
        self.redis.lpush(self.queue, payload)

    def heartbeat(self) -> None:
        now = time.monotonic()
        if now - self._beat_at >= HEARTBEAT_SECONDS / 3:
            self.redis.set(self.heartbeat_key, "1", ex=HEARTBEAT_SECONDS * 3)
            self._beat_at = now

    def recover(self) -> int:
        """Put back on the queue the jobs of workers whose heartbeat has expired."""
        moved = 0
        for key in self.redis.scan_iter(match=f"{self.prefix}:processing:*"):
            name = key.decode()
            worker = name.removeprefix(f"{self.prefix}:processing:")
            if worker == self.worker_id or self.redis.exists(f"{self.prefix}:alive:{worker}"):
                continue
            while self.redis.lmove(name, self.queue, "RIGHT", "LEFT") is not None:
                moved += 1
        return moved

    def promote_due(self) -> None:
        """Move retries whose delay is over back onto the queue (ZREM decides who moves it)."""
        for raw in self.redis.zrangebyscore(self.delayed, "-inf", time.time(), start=0, num=100):
            if self.redis.zrem(self.delayed, raw):
                self.redis.lpush(self.queue, raw)

    def run_one(self, block: int = 1) -> Outcome | None:
        self.heartbeat()
        self.promote_due()
        if time.monotonic() - self._recovered_at >= RECOVER_SECONDS:
            self._recovered_at = time.monotonic()
            self.recover()
        raw = self.redis.blmove(self.queue, self.processing, block, "RIGHT", "LEFT")
        if raw is None:
            return None
        job = json.loads(raw)
        attempts = int(job.get("attempts", 0)) + 1
        beating = self._beat_while_running()
        try:
            call_task(job["task"], job.get("kwargs") or {})
        except Exception:
            error = _error_text()
            logger.exception("Job %s %s failed (attempt %s)", job["task"], job["id"], attempts)
            pipe = self.redis.pipeline()
            if attempts < max_attempts():
                retry = _payload(job["task"], job["kwargs"], attempts=attempts, job_id=job["id"])
                pipe.zadd(self.delayed, {retry: time.time() + retry_delay(attempts)})
            else:
                pipe.lpush(self.failed, json.dumps({**job, "attempts": attempts, "error": error}))
            pipe.lrem(self.processing, 1, raw)
            pipe.execute()
            return Outcome(job["task"], ok=False)
        finally:
            beating.set()
        self.redis.lrem(self.processing, 1, raw)
        return Outcome(job["task"], ok=True)

    def _beat_while_running(self) -> threading.Event:
        """Keep the heartbeat alive during a long job; set the returned event to stop."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(HEARTBEAT_SECONDS / 3):
                try:
                    self.redis.set(self.heartbeat_key, "1", ex=HEARTBEAT_SECONDS * 3)
                except Exception:  # Redis away for a moment: the next beat tries again
                    logger.warning("Worker heartbeat failed", exc_info=True)

        threading.Thread(target=beat, name="convener-job-heartbeat", daemon=True).start()
        return stop

    def wait(self, seconds: float) -> None:
        pass  # run_one blocks on the queue itself

    def close(self) -> None:
        self.redis.delete(self.heartbeat_key)


_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _redis_client(url: str) -> Any:
    """One client (and connection pool) per URL and process, shared by producers and workers.

    Typed ``Any``: redis-py's stubs are narrower than what it accepts and returns."""
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            import redis

            # The read timeout must outlast a blocking pop (redis-py 8 defaults to 5 s).
            client = _clients[url] = redis.Redis.from_url(url, socket_timeout=30)
        return client


def queue_for(backend: str | None = None) -> DatabaseQueue | RedisQueue:
    """The queue ``convener worker`` consumes for ``backend`` (default: the configured one)."""
    name = backend or backend_name()
    if name == "database":
        return DatabaseQueue()
    if name == "redis":
        return RedisQueue()
    raise JobError(
        f"JOBS_BACKEND={name!r} runs jobs inside the web process; `convener worker` serves "
        "JOBS_BACKEND=database or redis (the default when REDIS_URL is set)."
    )


# --- daily jobs ----------------------------------------------------------------------------------
#
# Each app lists its daily jobs in ``<app>/periodic.py`` with ``register_daily``. A scheduler
# looks once a minute: in every long-running ``convener worker`` (redis and database), and with
# the thread backend in a timer thread of each web process, started by its first request. A job
# is due once per local day (settings.TIME_ZONE), from midnight; ``claim_daily`` makes sure
# only one scheduler of all those processes enqueues it. With the thread backend a site that
# gets no request after a restart runs nothing until it does: the first visit starts the timer.


@dataclass(frozen=True)
class Daily:
    name: str
    task: str  # dotted path of a module-level function taking no arguments


_daily: dict[str, Daily] = {}
_discovered = False


def register_daily(name: str, task: Callable[..., object] | str) -> None:
    """Run ``task()`` once a day through the job queue (call it from an app's periodic.py)."""
    _daily[name] = Daily(name, task_path(task))


def daily_jobs() -> list[Daily]:
    """Every registered daily job (importing each app's periodic.py the first time)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("periodic")
        _discovered = True
    return sorted(_daily.values(), key=lambda job: job.name)


def claim_daily(name: str, *, now: dt.datetime) -> bool:
    """Mark ``name`` as started today; return False if some process already did today."""
    from convener.core.models import ScheduledRun

    today = timezone.localdate(now)
    ScheduledRun.objects.get_or_create(name=name)
    # One conditional UPDATE: of several racing schedulers exactly one moves the day forward
    # (PostgreSQL re-checks the condition after waiting for the row lock; SQLite serialises).
    return bool(
        ScheduledRun.objects.filter(name=name)
        .filter(Q(day__isnull=True) | Q(day__lt=today))
        .update(day=today, started_at=now, finished_at=None, outcome="")
    )


def record_daily_outcome(name: str, outcome: str, *, now: dt.datetime | None = None) -> None:
    """Store what a daily job's last run did (its task, or a command run by hand, calls this)."""
    from convener.core.models import ScheduledRun

    now = now or timezone.now()
    today = timezone.localdate(now)
    ScheduledRun.objects.get_or_create(name=name)
    runs = ScheduledRun.objects.filter(name=name)
    # A run by hand counts as today's (the schedule then skips today); never move the day back.
    runs.filter(Q(day__isnull=True) | Q(day__lt=today)).update(day=today, started_at=now)
    runs.update(finished_at=now, outcome=outcome[:2000])


def run_due_daily(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue each daily job not yet started today; return the names of those enqueued."""
    now = now or timezone.now()
    started = []
    for job in daily_jobs():
        if claim_daily(job.name, now=now):
            enqueue(job.task)
            started.append(job.name)
            logger.info("Daily job %s queued", job.name)
    return started


class Scheduler:
    """Call ``run_due_daily`` at most once per ``every`` seconds (``tick`` from any loop)."""

    def __init__(self, every: float = SCHEDULE_SECONDS) -> None:
        self.every = every
        self._last = -every  # the first tick looks at once

    def tick(self) -> list[str]:
        if time.monotonic() - self._last < self.every:
            return []
        self._last = time.monotonic()
        try:
            return run_due_daily()
        except Exception:  # the database away for a moment: the next tick tries again
            logger.exception("Daily job schedule failed")
            return []


_timer_lock = threading.Lock()
_timer_started = False


def start_timer() -> bool:
    """Start this web process's daily-job timer thread, once; return whether it started now.

    Only with the thread backend (a worker schedules for the queue backends), and not when
    ``settings.JOBS_SCHEDULE`` is false (the test settings).
    """
    global _timer_started
    if backend_name() != "thread" or not settings.JOBS_SCHEDULE:
        return False
    with _timer_lock:
        if _timer_started:
            return False
        _timer_started = True
    threading.Thread(target=_timer_loop, name="convener-schedule", daemon=True).start()
    return True


def _timer_loop() -> None:
    scheduler = Scheduler()
    while True:
        try:
            scheduler.tick()
        finally:
            connections.close_all()  # this thread's own connections
        time.sleep(SCHEDULE_SECONDS)


def _start_timer_on_request(sender: object, **kwargs: Any) -> None:
    if start_timer() or _timer_started:
        request_started.disconnect(dispatch_uid=_TIMER_UID)


_TIMER_UID = "convener.core.jobs.start_timer"


def start_timer_with_first_request() -> None:
    """Start the timer when the web process serves its first request (CoreConfig.ready).

    Not at start-up: management commands and workers load the apps too, and must not run it.
    """
    request_started.connect(_start_timer_on_request, dispatch_uid=_TIMER_UID, weak=False)
