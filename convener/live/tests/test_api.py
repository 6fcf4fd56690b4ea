"""The live JSON API: sessions from templates, items, facilitator actions, join and votes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.live.models import LiveSession, Vote


@pytest.fixture
def api(cast):
    token = ApiToken.issue(user=cast.users["member"], name="t")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    client.base = f"/api/v1/initiatives/{cast.initiative.slug}/live"
    return client


def post(client, url, body=None, **headers):
    return client.post(
        url, data=json.dumps(body or {}), content_type="application/json", headers=headers
    )


def test_a_member_runs_a_session_from_the_template_and_a_participant_votes(api, cast):
    created = post(api, f"{api.base}/sessions", {"title": "", "template_key": "intro_lbc"})
    assert created.status_code == 201, created.json()
    session = created.json()
    assert session["title"] == "Introduction to Leading by Convening"
    items = api.get(f"{api.base}/sessions/{session['id']}/items").json()
    emoji = next(i for i in items if i["kind"] == "emoji")
    assert post(api, f"{api.base}/items/{emoji['id']}/open").status_code == 422  # not live yet
    assert post(api, f"{api.base}/sessions/{session['id']}/start").json()["status"] == "live"
    assert post(api, f"{api.base}/items/{emoji['id']}/open").json()["status"] == "open"

    anonymous = Client()
    joined = post(
        anonymous,
        "/api/v1/live/join",
        {"code": session["join_code"].lower(), "name": "Ana", "perspective": "family-youth"},
    )
    assert joined.status_code == 200
    token = joined.json()["token"]
    url = f"/api/v1/live/items/{emoji['id']}/votes"
    assert post(anonymous, url, {"value": "hopeful"}).status_code == 401
    assert (
        post(anonymous, url, {"value": "hopeful"}, **{"X-Participant-Token": "nope"}).status_code
        == 401
    )
    voted = post(anonymous, url, {"value": "hopeful"}, **{"X-Participant-Token": token})
    assert voted.json() == {"ok": True, "item": emoji["id"], "changed": False, "version": 1}
    bad = post(anonymous, url, {"value": "ecstatic"}, **{"X-Participant-Token": token})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid"
    results = api.get(f"{api.base}/items/{emoji['id']}/results").json()
    assert results["overall"]["n"] == 1
    post(api, f"{api.base}/items/{emoji['id']}/close")
    closed = post(anonymous, url, {"value": "tired"}, **{"X-Participant-Token": token})
    assert closed.status_code == 409
    assert "closed" in closed.json()["error"]["message"]
    assert Vote.objects.get().value == ["hopeful"]  # Poll 1 takes several emojis: a list


def test_items_are_added_checked_changed_and_deleted(api, cast):
    session = post(api, f"{api.base}/sessions", {"title": "Check-in"}).json()
    url = f"{api.base}/sessions/{session['id']}/items"
    missing_alt = {
        "kind": "image",
        "prompt": "Which picture?",
        "config": {
            "options": [
                {"key": "a", "label": "A", "image": "a.png"},
                {"key": "b", "label": "B", "image": "b.png", "alt": "B"},
            ]
        },
    }
    refused = post(api, url, missing_alt)
    assert refused.status_code == 422
    assert "alt text" in refused.json()["error"]["message"]
    item = post(api, url, {"kind": "slide", "prompt": "Hello", "config": {"body": "Hi"}}).json()
    changed = api.patch(
        f"{api.base}/items/{item['id']}",
        data=json.dumps({"prompt": "Welcome"}),
        content_type="application/json",
    )
    assert changed.json()["prompt"] == "Welcome"
    assert api.delete(f"{api.base}/items/{item['id']}").status_code == 204
    copy = post(api, f"{api.base}/sessions/{session['id']}/copy", {"as_template": True}).json()
    assert copy["is_template"]
    assert copy["copied_from_id"] == session["id"]


def test_join_with_an_unknown_code_is_404(db):
    response = post(Client(), "/api/v1/live/join", {"code": "ZZZZZZ", "name": "Ana"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_viewer_cannot_create_sessions(cast):
    token = ApiToken.issue(user=cast.users["viewer"], name="t")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = post(
        client, f"/api/v1/initiatives/{cast.initiative.slug}/live/sessions", {"title": "x"}
    )
    assert response.status_code == 403
    assert not LiveSession.objects.exists()
