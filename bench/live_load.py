"""Load test of live sessions: N phones on WebSockets, a burst of N votes, results to all.

    .venv/bin/python -m bench.live_load --clients 1000
    .venv/bin/python -m bench.live_load --find-ceiling

Starts one uvicorn process serving Convener (the embedded default: SQLite in WAL mode in a
temporary DATA_DIR, the in-process channel layer), creates a session with an open, revealed
poll, joins N participants through the API, opens N WebSockets (the ``websockets`` library,
asyncio), and sends a burst of N votes at once. It measures:

- acknowledgement latency (vote sent → ack, which the server sends only after commit);
- broadcast latency: after its ack, how long until each client receives results that include
  its vote (results carry the tally version, acks the version their vote went into);
- final tally: from the start of the burst until each client sees all N votes counted;
- loss: votes in the database == N, every ack ok.

Baselines measured in the same run: the round trip of an empty Channels consumer that echoes
(same server, same number of sockets, same burst; three bursts a second apart, the one with
the median p99 reported), and a raw SQLite insert + commit on the same database file. The
clients run on uvloop when it is installed, as the server does. ``--find-ceiling`` steps N up
until a target breaks (ack p99 ≤ 250 ms, broadcast p95 ≤ 500 ms, no loss) and reports the
largest N that met all three.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import percentile
from bench.live_clients import (
    ClientFigures,
    cpu_seconds,
    echo_clients,
    run_clients,
    run_vote_clients,
)

REPO = Path(__file__).resolve().parents[1]
TARGET_ACK_P99_MS = 250.0
TARGET_BROADCAST_P95_MS = 500.0
TARGET_ACK_TO_ECHO_P99 = 2.0  # issue 17: ack p99 at most twice the echo consumer's, same run
CEILING_STEPS = (500, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 7000, 10000)
PROFILE = (
    ["-m", "cProfile", "-o", os.environ["LIVE_PROFILE"]] if os.environ.get("LIVE_PROFILE") else []
)


# --- Plumbing ---


def raise_open_files_limit() -> int:
    """Raise this process's open-files limit to the hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="WARNING",
    )
    return env


@contextmanager
def uvicorn_server(data_dir: Path) -> Iterator[tuple[str, int]]:
    """Run one uvicorn process serving bench.live_asgi; yield its base URL and process id."""
    port = free_port()
    log = data_dir / "uvicorn.log"
    process = subprocess.Popen(  # noqa: S603 -- starts our own server module
        [
            sys.executable,
            *PROFILE,
            "-m",
            "uvicorn",
            "bench.live_asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--no-access-log",
            "--backlog",
            "16384",
            "--log-level",
            "warning",
        ],
        env=server_environment(data_dir),
        cwd=REPO,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 -- local http
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"uvicorn never answered: {log.read_text()[-2000:]}"
                    ) from None
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60 if PROFILE else 15)
        except subprocess.TimeoutExpired:
            process.kill()


# --- Seeding (in this process, on the same database file) ---


@dataclass
class Room:
    code: str
    item_id: int
    value: str
    perspectives: list[str]


def seed_room(title: str) -> Room:
    """Create an initiative, a live session and an open, revealed poll; return its facts."""
    import datetime as dt

    from convener.accounts.models import User
    from convener.initiatives.services import create_initiative
    from convener.live import services

    owner, _created = User.objects.get_or_create(
        email="bench-owner@example.org", defaults={"display_name": "Bench owner"}
    )
    initiative = create_initiative(
        owner=owner,
        title=title,
        issue="Keep families connected to services.",
        practice_problem="",
        start_date=dt.date(2026, 1, 1),
    )
    session = services.create_session(initiative=initiative, actor=owner, title=title)
    options = [{"key": k, "label": k.title()} for k in ("agree", "unsure", "disagree", "other")]
    poll = services.add_item(
        session=session, kind="single", prompt="Ready?", config={"options": options}, actor=owner
    )
    services.start_session(session=session, actor=owner)
    services.open_item(item=poll, actor=owner)
    services.reveal_results(item=poll, actor=owner)
    return Room(
        code=session.join_code,
        item_id=poll.pk,
        value="agree",
        perspectives=list(initiative.perspectives.values_list("key", flat=True)),
    )


def join_all(base: str, room: Room, n: int, *, threads: int = 16) -> list[str]:
    """Join ``n`` participants through POST /api/v1/live/join; return their tokens."""

    def one(k: int) -> str:
        body = {
            "code": room.code,
            "name": f"Participant {k}",
            "perspective": room.perspectives[k % len(room.perspectives)]
            if room.perspectives
            else "",
        }
        request = urllib.request.Request(  # noqa: S310 -- our own local server
            base + "/api/v1/live/join",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                return str(json.loads(answer.read())["token"])
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"join {k} failed: {error.code} {error.read()[:500]!r}") from None

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, range(n)))


# --- Baseline: raw SQLite ---


def raw_batch_ms(db_path: Path, rows: int) -> float:
    """Time inserting ``rows`` rows in one transaction on the benchmark's database file."""
    connection = sqlite3.connect(db_path, isolation_level=None, timeout=20)
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v TEXT)")
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO bench_raw (v) VALUES (?)", ((f"vote {n}",) for n in range(rows))
    )
    connection.execute("COMMIT")
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    return elapsed


def raw_insert_ms(db_path: Path, *, repeat: int = 200) -> list[float]:
    """Time INSERT + COMMIT of one row on the benchmark's database file (same PRAGMAs)."""
    connection = sqlite3.connect(db_path, isolation_level=None, timeout=20)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v TEXT)")
    samples = []
    for n in range(repeat):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bench_raw (v) VALUES (?)", (f"vote {n}",))
        connection.execute("COMMIT")
        samples.append((time.perf_counter() - start) * 1000)
    connection.close()
    return samples


# --- One step ---


@dataclass
class Step:
    clients: int
    figures: ClientFigures
    echo_ms: list[float]
    stored: int
    transactions: int
    connect_s: float
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    def _whole(self) -> bool:
        """No vote lost, every ack and every results push seen, and results in time."""
        return (
            not self.figures.failed
            and self.stored == self.clients
            and len(self.figures.ack_ms) == self.clients
            and len(self.figures.broadcast_ms) == self.clients
            and percentile(self.figures.broadcast_ms, 95) <= TARGET_BROADCAST_P95_MS
        )

    @property
    def passed(self) -> bool:
        """The absolute targets (the ceiling search steps up until one breaks)."""
        return self._whole() and percentile(self.figures.ack_ms, 99) <= TARGET_ACK_P99_MS

    @property
    def passed_relative(self) -> bool:
        """Issue 17's targets: the ack measured against the echo baseline of the same run."""
        ack, echo = percentile(self.figures.ack_ms, 99), percentile(self.echo_ms, 99)
        return self._whole() and bool(self.echo_ms) and ack <= TARGET_ACK_TO_ECHO_P99 * echo


def run_step(base: str, n: int, *, procs: int = 1, server_pid: int = 0) -> Step:
    """Seed a room, join ``n`` people, run the echo baseline and the vote burst."""
    from convener.live.models import Item, Vote

    room = seed_room(f"Load test with {n} phones")
    tokens = join_all(base, room, n)
    ws_base = base.replace("http://", "ws://")
    echo = run_clients(echo_clients(ws_base, base, n))
    started = time.perf_counter()
    server_cpu = cpu_seconds(server_pid) if server_pid else 0.0
    client_cpu = time.process_time()
    figures = run_vote_clients(
        procs,
        ws_base=ws_base,
        origin=base,
        code=room.code,
        tokens=tokens,
        item_id=room.item_id,
        value=room.value,
        expected=n,
        server_pid=server_pid,
    )
    elapsed = time.perf_counter() - started
    server_cpu = (cpu_seconds(server_pid) - server_cpu) if server_pid else 0.0
    client_cpu = time.process_time() - client_cpu
    item = Item.objects.get(pk=room.item_id)
    return Step(
        clients=n,
        figures=figures,
        echo_ms=echo,
        stored=Vote.objects.filter(item=item).count(),
        transactions=item.tally_version,
        connect_s=elapsed,
        server_cpu_s=server_cpu,
        client_cpu_s=client_cpu if procs <= 1 else float("nan"),
    )


def _triple(samples: list[float]) -> str:
    if not samples:
        return "—"
    return "/".join(f"{percentile(samples, p):.0f}" for p in (50, 95, 99))


def print_step(step: Step, raw: list[float], raw_batch_ms: float) -> None:
    f = step.figures
    nan = float("nan")
    ack99 = percentile(f.ack_ms, 99) if f.ack_ms else nan
    ack50 = percentile(f.ack_ms, 50) if f.ack_ms else nan
    broadcast95 = percentile(f.broadcast_ms, 95) if f.broadcast_ms else nan
    echo50, echo95, echo99 = (percentile(step.echo_ms, p) for p in (50, 95, 99))
    rows = [
        ("vote ack p50/p95/p99 (ms)", _triple(f.ack_ms),
         "echo round trip p50/p95/p99 (ms)", _triple(step.echo_ms),
         f"{ack50 / echo50:.1f}x p50, {ack99 / echo99:.1f}x p99"),
        ("results incl. own vote, after ack p50/p95/p99 (ms)", _triple(f.broadcast_ms),
         "echo round trip p95 (ms)", f"{echo95:.0f}", f"{broadcast95 / echo95:.1f}x p95"),
        ("all N votes on every screen, from burst start p50/p95/p99 (ms)", _triple(f.final_ms),
         "", "", ""),
        ("votes stored / sent", f"{step.stored}/{step.clients}",
         "acks refused or lost", str(len(f.failed)), ""),
        ("write transactions for the burst", str(step.transactions),
         f"raw SQLite: 1-row insert+commit p50/p99; {step.clients} rows in 1 transaction (ms)",
         f"{percentile(raw, 50):.2f}/{percentile(raw, 99):.2f}; {raw_batch_ms:.1f}", ""),
        ("burst until every screen has all votes: wall / server CPU (s)",
         f"{f.burst_s:.2f} / {f.burst_server_cpu_s:.2f}",
         "server CPU per vote (ms)", f"{1000 * f.burst_server_cpu_s / step.clients:.2f}", ""),
        ("CPU used by the vote phase (connect, hello, burst, results)",
         f"server {step.server_cpu_s:.2f} s", "client process",
         f"{step.client_cpu_s:.2f} s", f"wall {step.connect_s:.1f} s"),
    ]  # fmt: skip
    print(f"\n## Live sessions: {step.clients} WebSocket clients, one uvicorn process, SQLite\n")
    print("| measure | value | baseline | baseline value | ratio |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    verdict = "PASS" if step.passed else "FAIL"
    relative = "PASS" if step.passed_relative else "FAIL"
    print(
        f"\nTargets against the echo (ack p99 ≤ {TARGET_ACK_TO_ECHO_P99:.0f}x echo p99, results "
        f"p95 ≤ {TARGET_BROADCAST_P95_MS:.0f} ms, no loss): {relative}"
        f"\nAbsolute targets (ack p99 ≤ {TARGET_ACK_P99_MS:.0f} ms, results p95 ≤ "
        f"{TARGET_BROADCAST_P95_MS:.0f} ms, no loss): {verdict}"
    )
    load = os.getloadavg()
    print(f"machine load average during the run: {load[0]:.1f} on {os.cpu_count()} cores")
    if f.failed:
        print("first failures:", f.failed[:3])
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--find-ceiling", action="store_true")
    parser.add_argument("--client-procs", type=int, default=1, help="client processes")
    parser.add_argument("--keep", help="keep the database in this directory")
    args = parser.parse_args(argv)
    limit = raise_open_files_limit()
    print(f"open-files limit: {limit}")
    from bench.harness import setup_django

    data_dir = Path(args.keep or tempfile.mkdtemp(prefix="convener-live-bench-"))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    setup_django(keep_dir=str(data_dir))
    db_path = data_dir / "convener.sqlite3"
    steps = list(CEILING_STEPS) if args.find_ceiling else [args.clients]
    best = 0
    with uvicorn_server(data_dir) as (base, pid):
        for n in steps:
            if 2 * n + 200 > limit:
                print(f"\nstopping before {n}: the open-files limit ({limit}) is too low")
                break
            step = run_step(base, n, procs=args.client_procs, server_pid=pid)
            print_step(step, raw_insert_ms(db_path), raw_batch_ms(db_path, n))
            if not step.passed:
                break
            best = n
    if args.find_ceiling:
        print(f"\nLargest N meeting every target: {best or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
