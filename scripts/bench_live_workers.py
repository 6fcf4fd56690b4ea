"""The live-session load test on PostgreSQL + Redis, with one and then several ASGI workers.

    scripts/pg-test-server scripts/redis-test-server \\
        .venv/bin/python scripts/bench_live_workers.py --clients 1000 --workers 1 2
    scripts/pg-test-server scripts/redis-test-server \\
        .venv/bin/python scripts/bench_live_workers.py --find-ceiling --workers 1 2

Reuses bench/live_load.py's room, join and client code (the same burst: every participant
votes at once, and each waits for results that include its vote), but serves
``bench.live_asgi`` from N uvicorn processes sharing DATABASE_URL (PostgreSQL) and REDIS_URL
(the channel layer), as in production behind nginx. The participants are spread evenly over
the workers, so most results a client receives were pushed by another process through Redis.
Baseline in the same run: the round trip of the bare echo socket on the first worker.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.harness import percentile  # noqa: E402
from bench.live_clients import (  # noqa: E402
    ClientFigures,
    cpu_seconds,
    echo_clients,
    run_clients,
    vote_clients,
)
from bench.live_load import (  # noqa: E402
    CEILING_STEPS,
    TARGET_ACK_P99_MS,
    TARGET_BROADCAST_P95_MS,
    free_port,
    join_all,
    raise_open_files_limit,
    seed_room,
)


@contextmanager
def workers(count: int, data_dir: Path) -> Iterator[list[tuple[str, int]]]:
    """Run ``count`` uvicorn processes on the shared database and Redis; yield (url, pid)."""
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }
    processes = []
    try:
        for n in range(count):
            port = free_port()
            log = data_dir / f"worker-{n}.log"
            command = [sys.executable, "-m", "uvicorn", "bench.live_asgi:application"]
            command += ["--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
            command += ["--no-access-log", "--backlog", "16384", "--log-level", "warning"]
            process = subprocess.Popen(  # noqa: S603 -- our own interpreter and module
                command, env=env, cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT
            )
            processes.append((f"http://127.0.0.1:{port}", process, log))
        for base, process, log in processes:
            deadline = time.monotonic() + 90
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"worker exited: {log.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"worker never answered: {log.read_text()[-2000:]}"
                        ) from None
                    time.sleep(0.2)
        yield [(base, process.pid) for base, process, _log in processes]
    finally:
        for _base, process, _log in processes:
            process.send_signal(signal.SIGINT)
        for _base, process, _log in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


async def spread_votes(
    bases: list[str], code: str, tokens: list[str], item_id: int, value: str
) -> ClientFigures:
    """Connect participant k to worker k mod N; all vote at once; merge the figures."""
    start_at = time.time() + 3 + len(tokens) / 400
    parts = await asyncio.gather(
        *(
            vote_clients(
                ws_base=base.replace("http://", "ws://"),
                origin=base,
                code=code,
                tokens=tokens[k :: len(bases)],
                item_id=item_id,
                value=value,
                expected=len(tokens),
                start_at=start_at,
            )
            for k, base in enumerate(bases)
        )
    )
    figures = ClientFigures()
    for part in parts:
        figures.merge(part)
    return figures


def ms(samples: list[float], p: float) -> str:
    return f"{percentile(samples, p):8.1f}" if samples else "     n/a"


def passed(figures: ClientFigures, stored: int, clients: int) -> bool:
    """The live-session targets: ack p99 ≤ 250 ms, results p95 ≤ 500 ms, no vote lost."""
    return (
        not figures.failed
        and stored == clients
        and len(figures.ack_ms) == clients
        and percentile(figures.ack_ms, 99) <= TARGET_ACK_P99_MS
        and len(figures.broadcast_ms) == clients
        and percentile(figures.broadcast_ms, 95) <= TARGET_BROADCAST_P95_MS
    )


def passed_relative(figures: ClientFigures, echo: list[float], stored: int, clients: int) -> bool:
    """Issue 17's targets: ack p99 ≤ 2x the echo's p99 in the same run, results and no loss."""
    whole = (
        not figures.failed
        and stored == clients
        and len(figures.ack_ms) == clients
        and len(figures.broadcast_ms) == clients
        and percentile(figures.broadcast_ms, 95) <= TARGET_BROADCAST_P95_MS
    )
    return whole and bool(echo) and percentile(figures.ack_ms, 99) <= 2 * percentile(echo, 99)


def run(count: int, clients: int, data_dir: Path) -> bool:
    """Measure one burst of ``clients`` votes on ``count`` workers; return whether it passed."""
    from convener.live.models import Vote

    with workers(count, data_dir) as running:
        bases = [base for base, _pid in running]
        room = seed_room(f"{clients} phones on {count} worker(s)")
        tokens = join_all(bases[0], room, clients)
        echo = run_clients(echo_clients(bases[0].replace("http://", "ws://"), bases[0], clients))
        cpu_before = [cpu_seconds(pid) for _base, pid in running]
        started = time.perf_counter()
        figures = run_clients(spread_votes(bases, room.code, tokens, room.item_id, room.value))
        elapsed = time.perf_counter() - started
        cpu = [
            cpu_seconds(pid) - before for (_b, pid), before in zip(running, cpu_before, strict=True)
        ]
        stored = Vote.objects.filter(item_id=room.item_id).count()
    print(f"\n## {clients} WebSocket clients on {count} uvicorn worker(s), PostgreSQL + Redis\n")
    print(f"{'measure':<44} {'p50':>8} {'p95':>8} {'p99':>8}  (ms)")
    for label, samples in (
        ("baseline: echo round trip (worker 1)", echo),
        ("vote acknowledged (stored)", figures.ack_ms),
        ("ack -> results including the vote", figures.broadcast_ms),
        ("burst start -> all votes counted", figures.final_ms),
    ):
        print(f"{label:<44} {ms(samples, 50)} {ms(samples, 95)} {ms(samples, 99)}")
    if echo and figures.ack_ms:
        ratio = percentile(figures.ack_ms, 99) / percentile(echo, 99)
        print(f"ack p99 / echo p99: {ratio:.1f}x")
    print(
        f"votes stored {stored}/{clients}; acks {len(figures.ack_ms)}; results seen "
        f"{len(figures.broadcast_ms)}; failures {len(figures.failed)}"
        + (f" (first: {figures.failed[0][:120]})" if figures.failed else "")
    )
    print(f"burst {elapsed:.1f} s; worker CPU " + ", ".join(f"{c:.1f} s" for c in cpu))
    verdict = passed(figures, stored, clients)
    relative = passed_relative(figures, echo, stored, clients)
    print(
        "targets against the echo (ack p99 ≤ 2x echo p99, results p95 ≤ 500 ms, no loss): "
        + ("PASS" if relative else "FAIL")
    )
    print(
        "absolute targets (ack p99 ≤ 250 ms, results p95 ≤ 500 ms, no loss): "
        + ("PASS" if verdict else "FAIL")
    )
    return verdict  # the ceiling search steps up until an absolute target breaks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--find-ceiling",
        action="store_true",
        help="for each worker count, step the clients up until a target breaks",
    )
    args = parser.parse_args()
    if not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        print(__doc__)
        print("DATABASE_URL (PostgreSQL) and REDIS_URL must be set: run it as shown above.")
        return 2
    print(f"open-files limit: {raise_open_files_limit()}; load average {os.getloadavg()[0]:.1f}")
    from bench.harness import setup_django

    data_dir = Path(tempfile.mkdtemp(prefix="convener-live-workers-"))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    setup_django(keep_dir=str(data_dir))  # migrates the PostgreSQL database in DATABASE_URL
    if not args.find_ceiling:
        for count in args.workers:
            run(count, args.clients, data_dir)
        return 0
    ceilings = {}
    for count in args.workers:
        ceilings[count] = 0
        for clients in CEILING_STEPS:
            if not run(count, clients, data_dir):
                break
            ceilings[count] = clients
    print("\n| ASGI workers | largest N meeting every target |\n|---|---|")
    for count, best in ceilings.items():
        print(f"| {count} | {best or f'none (below {CEILING_STEPS[0]})'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
