"""Errors tied to their fields on choice groups, with a focusable summary linking to them.

A screen reader meets the message when it reaches the group (aria-describedby on the
fieldset, and on each control drawn by hand) and each control says it is invalid; the
summary at the top of the form takes focus on load (convener.js) and links to each field.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from convener.consensus import services as consensus
from convener.consensus.tests.helpers import proposal, stakeholder

pytestmark = pytest.mark.django_db


def test_an_empty_position_ties_its_error_to_the_choice_group(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana", preferred_language="es")
    secret = consensus.issue_link(proposal=made, stakeholder=ana, actor=None)
    client = Client()
    client.get(reverse("positions:link", kwargs={"token": secret}))
    html = client.post(reverse("positions:position") + "?lang=es", {}).text
    assert re.search(r'<fieldset class="choices"\s+aria-describedby="option-error">', html)
    radios = re.findall(r'<input type="radio"\s+name="option"[^>]*>', html)
    assert radios
    assert all('aria-invalid="true" aria-describedby="option-error"' in r for r in radios)
    assert re.search(r'<ul class="errorlist" id="option-error">', html)
    assert re.search(r'tabindex="-1" data-error-summary', html)
    assert re.search(r'data-field="option">', html)
    # The proposal is the team's English text on a Spanish page.
    assert re.search(rf'<h2 lang="en">{re.escape(made.title)}</h2>', html)


def test_a_new_round_without_rows_or_languages_ties_both_errors(cast):
    url = f"/i/{cast.initiative.slug}/measuring/rounds/new/"
    html = cast.client("convener").post(url, {"name": "Spring", "kind": "stakeholders"}).text
    assert re.search(r'<fieldset class="choices"\s+aria-describedby="id_rows_error">', html)
    boxes = re.findall(r'<input type="checkbox"\s+name="rows"[^>]*>', html)
    assert boxes
    assert all('aria-describedby="id_rows_error"' in b for b in boxes)
    assert re.search(r'<ul class="errorlist" id="id_rows_error">', html)
    assert re.search(r'<fieldset class="choices"\s+aria-describedby="id_languages_error">', html)
    assert re.search(r'<ul class="errorlist" id="id_languages_error">', html)
    languages = re.findall(r'<input type="checkbox" name="languages"[^>]*>', html)
    assert languages
    assert all('aria-invalid="true"' in box for box in languages)
    for name in ("rows", "languages"):
        assert f'data-field="{name}"' in html
