"""The socket fallback: cached polling and a plain vote POST, for joined participants only."""

from __future__ import annotations

import json

from django.test import Client

from convener.live import services
from convener.live.models import Vote


def joined_client(room, n=0) -> Client:
    client = Client()
    session = client.session
    session["live_participants"] = {room.session.join_code: room.people[n].pk}
    session.save()
    return client


def test_poll_and_vote_need_a_joined_participant(room):
    code = room.session.join_code
    assert Client().get(f"/live/{code}/poll").status_code == 403
    assert (
        Client().post(f"/live/{code}/vote", {"item": room.poll.pk, "value": '"yes"'}).status_code
        == 403
    )


def test_a_vote_by_form_is_acknowledged_and_the_poll_shows_it(room, cast):
    client = joined_client(room)
    code = room.session.join_code
    ack = client.post(f"/live/{code}/vote", {"id": "m1", "item": room.poll.pk, "value": '"yes"'})
    assert ack.json() == {"type": "ack", "id": "m1", "ok": True, "item": room.poll.pk, "version": 1}
    polled = client.get(f"/live/{code}/poll?v=0").json()
    assert polled["state"]["item"]["my_vote"] == "yes"
    assert polled["results"] is None
    services.reveal_results(item=room.poll, actor=cast.users["owner"])
    polled = client.get(f"/live/{code}/poll?v=1").json()
    assert polled["results"]["overall"]["n"] == 1
    again = client.post(
        f"/live/{code}/vote",
        data=json.dumps({"id": "m2", "item": room.poll.pk, "value": "no"}),
        content_type="application/json",
    )
    assert again.json()["ok"]
    assert Vote.objects.get().value == "no"
    services.close_item(item=room.poll, actor=None)
    closed = client.post(f"/live/{code}/vote", {"id": "m3", "item": room.poll.pk, "value": '"yes"'})
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "closed"
