"""Participant pages: join by code, sign in, answer every kind without JavaScript, Spanish."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from convener.live import services
from convener.live.models import BreakoutGroup, Participant, Vote
from convener.live.tests.pages_helpers import build_every_kind

pytestmark = pytest.mark.django_db

# Plain form posts per kind, as a browser without JavaScript sends them.
FORM_ANSWERS = {
    "single": ({"choice": "b"}, "b"),
    "multi": ({"choice": ["a", "c"]}, ["a", "c"]),
    "emoji": ({"choice": "up"}, "up"),
    "rating": ({"r:s1": "6", "r:s2": "9"}, {"s1": 6, "s2": 9}),
    "true_false": ({"choice": "true"}, True),
    "quiz": ({"choice": "b"}, "b"),
    "classify": ({"c:s1": "who", "c:s2": "who"}, {"s1": "who", "s2": "who"}),
    "image": ({"choice": "i2"}, "i2"),
    "quadrant": (
        {"qx:s1": "75", "qy:s1": "25", "qx:s2": "10", "qy:s2": "90"},
        {"s1": {"x": 75, "y": 25}, "s2": {"x": 10, "y": 90}},
    ),
    "open_text": ({"text": "Bring families in early"}, "Bring families in early"),
    "ranking": ({"rank:a": "2", "rank:b": "3", "rank:c": "1"}, ["c", "a", "b"]),
}


def _join(client: Client, session, name: str = "Rosa", language: str = "en", **extra):
    return client.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": name, "location": "Tucson", "language": language, **extra},
    )


def test_code_page_sends_a_known_code_to_the_session(client, cast):
    session, _items = build_every_kind(cast.initiative, cast.users["owner"])
    page = client.get(reverse("join:start"))
    assert page.status_code == 200
    assert "Session code" in page.content.decode()
    typed = session.join_code[:3].lower() + " " + session.join_code[3:].lower()
    response = client.post(reverse("join:start"), {"code": typed})
    assert response["Location"] == reverse("join:session", args=[session.join_code])


def test_wrong_code_gets_a_friendly_error(client):
    response = client.post(reverse("join:start"), {"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "No session has that code" in response.content.decode()
    malformed = client.post(reverse("join:start"), {"code": "hello!"})
    assert "six letters and digits" in malformed.content.decode()
    assert client.get(reverse("join:session", args=["ZZZZZZ"])).status_code == 404


def test_sign_in_stores_the_participant_in_the_session(client, cast):
    session, _items = build_every_kind(cast.initiative, cast.users["owner"])
    form = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "Your name" in form
    assert "Family" in form
    perspective = cast.initiative.perspectives.first()
    response = _join(client, session, perspective=perspective.key)
    assert response.status_code == 302
    participant = Participant.objects.get(session=session)
    assert participant.perspective == perspective
    assert participant.location == "Tucson"
    assert client.session["live_participants"] == {session.join_code: participant.pk}
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "Session of Rosa" in page
    assert 'data-socket="/ws/live/' in page
    assert 'id="live-strings"' in page


def test_sign_in_needs_a_name(client, cast):
    session, _items = build_every_kind(cast.initiative, cast.users["owner"])
    response = _join(client, session, name="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.parametrize("kind", list(FORM_ANSWERS))
def test_every_kind_can_be_answered_with_a_plain_form(client, cast, kind):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    item = items[kind]
    services.go_to_item(session=session, item=item, actor=owner)
    _join(client, session)
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert item.prompt in page
    assert f'data-kind="{kind}"' in page
    data, expected = FORM_ANSWERS[kind]
    response = client.post(
        reverse("join:answer", args=[session.join_code]), {"item": item.pk, **data}, follow=True
    )
    vote = Vote.objects.get(item=item)
    assert vote.value == expected
    assert "Your answer is saved" in response.content.decode()


def test_a_closed_item_refuses_answers_with_a_message(client, cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    item = items["single"]
    services.go_to_item(session=session, item=item, actor=owner)
    services.close_item(item=item, actor=owner)
    _join(client, session)
    response = client.post(
        reverse("join:answer", args=[session.join_code]),
        {"item": item.pk, "choice": "a"},
        follow=True,
    )
    assert "This question is closed" in response.content.decode()
    assert not Vote.objects.exists()


def test_bad_answers_get_a_clear_message(client, cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    services.go_to_item(session=session, item=items["multi"], actor=owner)
    _join(client, session)
    url = reverse("join:answer", args=[session.join_code])
    response = client.post(url, {"item": items["multi"].pk}, follow=True)
    assert "Choose at least one option." in response.content.decode()
    response = client.post(url, {"item": items["multi"].pk, "choice": ["a", "b", "c"]}, follow=True)
    assert not Vote.objects.exists()
    assert "message-error" in response.content.decode()


def test_quiz_key_and_own_result_show_after_reveal(client, cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    item = items["classify"]
    services.go_to_item(session=session, item=item, actor=owner)
    _join(client, session)
    client.post(
        reverse("join:answer", args=[session.join_code]),
        {"item": item.pk, "c:s1": "who", "c:s2": "who"},
    )
    before = client.get(reverse("join:current", args=[session.join_code])).content.decode()
    assert "Your score" not in before
    assert "The answer:" not in before
    services.reveal_key(item=item, actor=owner)
    services.reveal_results(item=item, actor=owner)
    after = client.get(reverse("join:current", args=[session.join_code])).content.decode()
    assert "Your score: 50% right." in after
    assert "The answer: How" in after
    assert 'role="img"' in after  # the results, now revealed


def test_spanish_participant_page(client, cast):
    owner = cast.users["owner"]
    session = services.create_session(
        initiative=cast.initiative, actor=owner, title="Intro", template_key="intro_lbc"
    )
    services.start_session(session=session, actor=owner)
    services.next_item(session=session, actor=owner)
    services.next_item(session=session, actor=owner)
    session.refresh_from_db()
    services.open_item(item=session.current_item, actor=owner)
    code_page = client.get(reverse("join:start") + "?lang=es").content.decode()
    assert 'lang="es"' in code_page
    assert "Código de la sesión" in code_page
    sign_in = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "Su nombre" in sign_in
    _join(client, session, name="Lucía", language="es")
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert 'lang="es"' in page
    assert "Elija hasta 6 opciones" in page  # Poll 1 takes several emojis
    assert "Sesión de Lucía" in page


def test_browser_language_picks_spanish_and_links_switch_back(cast):
    _session, _items = build_every_kind(cast.initiative, cast.users["owner"])
    client = Client(HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert "Únase a una sesión en vivo" in client.get(reverse("join:start")).content.decode()
    english = client.get(reverse("join:start") + "?lang=en").content.decode()
    assert "Join a live session" in english


def test_breakout_notes_save_and_conflict_without_javascript(client, cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    item = items["breakout"]
    _join(client, session)
    services.go_to_item(session=session, item=item, actor=owner)
    services.form_breakouts(item=item, mode="random", group_count=1, actor=owner)
    group = BreakoutGroup.objects.get(item=item)
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "Your group: Group 1" in page
    assert "Who else should be here?" in page
    url = reverse("join:notes", args=[session.join_code])
    client.post(url, {"group": group.pk, "notes": "Invite the clinics", "base_version": 0})
    group.refresh_from_db()
    assert group.notes == "Invite the clinics"
    assert group.notes_version == 1
    stale = client.post(
        url, {"group": group.pk, "notes": "Overwrite", "base_version": 0}, follow=True
    )
    assert "saved first" in stale.content.decode()
    group.refresh_from_db()
    assert group.notes == "Invite the clinics"


def test_ended_session_says_so(client, cast):
    owner = cast.users["owner"]
    session, _items = build_every_kind(cast.initiative, owner)
    services.end_session(session=session, actor=owner)
    page = client.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "This session has ended" in page


def test_plain_form_answers_are_throttled_per_participant(client, cast, monkeypatch):
    from convener.live.views import join

    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    item = items["single"]
    services.go_to_item(session=session, item=item, actor=owner)
    _join(client, session)
    monkeypatch.setattr(join, "ANSWERS_PER_MINUTE", 2)
    url = reverse("join:answer", args=[session.join_code])
    for choice in ("a", "b"):
        client.post(url, {"item": item.pk, "choice": choice})
    response = client.post(url, {"item": item.pk, "choice": "c"}, follow=True)
    assert "Too many answers in a minute" in response.content.decode()
    assert Vote.objects.get(item=item).value == "b"
    # Someone else in the same venue (same address) is not held back.
    other = Client()
    _join(other, session, name="Sam")
    other.post(url, {"item": item.pk, "choice": "c"})
    assert Vote.objects.filter(item=item).count() == 2
