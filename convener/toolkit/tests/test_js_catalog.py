"""The worksheet script's words come from gettext (djangojs.po) through the JavaScript catalogue."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from convener.toolkit import services

pytestmark = pytest.mark.django_db

SCRIPT_WORDS = {
    "Saving…": "Guardando…",
    "Keep mine": "Conservar la mía",
    "Use theirs": "Usar la suya",
    "Unsaved text from an earlier visit was restored.": (
        "Se recuperó texto sin guardar de una visita anterior."
    ),
}


def test_the_catalogue_gives_the_worksheet_words_in_spanish_to_anyone(client):
    client.cookies["django_language"] = "es"
    response = client.get(reverse("javascript_catalog"))
    assert response.status_code == 200
    body = response.content.decode()
    for english, spanish in SCRIPT_WORDS.items():  # the catalogue is JSON, non-ASCII escaped
        assert f"{json.dumps(english)}: {json.dumps(spanish)}" in body


def test_the_catalogue_in_english_translates_nothing(client):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("javascript_catalog")).content.decode()
    assert json.dumps("Guardando…") not in body
    assert "Guardando" not in body


def test_the_worksheet_page_loads_the_catalogue_before_its_script(cast):
    sheet = services.create_worksheet(
        initiative=cast.initiative, tool_key="four_simple_questions", actor=cast.users["member"]
    )
    page = cast.client("member").get(
        reverse("toolkit:worksheet", args=[cast.initiative.slug, sheet.pk])
    )
    html = page.content.decode()
    catalogue = html.index(reverse("javascript_catalog"))
    assert catalogue < html.index("toolkit/worksheet.js")
