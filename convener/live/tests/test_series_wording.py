"""Training series pages in American English like the rest of the product, with Spanish still
attached; a trail back to Live sessions; each live session's presenter one click away; and the
personal link on My growth as text with a copy button."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from convener import live
from convener.live import series, services
from convener.live.models import Item
from convener.live.series_models import SeriesSession
from convener.live.views.series_join import COOKIE_PREFIX

pytestmark = pytest.mark.django_db

BRITISH = re.compile(
    r"\b\w*(recognis|organis|behaviour|colour|favour|honour|prioritis|summaris|realis|"
    r"apologis|minimis|utilis|emphasis(?!e?s\b)|centre\b|catalogue)\w*",
    re.I,
)


def _url(name: str, cast, **kwargs) -> str:
    return reverse(f"live:{name}", kwargs={"slug": cast.initiative.slug, **kwargs})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _series_with_a_live_session(cast):
    made = series.create_series(initiative=cast.initiative, actor=None, title="Cohort")
    series.add_new_session(series=made, actor=None, template_key="learning_targets")
    session = SeriesSession.objects.get(series=made).session
    services.start_session(session=session, actor=cast.users["owner"])
    return made, session


def test_series_pages_use_american_spelling_in_english(cast):
    made, _session = _series_with_a_live_session(cast)
    client = cast.client("member")
    for url in (_url("series_list", cast), _url("series_page", cast, series_id=made.pk)):
        text = _text(client.get(url).content.decode())
        assert "recognized" in text
        assert not BRITISH.findall(text), (url, BRITISH.findall(text))


def test_the_reworded_sentences_keep_their_spanish(cast):
    made, _session = _series_with_a_live_session(cast)
    client = cast.client("member")
    client.cookies["django_language"] = "es"
    listing = _text(client.get(_url("series_list", cast)).content.decode())
    assert "se reconocen como la misma persona" in listing
    page = _text(client.get(_url("series_page", cast, series_id=made.pk)).content.decode())
    assert "se reconocen por su cuenta" in page
    with translation.override("es"):
        assert translation.gettext("A town, county or organization. Optional.") != (
            "A town, county or organization. Optional."
        )


def test_series_page_has_a_trail_back_to_live_sessions_and_each_presenter(cast):
    made, session = _series_with_a_live_session(cast)
    page = cast.client("viewer").get(_url("series_page", cast, series_id=made.pk)).content.decode()
    trail = page.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{_url("sessions", cast)}"' in trail
    assert f'href="{_url("series_list", cast)}"' in trail
    assert 'aria-current="page">Cohort<' in trail
    presenter = _url("presenter", cast, session_id=session.pk)
    assert f'href="{presenter}"' in page
    listing = cast.client("viewer").get(_url("series_list", cast)).content.decode()
    assert f'href="{_url("sessions", cast)}"' in listing.split('aria-label="Breadcrumb"', 1)[1]


def test_an_ended_session_offers_results_not_the_presenter(cast):
    made, session = _series_with_a_live_session(cast)
    services.end_session(session=session, actor=cast.users["owner"])
    page = cast.client("viewer").get(_url("series_page", cast, series_id=made.pk)).content.decode()
    assert _url("presenter", cast, session_id=session.pk) not in page
    assert _url("results", cast, session_id=session.pk) in page


def test_growth_page_shows_the_personal_link_as_text_with_a_copy_button(cast):
    made, session = _series_with_a_live_session(cast)
    item = Item.objects.filter(session=session, kind="rating").order_by("position").first()
    services.go_to_item(session=session, item=item, actor=None)
    services.open_item(item=item, actor=None)
    phone = Client(HTTP_ACCEPT_LANGUAGE="es")
    code = session.join_code
    phone.post(
        reverse("join:session", args=[code]),
        {"display_name": "P", "location": "", "language": "es"},
    )
    assert phone.get(reverse("join:session", args=[code])).status_code == 200
    phone.post(
        reverse("join:answer", args=[code]),
        {"item": item.pk, **{f"r:{s['key']}": "4" for s in item.config["statements"]}},
    )
    secret = phone.cookies[f"{COOKIE_PREFIX}{made.pk}"].value
    page = phone.get(reverse("join:growth", args=[code])).content.decode()
    link = reverse("join:series_link", args=[secret])
    assert re.search(rf'<code id="personal-link">http://testserver{re.escape(link)}</code>', page)
    button = re.search(r"<button[^>]*data-copy-link=\"personal-link\"[^>]*>", page, re.S)
    assert button is not None
    assert " hidden" in button.group(0)  # shown by growth.js only: no dead button without JS
    assert 'data-copied-text="Enlace copiado"' in button.group(0)
    assert re.search(r'id="copy-status" role="status" aria-live="polite"', page)
    assert "Copiar el enlace" in page
    assert "live/growth.js" in page


def test_growth_script_announces_and_falls_back_to_selecting():
    script = Path(live.__file__).with_name("static").joinpath("live", "growth.js").read_text()
    assert "navigator.clipboard" in script
    assert "data-copied-text" in script
    assert "selectNodeContents" in script
