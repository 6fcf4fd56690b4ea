"""An empty survey or paper form is not a response (issue 16, break 2)."""

from __future__ import annotations

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.measuring import services
from convener.measuring.models import Answer, CollectionMode, Response
from convener.measuring.tests.collect_fixtures import invite_one, open_round


def test_sending_a_survey_with_nothing_answered_is_refused_and_says_why(cast):
    invited = invite_one(cast.initiative)
    client = Client()
    client.get(f"/r/{invited.token}/")
    sent = client.post("/r/respond/submit/", {})
    assert sent["Location"] == "/r/respond/?empty=1"
    page = client.get(sent["Location"]).content.decode()
    assert "Answer at least one topic before you send your answers" in page
    assert not Response.objects.filter(submitted_at__isnull=False).exists()
    assert client.get("/r/respond/thanks/").status_code == 404


def test_the_refusal_is_in_spanish_for_a_spanish_respondent(cast):
    invited = invite_one(cast.initiative, language="es")
    client = Client()
    client.get(f"/r/{invited.token}/")
    page = client.get(client.post("/r/respond/submit/", {})["Location"]).content.decode()
    assert "Responda al menos un tema antes de enviar sus respuestas" in page


def test_partial_answers_are_kept_and_one_answer_is_enough(cast):
    invited = invite_one(cast.initiative)
    client = Client()
    client.get(f"/r/{invited.token}/")
    client.post("/r/respond/save/", {"level-coalescing.data": "networking"})
    # Submitting with the form's other items empty sends the one saved answer.
    sent = client.post("/r/respond/submit/", {"level-coalescing.data": "networking"})
    assert sent["Location"] == "/r/respond/thanks/"
    answer = Answer.objects.get()
    assert (answer.level, answer.counted) == ("networking", True)


def test_the_service_refuses_to_submit_a_response_without_answers(cast):
    invited = invite_one(cast.initiative)
    response = services.start_response(
        round=invited.round, mode=CollectionMode.ONLINE, link=invited.link
    )
    with pytest.raises(services.CollectionError, match="Answer at least one topic"):
        services.submit_response(response=response)
    response.refresh_from_db()
    assert response.submitted_at is None


def test_a_blank_paper_form_is_refused_and_not_counted(cast):
    rnd = open_round(cast.initiative)
    url = f"/i/{cast.initiative.slug}/measuring/rounds/{rnd.pk}/paper/"
    page = cast.client("member").post(url, {"perspective": ""})
    assert page.status_code == 200
    assert "The form has no answers" in page.content.decode()
    with pytest.raises(services.CollectionError):
        services.enter_paper_response(
            round=rnd, actor=None, perspective=None, answers={"coalescing.data": ""}
        )
    assert not Response.objects.exists()
    assert services.paper_count(rnd) == 0


def test_the_api_refuses_a_blank_paper_form_with_422(cast):
    rnd = open_round(cast.initiative)
    token = ApiToken.issue(user=cast.users["member"], name="t")[1]
    response = Client().post(
        f"/api/v1/rounds/{rnd.pk}/responses",
        {"answers": {}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert "no answers" in response.json()["error"]["message"]
    assert not Response.objects.exists()
