"""Class: live permissions are checked when they matter (issue 15, finding 6).

A staff socket loses its feed when its person loses access: removed from the team, or signed
out of every browser by an owner or administrator.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from convener.accounts.sessions import end_sessions
from convener.initiatives.models import Membership
from convener.initiatives.services import change_role, remove_member
from convener.live import services
from convener.live.tests.conftest import make_room
from convener.live.tests.test_consumers import HEADERS, application, receive_until
from tests.factories import UserFactory, make_initiative

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def team():
    owner = UserFactory()
    member = UserFactory()
    initiative = make_initiative(owner=owner)
    membership = Membership.objects.create(initiative=initiative, user=member, role="member")
    return owner, member, membership, make_room(initiative, owner, people=1)


@database_sync_to_async
def _login_cookie(user) -> bytes:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _staff_socket(room, user) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(
        application,
        f"/ws/live/{room.session.join_code}/staff/",
        headers=[*HEADERS, (b"cookie", await _login_cookie(user))],
    )
    assert (await socket.connect())[0]
    await receive_until(socket, "staff_state")
    return socket


async def _closed_with_4403(socket: WebsocketCommunicator) -> bool:
    while True:
        output = await socket.receive_output(timeout=10)
        if output["type"] == "websocket.close":
            return output["code"] == 4403


async def test_a_removed_member_loses_the_staff_feed_at_once(team):
    """Finding 6: the socket closes when the membership goes, before any hello."""
    owner, member, membership, room = team
    socket = await _staff_socket(room, member)

    await database_sync_to_async(remove_member)(membership=membership, actor=owner)

    assert await _closed_with_4403(socket)
    await database_sync_to_async(services.close_item)(item=room.poll, actor=owner)
    assert await socket.receive_nothing(timeout=0.3)


async def test_ending_someones_sign_ins_closes_their_staff_screens(team):
    _owner, member, _membership, room = team
    socket = await _staff_socket(room, member)

    await database_sync_to_async(end_sessions)(user=member)

    assert await _closed_with_4403(socket)


async def test_a_change_that_keeps_access_keeps_the_feed(team):
    owner, member, membership, room = team
    socket = await _staff_socket(room, member)

    await database_sync_to_async(change_role)(membership=membership, role="viewer", actor=owner)
    await database_sync_to_async(services.close_item)(item=room.poll, actor=owner)

    assert (await receive_until(socket, "staff_state"))["type"] == "staff_state"
    await socket.disconnect()
