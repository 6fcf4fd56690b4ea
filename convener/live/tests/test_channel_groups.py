"""Live sockets on standard Channels: a channel per socket, groups in the channel layer.

Also the two fenced departures from stock Channels (convener/live/fence.py): the in-memory
layer sweeps for expired entries at most once per interval, and the consumers hand a message
to its handler without a hop to the database thread.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from convener.initiatives.models import Membership
from convener.initiatives.services import remove_member
from convener.live import realtime
from convener.live.fence import SweptInMemoryChannelLayer
from convener.live.tests.conftest import make_room
from convener.live.tests.test_consumers import participant, receive_until
from tests.factories import UserFactory, make_initiative
from tests.security.test_live_access import _closed_with_4403, _staff_socket

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def room():
    owner = UserFactory()
    return make_room(make_initiative(owner=owner), owner, people=2)


async def test_each_phone_has_its_own_channel_in_the_rooms_group(room):
    layer = get_channel_layer()
    assert isinstance(layer, SweptInMemoryChannelLayer)
    group = realtime.group_name(room.session.pk)
    first, second = await participant(room, 0), await participant(room, 1)
    members = set(layer.groups[group])
    assert len(members) == 2  # two sockets, two channels
    await layer.group_send(group, {"type": "live.results", "item": 1, "texts": {"en": '{"a":1}'}})
    # The already-encoded text goes out as it is, to each socket.
    assert await first.receive_from(timeout=10) == '{"a":1}'
    assert await second.receive_from(timeout=10) == '{"a":1}'
    await first.disconnect()
    assert set(layer.groups[group]) < members  # a closed socket leaves the group
    await second.disconnect()
    assert group not in layer.groups


async def test_a_push_reaches_the_room_without_a_database_hop_per_socket(room, monkeypatch):
    hops = []

    async def counted() -> None:
        hops.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    phone = await participant(room)
    before = len(hops)
    layer = get_channel_layer()
    await layer.group_send(
        realtime.group_name(room.session.pk),
        {"type": "live.results", "item": 1, "texts": {"en": '{"type": "results"}'}},
    )
    assert await phone.receive_from(timeout=10) == '{"type": "results"}'
    await phone.send_json_to({"type": "ping"})
    assert (await receive_until(phone, "pong"))["type"] == "pong"
    assert len(hops) == before == 0
    await phone.disconnect()


async def test_the_layer_sweeps_once_per_interval_however_many_receive():
    layer = SweptInMemoryChannelLayer(sweep_every=3600)
    channels = [await layer.new_channel() for _ in range(50)]
    for channel in channels:
        await layer.group_add("room", channel)
    await layer.group_send("room", {"type": "live.results", "texts": {"en": "x"}})
    received = [await layer.receive(channel) for channel in channels]
    assert [m["texts"]["en"] for m in received] == ["x"] * 50
    assert layer.sweeps == 1  # stock Channels would have swept 51 times


async def test_expired_messages_and_their_memberships_still_go_at_a_sweep():
    layer = SweptInMemoryChannelLayer(expiry=-1, sweep_every=0)  # every message already old
    gone, kept = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("room", gone)
    await layer.group_add("room", kept)
    await layer.send(gone, {"type": "live.results"})  # never read: it expires
    await layer.group_discard("other", kept)  # any call; the next group_send sweeps
    await layer.group_send("nobody", {"type": "live.results"})
    assert gone not in layer.groups["room"]
    assert kept in layer.groups["room"]


@pytest.fixture
def team():
    owner, member = UserFactory(), UserFactory()
    initiative = make_initiative(owner=owner)
    membership = Membership.objects.create(initiative=initiative, user=member, role="member")
    return owner, member, membership, make_room(initiative, owner, people=1)


async def test_a_staff_screen_closed_for_lost_access_leaves_its_groups(team):
    """The recheck is a group message to the person's screens; a closed one leaves every group."""
    owner, member, membership, room = team
    layer = get_channel_layer()
    socket = await _staff_socket(room, member)
    staff, mine = realtime.staff_group(room.session.pk), realtime.user_group(member.pk)
    assert set(layer.groups[staff]) == set(layer.groups[mine])  # one channel in both groups

    await database_sync_to_async(remove_member)(membership=membership, actor=owner)

    assert await _closed_with_4403(socket)
    assert staff not in layer.groups
    assert mine not in layer.groups
