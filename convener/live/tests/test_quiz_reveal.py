"""Issue 16, break 3: a quiz closes before it reveals, and nobody can answer after seeing it."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from convener.live import services
from convener.live.kinds import InvalidVote
from convener.live.models import ItemStatus, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(cast):
    """A live true/false item, open, with an English and a Spanish participant."""
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="Quiz")
    item = services.add_item(
        session=session,
        kind="true_false",
        prompt="Convening starts with a shared problem.",
        config={"answer": True},
        actor=owner,
    )
    services.start_session(session=session, actor=owner)
    services.open_item(item=item, actor=owner)
    ana, ana_token = services.join(session=session, display_name="Ana")
    lucia, lucia_token = services.join(session=session, display_name="Lucía", language="es")
    item.refresh_from_db()
    return {
        "owner": owner,
        "session": session,
        "item": item,
        "ana": ana,
        "lucia": lucia,
        "tokens": {"ana": ana_token, "lucia": lucia_token},
    }


def _reveal(quiz) -> None:
    services.cast_vote(item=quiz["item"], participant=quiz["ana"], value=True)
    services.cast_vote(item=quiz["item"], participant=quiz["lucia"], value=False)
    services.reveal_results(item=quiz["item"], actor=quiz["owner"])
    quiz["item"].refresh_from_db()


def test_revealing_a_quiz_closes_it_and_shows_the_key(quiz):
    _reveal(quiz)
    item = quiz["item"]
    assert item.status == ItemStatus.CLOSED
    assert item.closed_at is not None
    assert item.revealed
    assert item.key_revealed


def test_a_changed_answer_after_reveal_is_refused_and_the_score_stays(quiz):
    _reveal(quiz)
    item = quiz["item"]
    with pytest.raises(InvalidVote, match="right answer has been shown") as refused:
        services.cast_vote(item=item, participant=quiz["lucia"], value=True)
    assert refused.value.code == "closed"
    vote = Vote.objects.get(item=item, participant=quiz["lucia"])
    assert vote.value is False
    assert vote.score == 0


def test_a_revealed_quiz_cannot_be_opened_again_even_after_hiding(quiz):
    _reveal(quiz)
    item = quiz["item"]
    services.hide_results(item=item, actor=quiz["owner"])
    item.refresh_from_db()
    with pytest.raises(services.LiveError, match="cannot take answers again"):
        services.open_item(item=item, actor=quiz["owner"])
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED
    with pytest.raises(InvalidVote):
        services.cast_vote(item=item, participant=quiz["lucia"], value=True)


def test_a_vote_through_the_api_after_reveal_is_refused_in_spanish(quiz):
    _reveal(quiz)
    url = f"/api/v1/live/items/{quiz['item'].pk}/votes"
    response = Client().post(
        url,
        data=json.dumps({"value": True}),
        content_type="application/json",
        headers={"X-Participant-Token": quiz["tokens"]["lucia"]},
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "closed"
    assert error["message"] == (
        "Ya se mostró la respuesta correcta: las respuestas ya no pueden cambiar."
    )
    assert Vote.objects.get(item=quiz["item"], participant=quiz["lucia"]).value is False


def test_a_plain_form_answer_after_reveal_is_refused_in_spanish(quiz, client):
    item, session = quiz["item"], quiz["session"]
    client.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Rosa", "location": "Tucson", "language": "es"},
    )
    answer = reverse("join:answer", args=[session.join_code])
    client.post(answer, {"item": item.pk, "choice": "false"})
    _reveal(quiz)
    page = client.post(answer, {"item": item.pk, "choice": "true"}, follow=True).content.decode()
    assert "Esta pregunta está cerrada" in page
    rosa = Vote.objects.get(item=item, participant__display_name="Rosa")
    assert rosa.value is False


def test_each_phone_and_the_room_see_the_right_answer_marked(quiz, client):
    item, session = quiz["item"], quiz["session"]
    client.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Rosa", "location": "Tucson", "language": "es"},
    )
    client.post(
        reverse("join:answer", args=[session.join_code]), {"item": item.pk, "choice": "false"}
    )
    _reveal(quiz)
    phone = client.get(reverse("join:current", args=[session.join_code])).content.decode()
    assert "is-correct" in phone
    assert "Respuesta correcta" in phone
    assert "Esta vez no." in phone  # Rosa answered False: she is told she was wrong
    assert "Cambiar mi respuesta" not in phone
    staff = Client()
    staff.force_login(quiz["owner"])
    presenter = staff.get(
        reverse(
            "live:presenter_live",
            kwargs={"slug": session.initiative.slug, "session_id": session.pk},
        )
    ).content.decode()
    assert "live-answer-key" in presenter
    assert "The answer:" in presenter
