"""Issue 16, break 3 over the WebSocket: a vote after a quiz's reveal is refused, in Spanish."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from convener.live import services
from convener.live.models import Vote
from convener.live.tests.conftest import make_room
from convener.live.tests.test_consumers import participant, receive_until
from tests.factories import UserFactory, make_initiative

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def quiz_room():
    owner = UserFactory()
    room = make_room(make_initiative(owner=owner), owner, people=2)
    item = services.add_item(
        session=room.session,
        kind="true_false",
        prompt="Convening starts with a shared problem.",
        config={"answer": True},
        actor=owner,
    )
    services.open_item(item=item, actor=owner)
    room.people[1].language = "es"
    room.people[1].save(update_fields=["language"])
    return owner, room, item


async def test_a_socket_vote_after_reveal_is_refused_in_the_participants_language(quiz_room):
    owner, room, item = quiz_room
    socket = await participant(room, 1)
    await socket.send_json_to({"type": "vote", "id": "v1", "item": item.pk, "value": False})
    assert (await receive_until(socket, "ack"))["ok"]
    await database_sync_to_async(services.reveal_results)(item=item, actor=owner)
    await socket.send_json_to({"type": "vote", "id": "v2", "item": item.pk, "value": True})
    refused = await receive_until(socket, "ack", where=lambda m: m.get("id") == "v2")
    assert not refused["ok"]
    assert refused["error"]["code"] == "closed"
    assert refused["error"]["message"] == (
        "Ya se mostró la respuesta correcta: las respuestas ya no pueden cambiar."
    )
    stored = await database_sync_to_async(
        lambda: Vote.objects.get(item=item, participant=room.people[1]).value
    )()
    assert stored is False
    await socket.disconnect()
