"""The rounds API: create, read, open/close, and facilitator entry of paper forms."""

from __future__ import annotations

import json

from django.test import Client

from convener.accounts.models import ApiToken
from convener.measuring.models import Answer, Response


def _client(cast, persona: str = "convener") -> tuple[Client, dict[str, str]]:
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    return Client(), {"Authorization": f"Bearer {token}"}


def _post(client: Client, headers: dict[str, str], path: str, body: object):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def _create(cast, **extra: object) -> dict:
    client, headers = _client(cast)
    response = _post(
        client,
        headers,
        f"/api/v1/initiatives/{cast.initiative.slug}/rounds",
        {"name": "Baseline", "rows": ["coalescing.consensus", "coalescing.data"],
         "kind": "stakeholders", **extra},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    return response.json()


def test_create_round_returns_the_instrument_and_rows(cast):
    body = _create(cast, audience={"circles": ["core", "key"], "perspectives": ["Family/Youth"]})
    assert body["instrument_version"] == 1
    assert body["rows"] == ["coalescing.consensus", "coalescing.data"]
    assert body["status"] == "draft"
    assert body["kind"] == "stakeholders"
    assert body["audience"]["perspectives"] == ["family_youth"]
    client, headers = _client(cast, "viewer")
    listed = client.get(f"/api/v1/initiatives/{cast.initiative.slug}/rounds", headers=headers)
    assert [r["id"] for r in listed.json()] == [body["id"]]
    one = client.get(f"/api/v1/rounds/{body['id']}", headers=headers).json()
    assert one["name"] == "Baseline"


def test_unknown_row_is_a_422_naming_rows(cast):
    client, headers = _client(cast)
    response = _post(
        client, headers, f"/api/v1/initiatives/{cast.initiative.slug}/rounds",
        {"name": "X", "rows": ["coalescing.nope"], "kind": "self_assessment"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "rows" in response.json()["error"]["fields"]


def test_open_and_close(cast):
    round_id = _create(cast)["id"]
    client, headers = _client(cast)
    opened = client.post(f"/api/v1/rounds/{round_id}/open", headers=headers).json()
    assert opened["status"] == "open"
    assert opened["accepting"] is True
    closed = client.post(f"/api/v1/rounds/{round_id}/close", headers=headers).json()
    assert closed["status"] == "closed"
    assert closed["accepting"] is False


def test_paper_form_round_trips_the_example(cast):
    round_id = _create(cast)["id"]
    client, headers = _client(cast, "member")
    response = _post(
        client, headers, f"/api/v1/rounds/{round_id}/responses",
        {"perspective": "family_youth",
         "answers": {"coalescing.consensus": "informing", "coalescing.data": None}},
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["answers"] == 1
    saved = Response.objects.get(pk=body["id"])
    assert saved.mode == "paper"
    assert saved.entered_by == cast.users["member"]
    assert saved.perspective.key == "family_youth"
    assert list(Answer.objects.values_list("row_key", "level", "counted")) == [
        ("coalescing.consensus", "informing", True)
    ]
    by_label = _post(
        client, headers, f"/api/v1/rounds/{round_id}/responses",
        {"perspective": "State agency", "answers": {"coalescing.consensus": "not_sure"}},
    )  # fmt: skip
    assert by_label.status_code == 201
    assert Response.objects.get(pk=by_label.json()["id"]).perspective.key == "state_agency"


def test_paper_form_with_unknown_row_or_level_saves_nothing(cast):
    round_id = _create(cast)["id"]
    client, headers = _client(cast, "member")
    for answers, field in (
        ({"coalescing.consensus": "informing", "nope.row": "informing"}, "answers.nope.row"),
        ({"coalescing.consensus": "deepest"}, "answers.coalescing.consensus"),
    ):
        response = _post(
            client, headers, f"/api/v1/rounds/{round_id}/responses",
            {"perspective": "family_youth", "answers": answers},
        )  # fmt: skip
        assert response.status_code == 422
        assert field in response.json()["error"]["fields"]
    unknown = _post(
        client, headers, f"/api/v1/rounds/{round_id}/responses",
        {"perspective": "martians", "answers": {}},
    )  # fmt: skip
    assert unknown.status_code == 422
    assert "perspective" in unknown.json()["error"]["fields"]
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_outsider_gets_404_on_a_round(cast):
    round_id = _create(cast)["id"]
    client, headers = _client(cast, "outsider")
    assert client.get(f"/api/v1/rounds/{round_id}", headers=headers).status_code == 404
    response = _post(client, headers, f"/api/v1/rounds/{round_id}/responses", {"answers": {}})
    assert response.status_code == 404
