"""The load benchmark's core, run in-process with 20 clients so that bench/live_load.py works.

The real benchmark (``python -m bench.live_load``) runs a uvicorn process on its own database;
this runs the same client code against a uvicorn server in a thread on the test database.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time

import pytest
import uvicorn
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application
from django.db import connections

from bench import live_clients, live_load
from bench.live_asgi import with_echo
from convener.live.batching import WRITER
from convener.live.models import Item, Vote
from convener.live.routing import websocket_urlpatterns
from convener.live.tests.filedb import close_sync_thread_connections

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 20


@pytest.fixture
def server():
    application = with_echo(
        ProtocolTypeRouter(
            {
                "http": get_asgi_application(),
                "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
            }
        )
    )
    port = live_load.free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    instance = uvicorn.Server(config)

    def serve() -> None:
        try:
            instance.run()
        finally:  # the server thread's connections would outlive it (PostgreSQL sessions)
            WRITER.submit(connections.close_all).result(10)
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(10)
    close_sync_thread_connections()  # the requests' database thread
    gc.collect()


def test_the_benchmark_core_stores_every_vote_and_reaches_every_client(server, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    room = live_load.seed_room("Bench core check")
    # One at a time: the in-memory test database locks whole tables between threads.
    tokens = live_load.join_all(server, room, CLIENTS, threads=1)
    ws_base = server.replace("http://", "ws://")
    echo = asyncio.run(live_clients.echo_clients(ws_base, server, CLIENTS))
    figures = asyncio.run(
        live_clients.vote_clients(
            ws_base=ws_base,
            origin=server,
            code=room.code,
            tokens=tokens,
            item_id=room.item_id,
            value=room.value,
            expected=CLIENTS,
        )
    )
    assert figures.failed == []
    assert len(echo) == len(figures.ack_ms) == len(figures.broadcast_ms) == CLIENTS
    assert len(figures.final_ms) == CLIENTS
    assert Vote.objects.filter(item_id=room.item_id).count() == CLIENTS
    assert Item.objects.get(pk=room.item_id).answer_count == CLIENTS
