"""Several ASGI worker processes behind one Redis: what one serves reaches sockets on another.

The harness starts a throw-away redis-server, a database of its own (a SQLite file, or a fresh
database on the PostgreSQL server the suite runs on), migrates it, and two uvicorn processes
serving ``convener.asgi:application`` on their own ports with the same ``REDIS_URL`` and
``DATABASE_URL``, as in production behind nginx (docs/deploy.md). Data is seeded and pushes are
sent by ``convener shell`` processes, a third process with the same environment.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from websockets.asyncio.client import ClientConnection, connect

from convener.core.tests.redis_server import free_port, redis_server

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 20.0
pytestmark = pytest.mark.subprocess  # run once per CI run, not in both database passes
T = TypeVar("T")


@dataclass
class Stack:
    environ: dict[str, str]
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def shell(self, code: str) -> Any:
        """Run ``code`` in a ``convener shell`` process; return the JSON of its last line."""
        result = subprocess.run(
            [sys.executable, "-m", "convener", "shell", "-c", code],
            env=self.environ,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def ws(self, worker: int, path: str) -> Any:
        port = self.ports[worker]
        return connect(
            f"ws://127.0.0.1:{port}{path}",
            origin=f"http://127.0.0.1:{port}",
            open_timeout=TIMEOUT,
        )


def _database(tmp: Path) -> Iterator[str]:
    """Yield a DATABASE_URL of an empty database of the same kind as the suite's."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp / 'cross-worker.sqlite3'}"
        return
    name = f"convener_xw_{secrets.token_hex(4)}"
    params = {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgresql://{auth}@{db['HOST']}:{db['PORT']}/{name}"
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"worker on {port} exited: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"worker on {port} never became healthy: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(scope="module")
def environ(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment every process of the stack runs with (as systemd would give it)."""
    tmp = tmp_path_factory.mktemp("cross-worker")
    database = _database(tmp)
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    values = {k: os.environ[k] for k in keep if k in os.environ}
    values.update(
        DJANGO_SETTINGS_MODULE="convener.settings",
        DEBUG="false",
        SECRET_KEY="cross-worker-test-" + secrets.token_hex(24),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATA_DIR=str(tmp),
        DATABASE_URL=next(database),
        REDIS_URL=redis_url,
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
    )
    yield values
    next(database, None)  # drops the PostgreSQL database


@pytest.fixture(scope="module")
def stack(environ: dict[str, str]) -> Iterator[Stack]:
    tmp = Path(environ["DATA_DIR"])
    stack = Stack(environ=environ)
    try:
        migrate = subprocess.run(
            [sys.executable, "-m", "convener", "migrate", "--no-input", "-v", "0"],
            env=environ,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        for n in range(2):
            port = free_port()
            log = tmp / f"worker-{n}.log"
            stack.ports.append(port)
            stack.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "convener.asgi:application",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--lifespan",
                        "off",
                        "--no-access-log",
                    ],
                    env=environ,
                    cwd=REPO,
                    stdout=log.open("wb"),
                    stderr=subprocess.STDOUT,
                )
            )
        for n, (port, process) in enumerate(zip(stack.ports, stack.processes, strict=True)):
            _wait_healthy(port, process, tmp / f"worker-{n}.log")
        yield stack
    finally:
        for process in stack.processes:
            process.terminate()
        for process in stack.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def run_async(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run ``scenario()`` on a fresh event loop in its own thread.

    The browser tests' Playwright keeps an event loop running in the main thread once it has
    started, and ``asyncio.run`` refuses to start another one there.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result()


async def _receive_until(socket: ClientConnection, wanted: Any, timeout: float = TIMEOUT) -> dict:
    """Return the first JSON message for which ``wanted(message)`` is true."""
    async with asyncio.timeout(timeout):
        while True:
            message = json.loads(await socket.recv())
            if wanted(message):
                return message


def test_the_redis_channel_layer_carries_a_group_message_between_processes(environ):
    """The path every cross-worker push takes: group_send in one process, receive in another."""

    async def scenario() -> dict:
        layer = RedisChannelLayer(hosts=[environ["REDIS_URL"]])
        channel = await layer.new_channel()
        await layer.group_add("cross.worker.test", channel)
        sent = await asyncio.to_thread(
            Stack(environ=environ).shell,
            "from asgiref.sync import async_to_sync; from channels.layers import get_channel_layer;"
            "import json, os; layer = get_channel_layer();"
            "async_to_sync(layer.group_send)('cross.worker.test', "
            "{'type': 'test.hello', 'pid': os.getpid()});"
            "print(json.dumps({'pid': os.getpid(), 'layer': type(layer).__name__}))",
        )
        async with asyncio.timeout(TIMEOUT):
            received = await layer.receive(channel)
        await layer.flush()
        return {"sent": sent, "received": received}

    outcome = run_async(scenario)
    assert outcome["sent"]["layer"] == "RedisChannelLayer"
    assert outcome["received"] == {"type": "test.hello", "pid": outcome["sent"]["pid"]}
    assert outcome["sent"]["pid"] != os.getpid()


SEED = """
import json
from convener.live import services
from convener.live.models import Item
from tests.factories import make_initiative, UserFactory
owner = UserFactory(email="owner-xw@example.org")
initiative = make_initiative(owner=owner, title="Cross-worker")
session = services.create_session(initiative=initiative, actor=owner, title="Town hall")
options = [{"key": k, "label": k.title()} for k in ("yes", "no")]
poll = services.add_item(
    session=session, kind="single", prompt="Ready?", config={"options": options}, actor=owner
)
services.start_session(session=session, actor=owner)
tokens = [services.join(session=session, display_name=f"Person {n}")[1] for n in range(2)]
services.open_item(item=poll, actor=owner)
services.reveal_results(item=poll, actor=owner)
print(json.dumps({"code": session.join_code, "session": session.pk, "item": poll.pk,
                  "tokens": tokens}))
"""


@pytest.fixture(scope="module")
def room(stack: Stack) -> dict[str, Any]:
    return stack.shell(SEED)


async def _hello(socket: ClientConnection, token: str) -> dict:
    await socket.send(json.dumps({"type": "hello", "token": token}))
    return await _receive_until(socket, lambda m: m.get("type") == "state")


def test_a_vote_cast_through_one_worker_reaches_a_participant_on_the_other(stack, room):
    path = f"/ws/live/{room['code']}/"

    async def scenario() -> tuple[dict, dict]:
        async with stack.ws(1, path) as watcher, stack.ws(0, path) as voter:
            await _hello(watcher, room["tokens"][0])
            await _hello(voter, room["tokens"][1])
            await voter.send(
                json.dumps({"type": "vote", "id": "v1", "item": room["item"], "value": "yes"})
            )
            ack = await _receive_until(voter, lambda m: m.get("type") == "ack")
            assert ack["ok"], ack
            seen = await _receive_until(
                watcher,
                lambda m: (
                    m.get("type") == "results"
                    and m["item"] == room["item"]
                    and m["results"]["version"] >= ack["version"]
                ),
            )
            return ack, seen

    ack, seen = run_async(scenario)
    results = seen["results"]
    assert results["revealed"] is True
    assert results["version"] >= ack["version"]
    counts = {option["key"]: option["count"] for option in results["overall"]["options"]}
    assert (results["overall"]["n"], counts) == (1, {"yes": 1, "no": 0})


def test_a_facilitator_push_from_a_third_process_reaches_both_workers(stack, room):
    path = f"/ws/live/{room['code']}/"

    async def scenario() -> list[dict]:
        async with stack.ws(0, path) as first, stack.ws(1, path) as second:
            await _hello(first, room["tokens"][0])
            await _hello(second, room["tokens"][1])
            sent = await asyncio.to_thread(
                stack.shell,
                "import json; from convener.live import realtime;"
                "from convener.live.models import LiveSession;"
                f"session = LiveSession.objects.get(pk={room['session']});"
                "realtime.push_state(session);"  # autocommit: on_commit runs at once
                "print(json.dumps({'version': session.state_version}))",
            )
            return [
                await _receive_until(
                    socket,
                    lambda m: m.get("type") == "state" and m.get("version") == sent["version"],
                )
                for socket in (first, second)
            ]

    states = run_async(scenario)
    assert all(state["type"] == "state" for state in states)


def test_an_idle_socket_stays_open_past_the_redis_read_timeout(stack, room):
    """redis-py 8 reads with a 5 s timeout by default: the layer's blocking receive must not."""

    async def scenario() -> dict:
        async with stack.ws(1, f"/ws/live/{room['code']}/") as socket:
            await _hello(socket, room["tokens"][0])
            await asyncio.sleep(7)
            await socket.send(json.dumps({"type": "ping"}))
            return await _receive_until(socket, lambda m: m.get("type") == "pong")

    assert run_async(scenario) == {"type": "pong"}
