"""``convener worker``: run queued background jobs until SIGTERM (see ``convener.core.jobs``).

A long-running worker also enqueues the daily jobs (the retention purge) once a day.
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convener.core import jobs

logger = logging.getLogger("convener.core.jobs")


class Command(BaseCommand):
    help = (
        "Run background jobs from the queue (JOBS_BACKEND=database, or Redis when REDIS_URL is "
        "set) until SIGTERM or Ctrl+C; the job in progress is finished first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend",
            choices=["redis", "database"],
            help="Queue to consume (default: the configured JOBS_BACKEND).",
        )
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Stop when the queue is empty instead of waiting for more jobs.",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Do not enqueue the daily jobs (the retention purge); --burst never does.",
        )
        parser.add_argument(
            "--max-jobs",
            type=int,
            default=0,
            help="Stop after this many jobs (0: no limit).",
        )
        parser.add_argument(
            "--idle-sleep",
            type=float,
            default=1.0,
            help="Seconds between polls of an empty database queue (default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            queue = jobs.queue_for(options["backend"])
        except jobs.JobError as exc:
            raise CommandError(str(exc)) from None
        stopping: list[int] = []

        def stop(signum: int, frame: object) -> None:
            stopping.append(signum)
            logger.info("Worker: signal %s, stopping after the current job", signum)

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        done = failed = 0
        started = time.monotonic()
        # A long-running worker also enqueues the daily jobs when they are due; every worker
        # may, and claim_daily lets one of them do it each day.
        scheduler = None if options["burst"] or options["no_schedule"] else jobs.Scheduler()
        self.stderr.write(f"Worker: consuming the {queue.name} queue")
        try:
            if isinstance(queue, jobs.RedisQueue):
                recovered = queue.recover()
                if recovered:
                    logger.warning("Worker: %s job(s) of a stopped worker requeued", recovered)
            while not stopping:
                if scheduler is not None:
                    scheduler.tick()
                outcome = queue.run_one()
                if outcome is None:
                    if options["burst"]:
                        break
                    queue.wait(options["idle_sleep"])
                    continue
                done += 1
                failed += 0 if outcome.ok else 1
                if options["max_jobs"] and done >= options["max_jobs"]:
                    break
        finally:
            queue.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        seconds = time.monotonic() - started
        self.stdout.write(f"Worker: {done} job(s) run, {failed} failed, in {seconds:.1f} s.")
