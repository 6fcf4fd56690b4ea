"""The team's own words in Spanish on the facilitator's and the presenter's pages.

Session titles, item prompts and texts, options, breakout prompts and group names are the
team's content: a viewer reading in Spanish sees the Spanish the team wrote (the English only
where none was written, marked lang="en"), on the pages and on their live-refresh fragments.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from convener.live import services
from convener.live.models import Item, LiveSession

pytestmark = pytest.mark.django_db

TITLE = ("Morning training", "Formación de la mañana")
SLIDE = ("Welcome to the day", "Bienvenida a la jornada")
BODY = ("Today we plan the work together.", "Hoy planificamos juntos el trabajo.")
QUESTION = ("Who must be at the table?", "¿Quién debe estar en la mesa?")
OPTIONS = [("o1", "Families and youth", "Familias y juventud"), ("o2", "Agency staff", "Personal")]
BREAKOUT = ("Breakout: who cares about this issue?", "Trabajo en grupos: ¿a quién le importa?")
GROUP_PROMPT = ("List who cares, and why.", "Enumere a quién le importa y por qué.")
UNTRANSLATED = "A question nobody translated"


def _session(cast) -> tuple[LiveSession, dict[str, Item]]:
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title=TITLE[0])
    session.translations = {"es": {"title": TITLE[1]}}
    session.save(update_fields=["translations"])
    es = "es"
    items = {
        "slide": services.add_item(
            session=session, kind="slide", prompt=SLIDE[0], actor=owner,
            config={"body": BODY[0],
                    "translations": {es: {"prompt": SLIDE[1], "body": BODY[1]}}},
        ),
        "single": services.add_item(
            session=session, kind="single", prompt=QUESTION[0], actor=owner,
            config={"options": [{"key": k, "label": en} for k, en, _es in OPTIONS],
                    "translations": {es: {"prompt": QUESTION[1],
                                          "labels": {k: sp for k, _en, sp in OPTIONS}}}},
        ),
        "breakout": services.add_item(
            session=session, kind="breakout", prompt=BREAKOUT[0], actor=owner,
            config={"prompt": GROUP_PROMPT[0], "group_count": 2,
                    "translations": {es: {"prompt": BREAKOUT[1],
                                          "group_prompt": GROUP_PROMPT[1]}}},
        ),
        "plain": services.add_item(
            session=session, kind="slide", prompt=UNTRANSLATED, actor=owner, config={}
        ),
    }  # fmt: skip
    services.start_session(session=session, actor=owner)
    person, _token = services.join(session=session, display_name="Ana")
    single = items["single"]
    services.open_item(item=single, actor=owner)
    services.cast_vote(item=single, participant=person, value="o1")
    services.reveal_results(item=Item.objects.get(pk=single.pk), actor=owner)
    return session, items


def _pages(cast, session: LiveSession, language: str) -> dict[str, str]:
    client = cast.client("owner")
    out = {}
    for name in ("facilitate", "facilitate_live", "presenter", "presenter_live", "results"):
        url = reverse(
            f"live:{name}", kwargs={"slug": cast.initiative.slug, "session_id": session.pk}
        )
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        out[name] = response.content.decode()
    return out


def _in_spanish(page: str, texts: tuple[str, str], where: str) -> None:
    """The page shows the Spanish of ``texts`` (English, Spanish) and not the English."""
    english, spanish = texts
    assert spanish in page, where
    assert english not in page, where


def _show(session: LiveSession, item: Item, owner) -> None:
    services.go_to_item(session=session, item=item, actor=owner)
    session.refresh_from_db()


def test_the_facilitator_and_presenter_show_the_teams_spanish(cast):
    owner = cast.users["owner"]
    session, items = _session(cast)

    _show(session, items["slide"], owner)
    pages = _pages(cast, session, "es")
    for name in ("facilitate", "presenter", "results"):
        assert TITLE[1] in pages[name], name
        assert TITLE[0] not in pages[name], name
    for name in ("facilitate", "presenter", "presenter_live"):  # the panel has no prompt
        assert SLIDE[1] in pages[name], name
        assert SLIDE[0] not in pages[name], name
    for name in ("presenter", "presenter_live"):
        _in_spanish(pages[name], BODY, name)
    # The facilitator's agenda lists every item in Spanish; the untranslated one in English,
    # marked as such for screen readers.
    agenda = pages["facilitate"]
    for texts in (QUESTION, BREAKOUT):
        _in_spanish(agenda, texts, "agenda")
    assert f'<span lang="en">{UNTRANSLATED}</span>' in agenda

    _show(session, items["single"], owner)
    pages = _pages(cast, session, "es")
    for name, page in pages.items():
        if name != "facilitate_live":
            _in_spanish(page, QUESTION, name)
        for _key, english, spanish in OPTIONS:  # the chart's labels, in the panel too
            if name == "results":  # the results page: every item, names in the data file
                assert spanish in page, name
                continue
            _in_spanish(page, (english, spanish), name)

    _show(session, items["breakout"], owner)
    pages = _pages(cast, session, "es")
    for name in ("presenter", "presenter_live"):  # before the groups: the groups' prompt
        _in_spanish(pages[name], GROUP_PROMPT, name)
    services.form_breakouts(item=items["breakout"], mode="random", group_count=2, actor=owner)
    pages = _pages(cast, session, "es")
    for name, page in pages.items():
        if name != "facilitate_live":
            _in_spanish(page, BREAKOUT, name)
        if name != "results":  # (the results page shows the prompt, not the groups)
            _in_spanish(page, ("Group 1", "Grupo 1"), name)
    _in_spanish(pages["results"], GROUP_PROMPT, "results")


def test_in_english_the_same_pages_show_the_english(cast):
    owner = cast.users["owner"]
    session, items = _session(cast)
    _show(session, items["single"], owner)
    pages = _pages(cast, session, "en")
    for name in ("facilitate", "presenter", "presenter_live"):
        _in_spanish(pages[name], QUESTION[::-1], name)  # here the English, not the Spanish
    assert OPTIONS[0][1] in pages["facilitate_live"]
    _in_spanish(pages["facilitate"], TITLE[::-1], "facilitate")
    assert 'lang="en"' not in pages["presenter_live"]


def test_the_sessions_list_and_records_show_the_spanish_title(cast):
    session, _items = _session(cast)
    client = cast.client("owner")
    slug = cast.initiative.slug
    for url in (
        reverse("live:sessions", kwargs={"slug": slug}),
        reverse("live:records", kwargs={"slug": slug, "session_id": session.pk}),
    ):
        _in_spanish(client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode(), TITLE, url)
        _in_spanish(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode(), TITLE[::-1], url)
