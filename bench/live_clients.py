"""The live benchmark's clients: sockets that echo, and phones that vote in one burst.

Used by ``bench/live_load.py`` and ``scripts/bench_live_workers.py``.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.harness import percentile

TIMEOUT = 60.0
ECHO_BURSTS = 3


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_clients(coroutine: Any) -> Any:
    """Run the load generator's coroutine on uvloop (as uvicorn serves), else asyncio.

    The clients share the machine's two cores with the server: the cheaper their loop, the
    less their own queueing adds to every figure (the echo baseline included).
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


@dataclass
class ClientFigures:
    ack_ms: list[float] = field(default_factory=list)
    broadcast_ms: list[float] = field(default_factory=list)
    final_ms: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    echo_ms: list[float] = field(default_factory=list)
    burst_s: float = 0.0
    burst_server_cpu_s: float = 0.0

    def merge(self, other: ClientFigures) -> None:
        for name in ("ack_ms", "broadcast_ms", "final_ms", "failed", "echo_ms"):
            getattr(self, name).extend(getattr(other, name))
        self.burst_s = max(self.burst_s, other.burst_s)
        self.burst_server_cpu_s = max(self.burst_server_cpu_s, other.burst_server_cpu_s)


async def _open(url: str, origin: str, n: int, concurrency: int = 100) -> list[Any]:
    from websockets.asyncio.client import connect

    gate = asyncio.Semaphore(concurrency)

    async def one() -> Any:
        async with gate:
            return await connect(
                url,
                origin=origin,  # type: ignore[arg-type]
                open_timeout=TIMEOUT,
                ping_interval=None,
                compression=None,
                max_queue=None,
            )

    return list(await asyncio.gather(*(one() for _ in range(n))))


async def _close(sockets: list[Any]) -> None:
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


async def echo_clients(ws_base: str, origin: str, n: int) -> list[float]:
    """Open ``n`` echo sockets, send one message on each at once; return round trips in ms."""
    sockets = await _open(ws_base + "/ws/echo/", origin, n)

    async def one(ws: Any) -> float:
        start = time.perf_counter()
        await ws.send(json.dumps({"type": "ping", "id": "echo", "padding": "x" * 40}))
        await ws.recv()
        return (time.perf_counter() - start) * 1000

    try:
        bursts = []
        for _ in range(ECHO_BURSTS):
            await asyncio.sleep(1)  # let the server settle after connecting (and between)
            bursts.append(list(await asyncio.gather(*(one(ws) for ws in sockets))))
        # One pause of the server (a garbage collection) can double a single burst: report the
        # burst with the median p99.
        bursts.sort(key=lambda samples: percentile(samples, 99))
        return bursts[len(bursts) // 2]
    finally:
        await _close(sockets)


async def vote_clients(
    ws_base: str,
    origin: str,
    code: str,
    tokens: list[str],
    item_id: int,
    value: str,
    expected: int,
    start_at: float | None = None,
    server_pid: int = 0,
) -> ClientFigures:
    """Connect one socket per token, say hello, then all vote at once; return the figures.

    ``start_at`` (wall-clock seconds) lines the burst up across client processes.
    """
    sockets = await _open(f"{ws_base}/ws/live/{code}/", origin, len(tokens))
    figures = ClientFigures()

    async def hello(ws: Any, token: str) -> None:
        await ws.send(json.dumps({"type": "hello", "token": token, "version": 0}))
        while json.loads(await ws.recv()).get("type") != "state":
            pass

    await asyncio.gather(*(hello(ws, t) for ws, t in zip(sockets, tokens, strict=True)))
    if start_at is not None:
        await asyncio.sleep(max(0.0, start_at - time.time()))
    burst_start = time.perf_counter()
    server_before = cpu_seconds(server_pid) if server_pid else 0.0

    async def one(ws: Any, n: int) -> None:
        sent = time.perf_counter()
        await ws.send(json.dumps({"type": "vote", "id": str(n), "item": item_id, "value": value}))
        acked: float | None = None
        version = 0
        seen_version = -1  # the newest results this client has received
        broadcast_done = all_seen = False
        async with asyncio.timeout(TIMEOUT):
            while not (broadcast_done and all_seen):
                message = json.loads(await ws.recv())
                now = time.perf_counter()
                if message.get("type") == "ack" and acked is None:
                    if not message.get("ok"):
                        figures.failed.append(str(message.get("error")))
                        return
                    acked, version = now, int(message["version"])
                    figures.ack_ms.append((acked - sent) * 1000)
                elif message.get("type") == "results" and message.get("item") == item_id:
                    results = message["results"]
                    seen_version = max(seen_version, int(results["version"]))
                    if results.get("overall", {}).get("n", 0) >= expected and not all_seen:
                        figures.final_ms.append((now - burst_start) * 1000)
                        all_seen = True
                else:
                    continue
                # With several workers, results pushed by another process can include this vote
                # before this process has sent its ack: the client then already has them (0 ms).
                if acked is not None and not broadcast_done and seen_version >= version:
                    figures.broadcast_ms.append((now - acked) * 1000)
                    broadcast_done = True

    outcomes = await asyncio.gather(
        *(one(ws, n) for n, ws in enumerate(sockets)), return_exceptions=True
    )
    figures.failed.extend(repr(o) for o in outcomes if isinstance(o, BaseException))
    figures.burst_s = time.perf_counter() - burst_start
    if server_pid:
        figures.burst_server_cpu_s = cpu_seconds(server_pid) - server_before
    await _close(sockets)
    return figures


def _client_process(args: dict[str, Any], out: Any) -> None:
    figures = run_clients(vote_clients(**args))
    out.put(figures)


def run_vote_clients(procs: int, **kwargs: Any) -> ClientFigures:
    """Run the voting clients in this process (procs=1) or split over ``procs`` processes."""
    if procs <= 1:
        return run_clients(vote_clients(**kwargs))
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    tokens = kwargs.pop("tokens")
    start_at = time.time() + 5 + len(tokens) / 400  # time for every process to connect
    workers = [
        context.Process(
            target=_client_process,
            args=({**kwargs, "tokens": tokens[k::procs], "start_at": start_at}, out),
        )
        for k in range(procs)
    ]
    for worker in workers:
        worker.start()
    figures = ClientFigures()
    for _ in workers:
        figures.merge(out.get(timeout=600))
    for worker in workers:
        worker.join(30)
    return figures
