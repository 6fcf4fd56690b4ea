"""The JSON API: proposals with results, revisions, one's own position, decisions."""

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.consensus import services

from .helpers import proposal

pytestmark = pytest.mark.django_db


def api(cast, persona):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_convener_creates_opens_and_reads_a_proposal(cast):
    client = api(cast, "convener")
    response = client.post(
        f"/api/v1/initiatives/{cast.initiative.slug}/proposals",
        {
            "title": "Focus year one",
            "text": "Confidentiality first.",
            "process": "consent",
            "audience": {"perspectives": ["family_youth"]},
            "serves": {"kind": "rubric_row", "ref": "coalescing.consensus", "label": "Consensus"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert created["results"]["total"] == 0
    opened = client.post(f"/api/v1/proposals/{created['id']}/open")
    assert opened.json()["accepting"] is True
    listing = api(cast, "viewer").get(f"/api/v1/initiatives/{cast.initiative.slug}/proposals")
    assert [p["id"] for p in listing.json()] == [created["id"]]


def test_unknown_perspective_is_422(cast):
    response = api(cast, "convener").post(
        f"/api/v1/initiatives/{cast.initiative.slug}/proposals",
        {"title": "T", "text": "X", "audience": {"perspectives": ["martians"]}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"audience.perspectives": ["martians"]}


def test_a_member_puts_and_reads_their_own_position(cast):
    made = proposal(cast.initiative)
    client = api(cast, "member")
    assert client.get(f"/api/v1/proposals/{made.pk}/position").status_code == 404
    refused = client.put(
        f"/api/v1/proposals/{made.pk}/position",
        {"option": "block"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "reason" in refused.json()["error"]["fields"]
    saved = client.put(
        f"/api/v1/proposals/{made.pk}/position",
        {"option": "serious_reservations", "reason": "Privacy", "perspective": "family_youth"},
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert saved.json()["perspective"] == "family_youth"
    assert (
        client.get(f"/api/v1/proposals/{made.pk}/position").json()["option"]
        == "serious_reservations"
    )
    detail = client.get(f"/api/v1/proposals/{made.pk}").json()
    counts = {o["key"]: o["count"] for o in detail["results"]["options"]}
    assert counts["serious_reservations"] == 1


def test_revise_then_decide_then_list_the_log(cast):
    made = proposal(cast.initiative, serves_kind="rubric_row", serves_ref="coalescing.consensus")
    client = api(cast, "convener")
    revised = client.post(
        f"/api/v1/proposals/{made.pk}/revisions",
        {"text": "New text."},
        content_type="application/json",
    )
    assert revised.status_code == 201
    assert revised.json()["revision"] == 2
    decided = client.post(
        f"/api/v1/proposals/{made.pk}/decision",
        {
            "outcome": "adopted",
            "statement": "Agreed.",
            "statement_es": "Acordado.",
            "decided_on": "2026-03-02",
            "decided_by": "Team",
        },
        content_type="application/json",
    )
    assert decided.status_code == 201
    assert decided.json()["revision"] == 2
    assert decided.json()["statement_es"] == "Acordado."
    again = client.post(
        f"/api/v1/proposals/{made.pk}/decision",
        {
            "outcome": "adopted",
            "statement": "Again.",
            "decided_on": "2026-03-02",
            "decided_by": "Team",
        },
        content_type="application/json",
    )
    assert again.status_code == 409
    log = api(cast, "viewer").get(
        f"/api/v1/initiatives/{cast.initiative.slug}/decisions?row=coalescing.consensus"
    )
    assert [d["statement"] for d in log.json()] == ["Agreed."]
    assert [d["statement_es"] for d in log.json()] == ["Acordado."]
    assert client.post(f"/api/v1/proposals/{made.pk}/open").status_code == 409


def test_outsiders_get_404_and_viewers_403(cast):
    made = proposal(cast.initiative)
    assert api(cast, "outsider").get(f"/api/v1/proposals/{made.pk}").status_code == 404
    response = api(cast, "viewer").put(
        f"/api/v1/proposals/{made.pk}/position",
        {"option": "endorse"},
        content_type="application/json",
    )
    assert response.status_code == 403
    services.close_proposal(proposal=made, actor=None)
