"""Training series pages: the trainer's (en + es, 404 for outsiders) and the participant's."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from convener.live import series, services
from convener.live.models import Item, LiveSession
from convener.live.series_models import SeriesMember, SeriesSession, TrainingSeries
from convener.live.views.series_join import COOKIE_PREFIX

pytestmark = pytest.mark.django_db

TARGETS = ("describe_engagement", "three_approaches", "choose_tool")


def _tight(page: str) -> str:
    """The page without the white space around its tags (cells compare as ``<td>3</td>``)."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", page)


def _url(name: str, cast, **kwargs) -> str:
    return reverse(f"live:{name}", kwargs={"slug": cast.initiative.slug, **kwargs})


def test_a_trainer_creates_a_series_and_adds_sessions(cast):
    client = cast.client("member")
    response = client.post(
        _url("series_create", cast), {"title": "Cohort 2026", "title_es": "Grupo 2026"}
    )
    made = TrainingSeries.objects.get(initiative=cast.initiative)
    assert response["Location"] == _url("series_page", cast, series_id=made.pk)
    assert made.translations == {"es": {"title": "Grupo 2026"}}
    page = client.get(_url("series_page", cast, series_id=made.pk)).content.decode()
    assert "Cohort 2026" in page
    assert "No session yet. Start with the full day." in page
    assert '<option value="blueprint_full_day" selected>' in page  # the full day comes first
    add = _url("series_add_session", cast, series_id=made.pk)
    response = client.post(add, {"template_key": "blueprint_full_day", "title": ""})
    first = SeriesSession.objects.get(series=made).session
    assert response["Location"] == _url("session_edit", cast, session_id=first.pk)
    assert first.items.count() == 75
    page = client.get(_url("series_page", cast, series_id=made.pk)).content.decode()
    assert '<option value="series_follow_up" selected>' in page  # then the follow-up
    mine = services.create_session(initiative=cast.initiative, actor=None, title="Coaching")
    response = client.post(add, {"session": mine.pk})
    assert response.status_code == 302
    assert list(made.series_sessions.values_list("session_id", "position")) == [
        (first.pk, 1),
        (mine.pk, 2),
    ]


def test_bad_input_gets_a_message_and_a_foreign_session_404(cast):
    client = cast.client("member")
    made = series.create_series(initiative=cast.initiative, actor=None, title="C")
    add = _url("series_add_session", cast, series_id=made.pk)
    foreign = services.create_session(initiative=cast.other, actor=None, title="Theirs")
    assert client.post(add, {"session": foreign.pk}).status_code == 404
    response = client.post(add, {"template_key": "nothing"})
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()
    response = client.post(add, {"session": "x"})
    assert response.status_code == 422
    response = client.post(_url("series_create", cast), {"title": ""})
    assert "This field is required." in response.content.decode()
    assert not made.series_sessions.exists()


def test_outsiders_and_the_anonymous_never_see_a_series(cast):
    made = series.create_series(initiative=cast.initiative, actor=None, title="Secret cohort")
    url = _url("series_page", cast, series_id=made.pk)
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("anonymous").get(url).status_code == 302
    other = series.create_series(initiative=cast.other, actor=None, title="Theirs")
    assert (
        cast.client("owner").get(_url("series_page", cast, series_id=other.pk)).status_code == 404
    )
    assert (
        cast.client("viewer").post(_url("series_add_session", cast, series_id=made.pk)).status_code
        == 403
    )


def _join(client: Client, session: LiveSession, name: str, language: str = "en") -> None:
    client.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": name, "location": "", "language": language},
    )
    assert client.get(reverse("join:session", args=[session.join_code])).status_code == 200


def _rate(client: Client, session: LiveSession, rating: int) -> None:
    item = Item.objects.filter(session=session, kind="rating", status="open").get()
    data = {"item": item.pk, **{f"r:{key}": str(rating) for key in TARGETS}}
    client.post(reverse("join:answer", args=[session.join_code]), data)


def _session(made, cast, position: int) -> LiveSession:
    session = SeriesSession.objects.get(series=made, position=position).session
    services.start_session(session=session, actor=cast.users["owner"])
    item = Item.objects.filter(session=session, kind="rating").order_by("position").first()
    services.go_to_item(session=session, item=item, actor=cast.users["owner"])
    services.open_item(item=item, actor=cast.users["owner"])
    return session


def test_three_phones_are_recognised_and_each_sees_only_their_own_growth(cast):
    made = series.create_series(
        initiative=cast.initiative, actor=None, title="Cohort", title_es="Grupo"
    )
    for _n in range(2):
        series.add_new_session(series=made, actor=None, template_key="learning_targets")
    phones = [Client(), Client(), Client(HTTP_ACCEPT_LANGUAGE="es")]
    first = _session(made, cast, 1)
    for number, phone in enumerate(phones):
        _join(phone, first, f"P{number}", "es" if number == 2 else "en")
        assert phone.cookies[f"{COOKIE_PREFIX}{made.pk}"]["httponly"]
        _rate(phone, first, 3 + number)
    second = _session(made, cast, 2)
    for number, phone in enumerate(phones):
        _join(phone, second, f"Q{number}", "es" if number == 2 else "en")
        _rate(phone, second, 8 - number)
    assert SeriesMember.objects.filter(series=made).count() == 3
    page = phones[0].get(reverse("join:session", args=[second.join_code])).content.decode()
    growth_url = reverse("join:growth", args=[second.join_code])
    assert growth_url in page
    mine = _tight(phones[0].get(growth_url).content.decode())
    assert "I can describe authentic stakeholder engagement." in mine
    assert "<td>3</td>" in mine
    assert "<td>8</td>" in mine
    assert "+5" in mine
    assert "<td>4</td>" not in mine  # another person's rating
    spanish = _tight(phones[2].get(growth_url).content.decode())
    assert "Mi progreso" in spanish
    assert '<th scope="col">Cambio</th>' in spanish  # the noun, not the verb "Cambiar"
    assert "Sé describir la implicación auténtica de las partes interesadas." in spanish
    assert "+1" in spanish
    trainer = (
        cast.client("viewer").get(_url("series_page", cast, series_id=made.pk)).content.decode()
    )
    assert "<td>4.0</td>" in trainer  # the group's before
    assert "<td>7.0</td>" in trainer  # and after
    assert "Hidden:" not in trainer


def test_the_personal_link_shows_growth_and_makes_a_new_device_known(cast):
    made = series.create_series(initiative=cast.initiative, actor=None, title="Cohort")
    for _n in range(2):
        series.add_new_session(series=made, actor=None, template_key="learning_targets")
    phone = Client()
    first = _session(made, cast, 1)
    _join(phone, first, "P")
    _rate(phone, first, 4)
    secret = phone.cookies[f"{COOKIE_PREFIX}{made.pk}"].value
    growth = phone.get(reverse("join:growth", args=[first.join_code])).content.decode()
    link = reverse("join:series_link", args=[secret])
    assert link in growth
    laptop = Client()
    response = laptop.get(link)
    assert response["Referrer-Policy"] == "no-referrer"
    assert "<td>4</td>" in _tight(response.content.decode())
    second = _session(made, cast, 2)
    _join(laptop, second, "P on a laptop")
    assert SeriesMember.objects.filter(series=made).count() == 1
    assert Client().get(reverse("join:series_link", args=["ls_" + "x" * 43])).status_code == 404
    assert Client().get(reverse("join:growth", args=[first.join_code])).status_code == 404


def test_the_trainer_page_in_spanish_says_why_figures_are_hidden(cast):
    made = series.create_series(
        initiative=cast.initiative, actor=None, title="Cohort", title_es="Grupo"
    )
    series.add_new_session(series=made, actor=None, template_key="series_follow_up")
    client = cast.client("member")
    client.cookies["django_language"] = "es"
    page = _tight(client.get(_url("series_page", cast, series_id=made.pk)).content.decode())
    assert "<h1>Grupo</h1>" in page
    # Before anyone has rated twice there is nothing to compare: a sentence, not empty tables.
    assert (
        "Aún no hay nada que comparar: las cifras aparecen aquí cuando al menos 3 personas han "
        "valorado una afirmación en dos sesiones de la serie."
    ) in page
    assert "Oculto:" not in page
    assert "<table" not in page.split("<h2>Cómo ha cambiado el grupo</h2>", 1)[1]
    listing = client.get(_url("series_list", cast)).content.decode()
    assert "Series de formación" in listing
    assert "Grupo" in listing
