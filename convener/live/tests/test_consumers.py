"""WebSocket consumers end to end with channels' communicator (real transactions)."""

from __future__ import annotations

import asyncio

import pytest
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from convener.live import consumers, services
from convener.live.models import Vote
from convener.live.routing import websocket_urlpatterns
from convener.live.tests.conftest import make_room
from tests.factories import UserFactory, make_initiative

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# The consumers behind the same auth middleware as convener.asgi (whose origin check reads
# ALLOWED_HOSTS when it is imported, before the test settings add "testserver").
application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
HEADERS = [(b"origin", b"http://testserver"), (b"host", b"testserver")]


@pytest.fixture
def setup():
    owner = UserFactory()
    initiative = make_initiative(owner=owner)
    return owner, make_room(initiative, owner, people=3)


async def connect(path: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=HEADERS)
    connected, _sub = await communicator.connect()
    assert connected
    return communicator


async def participant(room, n: int = 0) -> WebsocketCommunicator:
    socket = await connect(f"/ws/live/{room.session.join_code}/")
    await socket.send_json_to({"type": "hello", "token": room.tokens[n], "version": 0})
    state = await socket.receive_json_from(timeout=10)
    assert state["type"] == "state"
    return socket


async def receive_until(socket, kind: str, timeout: float = 10, where=lambda m: True):
    while True:
        message = await socket.receive_json_from(timeout=timeout)
        if message["type"] == kind and where(message):
            return message


async def test_a_socket_without_a_token_is_closed_with_4403(setup):
    _owner, room = setup
    socket = await connect(f"/ws/live/{room.session.join_code}/")
    await socket.send_json_to({"type": "hello", "version": 0})
    closed = await socket.receive_output(timeout=10)
    assert closed == {"type": "websocket.close", "code": 4403}
    other = await connect(f"/ws/live/{room.session.join_code}/")
    await other.send_json_to({"type": "hello", "token": "not-a-token"})
    assert (await other.receive_output(timeout=10))["code"] == 4403


async def test_a_vote_is_acknowledged_only_once_stored(setup):
    _owner, room = setup
    socket = await participant(room)
    await socket.send_json_to({"type": "vote", "id": "m1", "item": room.poll.pk, "value": "yes"})
    ack = await receive_until(socket, "ack")
    assert ack["ok"]
    assert ack["id"] == "m1"
    assert ack["item"] == room.poll.pk
    stored = await database_sync_to_async(
        lambda: list(Vote.objects.values_list("participant_id", "value"))
    )()
    assert stored == [(room.people[0].pk, "yes")]
    await socket.send_json_to({"type": "vote", "id": "m2", "item": room.poll.pk, "value": "zzz"})
    refused = await receive_until(socket, "ack")
    assert not refused["ok"]
    assert refused["error"]["code"] == "invalid"
    await socket.disconnect()


async def test_reconnecting_resynchronises_with_the_own_vote(setup):
    _owner, room = setup
    socket = await participant(room)
    await socket.send_json_to({"type": "vote", "id": "a", "item": room.poll.pk, "value": "no"})
    await receive_until(socket, "ack")
    await socket.disconnect()
    again = await connect(f"/ws/live/{room.session.join_code}/")
    await again.send_json_to({"type": "hello", "token": room.tokens[0], "version": 3})
    state = await receive_until(again, "state")
    assert state["item"]["id"] == room.poll.pk
    assert state["item"]["my_vote"] == "no"
    assert state["version"] == room.session.state_version
    await again.disconnect()


async def test_throttling_is_per_participant(setup, monkeypatch):
    _owner, room = setup
    monkeypatch.setattr(consumers, "BURST", 3.0)
    monkeypatch.setattr(consumers, "RATE", 0.001)
    consumers._buckets.clear()
    first = await participant(room, 0)  # hello used one token
    for _ in range(2):
        await first.send_json_to({"type": "ping"})
        assert (await first.receive_json_from(timeout=10))["type"] == "pong"
    await first.send_json_to({"type": "vote", "id": "x", "item": room.poll.pk, "value": "yes"})
    throttled = await receive_until(first, "ack")
    assert throttled["error"]["code"] == "throttled"
    second = await participant(room, 1)  # another person on the same address is not affected
    await second.send_json_to({"type": "ping"})
    assert (await second.receive_json_from(timeout=10))["type"] == "pong"
    await first.disconnect()
    await second.disconnect()
    consumers._buckets.clear()


async def test_results_go_to_staff_always_and_to_participants_after_reveal(setup, client):
    owner, room = setup
    staff = WebsocketCommunicator(
        application,
        f"/ws/live/{room.session.join_code}/staff/",
        headers=[*HEADERS, (b"cookie", await _login_cookie(owner))],
    )
    assert (await staff.connect())[0]
    assert (await receive_until(staff, "staff_state"))["session"]["code"] == room.session.join_code
    phone = await participant(room)
    await phone.send_json_to({"type": "vote", "id": "1", "item": room.poll.pk, "value": "yes"})
    await receive_until(phone, "ack")
    pushed = await receive_until(staff, "results", where=lambda m: m["results"]["version"] > 0)
    assert pushed["item"] == room.poll.pk
    assert pushed["results"]["overall"]["n"] == 1
    assert await phone.receive_nothing(timeout=0.4)  # hidden from the room until revealed
    await database_sync_to_async(services.reveal_results)(item=room.poll, actor=owner)
    state = await receive_until(phone, "state", where=lambda m: m["item"]["revealed"])
    assert state["item"]["revealed"] is True
    assert state["item"]["my_vote"] == "yes"
    results = await receive_until(phone, "results")
    assert results["results"]["overall"]["options"][0]["count"] == 1
    await phone.disconnect()
    await staff.disconnect()


async def test_staff_socket_needs_a_signed_in_member(setup):
    _owner, room = setup
    anonymous = await connect(f"/ws/live/{room.session.join_code}/staff/")
    assert (await anonymous.receive_output(timeout=10))["code"] == 4403
    outsider = await database_sync_to_async(UserFactory)()
    socket = WebsocketCommunicator(
        application,
        f"/ws/live/{room.session.join_code}/staff/",
        headers=[*HEADERS, (b"cookie", await _login_cookie(outsider))],
    )
    await socket.connect()
    assert (await socket.receive_output(timeout=10))["code"] == 4403


async def test_a_burst_of_votes_is_written_in_few_transactions(setup):
    _owner, room = setup
    sockets = [await participant(room, n) for n in range(3)]
    await asyncio.gather(
        *(
            s.send_json_to({"type": "vote", "id": str(n), "item": room.poll.pk, "value": "maybe"})
            for n, s in enumerate(sockets)
        )
    )
    acks = [await receive_until(s, "ack") for s in sockets]
    assert all(a["ok"] for a in acks)
    assert await database_sync_to_async(Vote.objects.count)() == 3
    for s in sockets:
        await s.disconnect()


@database_sync_to_async
def _login_cookie(user) -> bytes:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def test_a_refusal_is_worded_in_the_participants_language(setup):
    owner, room = setup
    spanish = room.people[1]
    spanish.language = "es"
    await database_sync_to_async(spanish.save)()
    await database_sync_to_async(services.close_item)(item=room.poll, actor=owner)
    socket = await participant(room, 1)
    await socket.send_json_to({"type": "vote", "id": "1", "item": room.poll.pk, "value": "yes"})
    refused = await receive_until(socket, "ack")
    assert refused["error"]["code"] == "closed"
    assert refused["error"]["message"].startswith("Esta pregunta")
    await socket.disconnect()
