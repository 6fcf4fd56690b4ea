"""The public framework API at /api/v1/framework/."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from convener.framework.packs import DEPTH_KEYS, builtin_pack
from convener.framework.services import install_pack
from convener.framework.tests.helpers import copy_builtin_pack, edit

pytestmark = pytest.mark.django_db

API = "/api/v1/framework"


def get(client: Client, path: str, **headers: Any) -> Any:
    """Return the JSON of a successful GET below the framework API."""
    response = client.get(f"{API}{path}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_summary_of_the_active_pack_needs_no_login(client):
    assert get(client, "/") == {
        "key": "lbc",
        "version": "1.0.0",
        "title": "Leading by Convening",
        "description": str(builtin_pack().description),
        "languages": ["en", "es"],
    }


def test_habits_with_their_rows_and_tools(client):
    habits = get(client, "/habits")
    assert [h["key"] for h in habits] == [
        "coalescing",
        "participation",
        "work_together",
        "bringing_together",
    ]
    assert habits[0]["name"] == "Coalescing around issues"
    assert habits[1]["rubric_rows"] == ["participation.ensure", "participation.translate"]
    assert len(habits[3]["tools"]) == 4
    assert habits[3]["kind"] == "integrating"


def test_depth_levels_in_order(client):
    levels = get(client, "/depth-levels")
    assert [level["key"] for level in levels] == list(DEPTH_KEYS)
    assert [level["position"] for level in levels] == [1, 2, 3, 4]


def test_rubric_rows_with_four_descriptors(client):
    rows = get(client, "/rubric-rows")
    assert len(rows) == 8
    assert all(len(row["descriptors"]) == 4 for row in rows)
    coalescing = get(client, "/rubric-rows?habit=coalescing")
    assert [row["key"] for row in coalescing] == [
        "coalescing.diversity",
        "coalescing.data",
        "coalescing.consensus",
        "coalescing.future_work",
    ]


def test_tools(client):
    tools = get(client, "/tools")
    assert len(tools) == 16
    assert {"key", "habit", "name", "purpose"} == set(tools[0])


def test_lang_query_gives_spanish(client):
    rows = get(client, "/rubric-rows?lang=es&habit=coalescing")
    assert rows[1]["title"] == "Investigar y acordar los datos pertinentes"
    levels = get(client, "/depth-levels?lang=es")
    assert [level["name"] for level in levels] == [
        "Informar",
        "Intercambiar",
        "Colaborar",
        "Transformar",
    ]


def test_accept_language_is_the_default(client):
    habits = get(client, "/habits", HTTP_ACCEPT_LANGUAGE="es")
    assert habits[0]["name"] == "Unirse en torno a los temas"


def test_a_language_the_pack_lacks_falls_back_to_english(client):
    assert get(client, "/habits?lang=fr")[0]["name"] == "Coalescing around issues"


def test_a_malformed_language_is_refused(client):
    assert client.get(f"{API}/habits?lang=not a language").status_code == 422


def test_the_api_follows_the_active_installed_pack(client, tmp_path):
    pack_dir = copy_builtin_pack(tmp_path)
    edit(pack_dir, "pack.yaml", 'version: "1.0.0"', 'version: "1.2.0"')
    install_pack(path=pack_dir)
    assert get(client, "/")["version"] == "1.2.0"
