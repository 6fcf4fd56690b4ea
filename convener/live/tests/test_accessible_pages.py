"""What the live pages give screen readers: spoken figures, language of parts, tied errors.

The behaviour while things change (focus, live regions, title) is driven in the browser by
tests/browser/test_live_keyboard.py; these tests pin what the server renders for it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from convener.live import services
from convener.live.models import Item
from convener.live.tests.pages_helpers import build_every_kind, vote_on_everything
from convener.live.views.charts import results_view, spoken
from convener.live.views.common import item_view

pytestmark = pytest.mark.django_db


def _join(client: Client, session, language: str = "en") -> None:
    client.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Rosa", "language": language},
    )


def test_spoken_results_name_each_answer_with_its_figures(cast):
    session, items = build_every_kind(cast.initiative, cast.users["owner"])
    vote_on_everything(session, items)

    def said(kind: str) -> str:
        results = results_view(items[kind], for_staff=True)
        assert results is not None
        return results["spoken"]

    assert said("single") == (
        "Results, 3 answers. Alpha: Answers 2, Share 67%; Bravo: Answers 1, Share 33%; "
        "Charlie: Answers 0, Share 0%"
    )
    rating = said("rating")
    assert rating.startswith("Results, 3 answers. Listening: Mean 6.67, Answers 3; Convening:")
    assert "Answers 2" in rating
    assert "1 " not in rating.split("Convening")[1]  # the 1-10 distribution is not read out
    assert "TL 0" in said("quadrant") or "TL 1" in said("quadrant")
    assert re.search(r"listening 2", said("open_text"))
    assert said("ranking").startswith("Results, 3 answers. Charlie: Points")


def test_spoken_results_say_when_nobody_has_answered():
    chart = {"type": "bars", "caption": "0 answers", "table": {"head": ["Option"], "rows": []}}
    assert spoken(chart) == "Results, 0 answers. No answers yet."


def test_english_fallback_on_a_spanish_page_is_marked_as_english(cast):
    session, items = build_every_kind(cast.initiative, cast.users["owner"])
    single = items["single"]
    config = dict(single.config)
    config["translations"] = {"es": {"prompt": "Elija una", "labels": {"a": "Alfa"}}}
    Item.objects.filter(pk=single.pk).update(config=config)
    single.refresh_from_db()

    shown = item_view(single, language="es")
    assert shown["prompt"] == "Elija una"
    assert shown["prompt_lang"] == ""
    assert [(o["label"], o["lang"]) for o in shown["options"]] == [
        ("Alfa", ""),
        ("Bravo", "en"),
        ("Charlie", "en"),
    ]
    assert item_view(single, language="en")["options"][1]["lang"] == ""

    services.go_to_item(session=session, item=items["ranking"], actor=cast.users["owner"])
    client = Client()
    _join(client, session, language="es")
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert '<html lang="es">' in page
    assert re.search(r'<h1 id="item-prompt"\s+tabindex="-1"\s+lang="en">Order these</h1>', page)
    assert re.search(r'lang="en">Alpha</span>', page)


def test_spanish_sign_in_marks_the_team_s_perspective_names_as_english(cast):
    session, _items = build_every_kind(cast.initiative, cast.users["owner"])
    url = reverse("join:session", args=[session.join_code])
    spanish = Client().get(url + "?lang=es").content.decode()
    names = re.findall(r'<option value="([^"]*)"( lang="en")?', spanish)
    assert names[0] == ("", "")  # "Prefiero no decirlo" is ours, in Spanish
    assert all(marked for value, marked in names[1:] if value not in ("en", "es"))
    english = Client().get(url).content.decode()
    assert 'lang="en"' not in english.split("<main")[1].split('name="language"')[0]


def test_the_phone_page_has_a_region_per_kind_of_news_and_the_title_of_the_item(cast):
    session, items = build_every_kind(cast.initiative, cast.users["owner"])
    services.go_to_item(session=session, item=items["single"], actor=cast.users["owner"])
    client = Client()
    _join(client, session)
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    for region in ("live-question-announce", "live-results-announce", "live-announce"):
        assert re.search(rf'id="{region}"\s+aria-live="polite"', page), region
    assert 'data-title="Pick one · Every kind"' in page
    fragment = client.get(reverse("join:current", args=[session.join_code])).content.decode()
    assert 'data-title="Pick one · Every kind"' in fragment


def test_revealed_results_carry_their_spoken_figures_and_charts_are_named_once(cast):
    session, items = build_every_kind(cast.initiative, cast.users["owner"])
    vote_on_everything(session, items)
    owner = cast.users["owner"]
    services.go_to_item(session=session, item=items["single"], actor=owner)
    services.reveal_results(item=items["single"], actor=owner)
    client = Client()
    _join(client, session)
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert 'data-announce="Results, 3 answers. Alpha: Answers 2, Share 67%;' in page
    # The <title> names the chart; aria-labelledby on it would repeat it as a description.
    charts = re.findall(r"<svg[^>]*role=\"img\"[^>]*>", page)
    assert charts
    assert not [c for c in charts if "aria-labelledby" in c]


def test_quadrant_labels_are_html_that_can_wrap(cast):
    session, items = build_every_kind(cast.initiative, cast.users["owner"])
    vote_on_everything(session, items)
    owner = cast.users["owner"]
    services.go_to_item(session=session, item=items["quadrant"], actor=owner)
    services.reveal_results(item=items["quadrant"], actor=owner)
    client = Client()
    _join(client, session)
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    labels = re.findall(r'<span class="quad-cell-label">([^<]*)</span>', page)
    # Two grids to answer and two result charts, each with its four labels.
    assert labels == ["TL", "TR", "BL", "BR"] * 4
    assert "<text" not in page.split('class="quad-grid"')[1].split("</svg>")[0]


def test_an_unknown_code_is_tied_to_the_code_field(client):
    response = client.post(reverse("join:start"), {"code": "ZZZZZZ"})
    html = response.content.decode()
    assert response.status_code == 404
    assert re.search(
        r'aria-invalid="true"\s+aria-describedby="id_code_helptext id_code_error"', html
    )
    assert re.search(r'<ul class="errorlist" id="id_code_error">\s*<li>No session has', html)
    assert re.search(r'class="form-errors" role="alert" tabindex="-1" data-error-summary', html)
    assert re.search(r'<a href="#id_code"\s+data-field="code">Session code: No session', html)
