"""GET /api/v1/rounds/{id}/results: the shape, groups, suppression marks, permissions."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convener.accounts.models import ApiToken
from convener.measuring.tests.results_data import make_round, sample_answers


def _get(cast, persona: str, path: str):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    return Client().get(path, headers={"Authorization": f"Bearer {token}"})


def test_results_per_row_with_counts_and_percent_keyed_by_level(cast):
    rnd = make_round(cast.initiative, sample_answers())
    body = _get(cast, "viewer", f"/api/v1/rounds/{rnd.pk}/results").json()
    assert body["round"] == rnd.pk
    assert body["by"] is None
    assert [r["key"] for r in body["rows"]] == [
        "coalescing.diversity",
        "coalescing.data",
        "coalescing.consensus",
    ]
    consensus = body["rows"][2]
    assert consensus["n"] == 12
    assert consensus["not_sure"] == 1
    assert consensus["counts"] == {
        "informing": 5,
        "networking": 2,
        "collaborating": 5,
        "transforming": 0,
    }
    assert sum(consensus["percent"].values()) == 100
    assert consensus["modal"] == "informing"
    assert consensus["collaborating_or_deeper"] == round(500 / 12, 1)
    assert "groups" not in consensus


def test_results_by_perspective_mark_suppressed_groups_without_figures(cast):
    rnd = make_round(cast.initiative, sample_answers())
    body = _get(cast, "viewer", f"/api/v1/rounds/{rnd.pk}/results?by=perspective").json()
    groups = {g["key"]: g for g in body["rows"][0]["groups"]}
    assert set(groups) == {"family_youth", "state_agency", "school_district"}
    assert groups["family_youth"]["suppressed"] is False
    assert groups["family_youth"]["n"] == 6
    assert groups["family_youth"]["counts"]["networking"] == 6
    assert groups["family_youth"]["percent"]["networking"] == 100
    for key in ("school_district", "state_agency"):
        assert groups[key] == {"key": key, "label": groups[key]["label"], "suppressed": True}
    assert body["threshold"] == 5


def test_results_by_circle_use_circle_keys(cast):
    rnd = make_round(cast.initiative, sample_answers(), threshold=3)
    body = _get(cast, "viewer", f"/api/v1/rounds/{rnd.pk}/results?by=circle").json()
    groups = {g["key"]: g for g in body["rows"][0]["groups"]}
    assert groups["key"]["n"] == 6
    assert groups["extended"]["suppressed"] is True  # 2 answers, below 3
    assert groups["core"]["suppressed"] is True  # hidden with it: else total - key = extended


def test_an_unknown_grouping_is_rejected(cast):
    rnd = make_round(cast.initiative, sample_answers())
    response = _get(cast, "viewer", f"/api/v1/rounds/{rnd.pk}/results?by=name")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_outsiders_and_missing_rounds_get_404(cast):
    rnd = make_round(cast.initiative, sample_answers())
    assert _get(cast, "outsider", f"/api/v1/rounds/{rnd.pk}/results").status_code == 404
    assert _get(cast, "viewer", "/api/v1/rounds/999999/results").status_code == 404


def test_answers_of_unsubmitted_responses_are_not_counted(cast):
    rnd = make_round(cast.initiative, sample_answers(), submitted=False)
    body = _get(cast, "viewer", f"/api/v1/rounds/{rnd.pk}/results").json()
    # No counted answers: every row is below the threshold, so none carries a figure.
    assert [r["suppressed"] for r in body["rows"]] == [True, True, True]
    assert all("n" not in r for r in body["rows"])


def test_query_count_does_not_grow_with_answers(cast):
    small = make_round(cast.initiative, sample_answers()[:2])
    big = make_round(cast.initiative, sample_answers() * 5)
    token = ApiToken.issue(user=cast.users["viewer"], name="t")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    client.get(f"/api/v1/rounds/{small.pk}/results")  # first use of the token writes to it
    counts = []
    for rnd in (small, big):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/api/v1/rounds/{rnd.pk}/results?by=perspective")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_endpoint_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/rounds/{round_id}/results"]
