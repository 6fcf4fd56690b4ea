"""The participation analytics and the circles through the JSON API."""

from __future__ import annotations

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.initiatives.models import Perspective
from convener.stakeholders.models import Kind, Stakeholder, Tag


@pytest.fixture
def get(cast):
    tokens: dict[str, str] = {}

    def call(persona, path, **params):
        headers = {}
        if persona != "anonymous":
            if persona not in tokens:
                tokens[persona] = ApiToken.issue(user=cast.users[persona], name="test")[1]
            headers["Authorization"] = f"Bearer {tokens[persona]}"
        return Client().get(f"/api/v1{path}", params, headers=headers)

    return call


@pytest.fixture
def registry(cast):
    agency = Perspective.objects.get(initiative=cast.initiative, key="county_agency")
    family = Perspective.objects.get(initiative=cast.initiative, key="family_youth")
    org = Stakeholder.objects.create(
        initiative=cast.initiative, kind=Kind.ORGANIZATION, name="Parent Network", circle="key"
    )
    tag = Tag.objects.create(initiative=cast.initiative, name="regional workgroup")
    for i in range(3):
        person = Stakeholder.objects.create(
            initiative=cast.initiative,
            name=f"Staff {i}",
            perspective=agency,
            circle="core",
            stance="critic" if i == 0 else "supporter",
            what_they_might_do="Plan meetings" if i == 0 else "",
        )
        person.tags.add(tag)
    Stakeholder.objects.create(
        initiative=cast.initiative,
        name="Rosa Parent",
        perspective=family,
        organization=org,
        circle="dissemination",
        concern_affected=True,
    )
    return cast.initiative


def test_participation_returns_the_analytics_as_json(get, registry):
    response = get("viewer", f"/initiatives/{registry.slug}/participation")
    assert response.status_code == 200
    body = response.json()
    assert body["people"] == 4
    assert body["groups"] == 1
    assert body["balance"]["evenness_index"] == "pielou_j"
    assert 0 <= body["balance"]["evenness"] <= 1
    shares = {p["key"]: p for p in body["balance"]["perspectives"]}
    assert shares["county_agency"]["count"] == 3
    assert shares["justice"]["status"] == "missing"
    assert sum(p["share"] for p in shares.values()) == pytest.approx(1.0)
    checks = {c["key"]: c for c in body["range_checks"]}
    assert checks["critics"]["passed"] is True
    assert checks["affected_family_youth"]["passed"] is True
    counts = {c["circle"]: c["count"] for c in body["circles"]["counts"]}
    assert counts == {"core": 3, "key": 1, "extended": 0, "dissemination": 1}
    assert body["circles"]["shallow_organizations"][0]["name"] == "Parent Network"
    codes = [f["code"] for f in body["findings"]]
    assert "agency_dominant" in codes
    assert all(f["message"] for f in body["findings"])


def test_participation_for_a_tag_or_a_circle(get, registry):
    by_tag = get("member", f"/initiatives/{registry.slug}/participation", tag="regional workgroup")
    assert by_tag.json()["people"] == 3
    assert by_tag.json()["subset"] == {"circle": "", "tag": "regional workgroup"}
    by_circle = get("member", f"/initiatives/{registry.slug}/participation", circle="dissemination")
    assert by_circle.json()["people"] == 1


def test_an_unknown_circle_is_422_in_the_error_shape(get, registry):
    response = get("viewer", f"/initiatives/{registry.slug}/participation", circle="moon")
    assert response.status_code == 422
    assert "circle" in response.json()["error"]["fields"]


def test_circles_lists_members_centre_first(get, registry):
    response = get("viewer", f"/initiatives/{registry.slug}/circles")
    assert response.status_code == 200
    circles = response.json()
    assert [c["circle"] for c in circles] == ["core", "key", "extended", "dissemination", ""]
    core = circles[0]
    assert core["count"] == 3
    assert core["members"][0]["what_they_might_do"] == "Plan meetings"
    assert core["members"][0]["perspective"] == "county_agency"


def test_outsiders_get_404_and_anonymous_401(get, registry, cast):
    assert get("outsider", f"/initiatives/{registry.slug}/participation").status_code == 404
    assert get("anonymous", f"/initiatives/{registry.slug}/circles").status_code == 401


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/initiatives/{slug}/participation" in paths
    assert "/api/v1/initiatives/{slug}/circles" in paths
