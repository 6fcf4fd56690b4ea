"""``GET /api/v1/initiatives/{slug}/report``: the report's figures as JSON."""

from __future__ import annotations

import pytest

from convener.accounts.models import ApiToken
from convener.reports.tests import report_data

pytestmark = pytest.mark.django_db


def _get(client, cast, persona, **params):
    _token, secret = ApiToken.issue(user=cast.users[persona], name="test")
    return client.get(
        f"/api/v1/initiatives/{cast.initiative.slug}/report",
        params,
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_the_api_returns_the_figures_with_small_groups_suppressed(client, cast):
    report_data.build(cast.initiative, cast.users["owner"])
    response = _get(client, cast, "viewer", since="2026-01-01", until="2026-10-31")
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"since": "2026-01-01", "until": "2026-10-31"}
    assert data["participation"]["people"] == 24
    rows = {row["key"]: row for row in data["participation"]["perspectives"]}
    assert rows["school_district"] == {**rows["school_district"], "suppressed": True, "count": None}
    assert rows["family_youth"]["percent"] == 25
    assert data["activities"]["total"] == 2
    assert [r["name"] for r in data["rounds"]["rounds"]] == ["Spring round", "Autumn round"]
    assert data["decisions"]["summary"]


def test_the_api_takes_sections_and_refuses_a_backwards_period(client, cast):
    data = _get(client, cast, "viewer", sections="rounds").json()
    assert data["sections"] == ["rounds"]
    assert data["overview"] is None
    response = _get(client, cast, "viewer", since="2026-05-01", until="2026-01-01")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_period"
    far = _get(client, cast, "viewer", until="9999-12-31")
    assert far.status_code == 422
    assert "between 1900 and 2100" in far.json()["error"]["message"]
