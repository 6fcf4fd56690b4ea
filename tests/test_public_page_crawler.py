"""A crawler reads the demo's public page as anyone would and looks for what must never be there.

The demo's page is published with every section on. To be sure suppression is tested and not
merely absent, the test also shares a round with a row answered by fewer people than its
threshold. The figures are recomputed here from the raw answers, not from the page's code.
"""

from __future__ import annotations

import math
import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from convener.accounts.models import User
from convener.consensus.models import Decision
from convener.demo.data import DEMO_SLUG
from convener.initiatives.models import Initiative
from convener.measuring.intervals import wilson
from convener.measuring.models import Answer, Round
from convener.measuring.tests.results_data import make_round
from convener.public.models import SECTIONS, PublicationEvent, PublicPage
from convener.stakeholders.models import Stakeholder

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3}[\s.-]\d{3,4}\b|\b\d{9,}\b")
VALID = ("informing", "networking", "collaborating", "transforming")
DEEPER = ("collaborating", "transforming")
CARD = re.compile(
    r'data-row="(?P<key>[^"]+)"\s+data-shown="(?P<shown>yes|no)"(?P<body>.*?)</li>', re.S
)


@pytest.fixture
def demo(db: None) -> Initiative:
    call_command("load_demo", stdout=StringIO())
    initiative = Initiative.objects.get(slug=DEMO_SLUG)
    small = make_round(
        initiative,
        [(None, "", {"coalescing.diversity": "collaborating", "coalescing.data": "networking"})] * 6
        + [(None, "", {"coalescing.consensus": "transforming"})] * 2,
        name="Small listening round",
        threshold=5,
    )
    PublicPage.objects.get(initiative=initiative).rounds.add(small)
    return initiative


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _raw_rows(rnd: Round) -> dict[str, tuple[int, int]]:
    """Return (valid answers, at collaborating or deeper) per row, straight from the answers."""
    out: dict[str, tuple[int, int]] = {}
    for key in rnd.instrument.row_keys:
        levels = list(
            Answer.objects.filter(round=rnd, row_key=key, counted=True).values_list(
                "level", flat=True
            )
        )
        out[key] = (sum(lv in VALID for lv in levels), sum(lv in DEEPER for lv in levels))
    return out


def _names() -> set[str]:
    names = set(Stakeholder.objects.values_list("name", flat=True))
    names |= {
        re.sub(r"\s*\(.*\)", "", n) for n in User.objects.values_list("display_name", flat=True)
    }
    return {n.strip() for n in names if n.strip()}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_public_page_shows_nothing_identifying_or_below_the_threshold(demo, language):
    page = PublicPage.objects.get(initiative=demo)
    assert page.is_published
    assert all(page.shows(section) for section in SECTIONS)
    response = Client().get(f"/public/{DEMO_SLUG}/?lang={language}")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    # Every section is there (the crawl would prove little on an empty page).
    for anchor in ('id="about"', 'id="convenings"', 'id="heard"', 'id="decided"', 'id="changing"'):
        assert anchor in html
    # The convening's title as the team wrote it in the page's language (the demo has both).
    title = {"en": "Regional family forum: planning next year", "es": "Foro regional de familias"}
    assert title[language] in text

    assert EMAIL.search(html) is None, EMAIL.search(html)
    assert PHONE.search(text) is None, PHONE.search(text)
    found = [name for name in _names() if re.search(rf"\b{re.escape(name)}\b", text)]
    assert found == [], found

    # What we heard: every figure on a card belongs to a row at or above its round's threshold.
    rounds = list(page.rounds.select_related("instrument"))
    raw = {key: value for rnd in rounds for key, value in _raw_rows(rnd).items()}
    cards = list(CARD.finditer(html))
    assert len(cards) == sum(len(r.instrument.row_keys) for r in rounds)
    hidden = 0
    for card in cards:
        figures = {int(x) for x in re.findall(r"\d+", _text(card["body"]))}
        if card["shown"] == "no":
            hidden += 1
            assert figures == set(), card["body"]
            continue
        allowed = set()
        for rnd in rounds:
            n, deeper = _raw_rows(rnd).get(card["key"], (0, 0))
            if n >= rnd.suppression_threshold:
                low, high = wilson(deeper, n)
                allowed |= {
                    n,
                    round(100 * deeper / n),
                    math.floor(100 * low),
                    math.ceil(100 * high),
                }
        assert figures, card["body"]
        assert figures <= allowed, (card["key"], figures, allowed)
    assert hidden >= 1  # the small round's consensus row (2 answers) is shown without figures
    assert raw  # the rounds have answers at all

    # What we decided: a number of people only where at least the threshold took part.
    for count in re.findall(r"(\d+) (?:people|person|personas?) ", text) + re.findall(
        r"particip\w+ (\d+) persona", text
    ):
        assert any(
            d.participants == int(count) and d.participants >= d.threshold
            for d in Decision.objects.filter(initiative=demo)
        ), count


def test_the_demo_page_is_published_once_however_often_the_demo_loads(db):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert PublicPage.objects.filter(initiative__slug=DEMO_SLUG, is_published=True).count() == 1
    assert list(PublicationEvent.objects.values_list("kind", flat=True)) == ["published"]
