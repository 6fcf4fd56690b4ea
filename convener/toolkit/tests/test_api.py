"""Worksheets through the JSON API: tools, worksheets, answers and conflicts, roles."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.toolkit import services

FSQ = "four_simple_questions"


@pytest.fixture
def api(cast):
    def call(persona: str, method: str, path: str, body: dict | None = None):
        token = ApiToken.issue(user=cast.users[persona], name="t")[1]
        headers = {"Authorization": f"Bearer {token}"}
        full = f"/api/v1/initiatives/{cast.initiative.slug}/toolkit{path}"
        if body is None:
            return getattr(Client(), method)(full, headers=headers)
        return getattr(Client(), method)(
            full, data=json.dumps(body), content_type="application/json", headers=headers
        )

    return call


def test_tools_list_every_tool_with_its_worksheet_definition(api):
    tools = api("viewer", "get", "/tools").json()
    assert len(tools) == 16
    fsq = next(tool for tool in tools if tool["key"] == FSQ)
    assert fsq["habit"] == "coalescing"
    people = fsq["sections"][0]["fields"][0]
    assert people["type"] == "rows"
    assert [c["key"] for c in people["columns"]][:3] == ["who", "role", "why"]


def test_a_member_creates_and_fills_a_worksheet(api, cast):
    created = api("member", "post", "/worksheets", {"tool": FSQ, "title": "From the API"})
    assert created.status_code == 201
    sheet_id = created.json()["id"]
    path = f"/worksheets/{sheet_id}/values/who_cares/people"
    rows = [{"who": {"stakeholder_id": None, "name": "Ana"}, "why": "Runs the clinic"}]
    written = api("member", "put", path, {"value": rows, "base_version": 0})
    assert written.status_code == 200
    assert written.json()["version"] == 1
    detail = api("viewer", "get", f"/worksheets/{sheet_id}").json()
    answer = detail["values"]["who_cares"]["people"]
    assert answer["version"] == 1
    assert answer["value"][0]["why"] == "Runs the clinic"
    assert [s["title"] for s in api("viewer", "get", "/worksheets").json()] == ["From the API"]


def test_a_stale_base_version_is_a_409_with_both_versions(api, cast):
    sheet = services.create_worksheet(initiative=cast.initiative, tool_key=FSQ, actor=None)
    path = f"/worksheets/{sheet.pk}/values/insights/notes"
    api("member", "put", path, {"value": "First", "base_version": 0})
    conflict = api("owner", "put", path, {"value": "Second", "base_version": 0})
    assert conflict.status_code == 409
    error = conflict.json()["error"]
    assert error["code"] == "conflict"
    assert error["fields"] == {
        "current_value": ['"First"'],
        "current_version": ["1"],
        "your_value": ['"Second"'],
    }


def test_invalid_values_and_unknown_fields_are_refused(api, cast):
    sheet = services.create_worksheet(initiative=cast.initiative, tool_key=FSQ, actor=None)
    bad = api(
        "member",
        "put",
        f"/worksheets/{sheet.pk}/values/who_cares/people",
        {"value": "not rows", "base_version": None},
    )
    assert bad.status_code == 422
    assert "list of rows" in bad.json()["error"]["fields"]["value"][0]
    missing = api(
        "member",
        "put",
        f"/worksheets/{sheet.pk}/values/who_cares/nope",
        {"value": "x", "base_version": None},
    )
    assert missing.status_code == 404
    unknown_tool = api("member", "post", "/worksheets", {"tool": "nope"})
    assert unknown_tool.status_code == 422


def test_viewers_read_but_do_not_write(api, cast):
    sheet = services.create_worksheet(initiative=cast.initiative, tool_key=FSQ, actor=None)
    assert api("viewer", "get", f"/worksheets/{sheet.pk}").status_code == 200
    refused = api(
        "viewer",
        "put",
        f"/worksheets/{sheet.pk}/values/insights/notes",
        {"value": "x", "base_version": None},
    )
    assert refused.status_code == 403
    assert api("outsider", "get", f"/worksheets/{sheet.pk}").status_code == 404
