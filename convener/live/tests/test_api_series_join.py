"""Joining a training series' session through the API returns the person's series page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from convener.core.tokens import hash_token
from convener.live import services
from convener.live.models import LiveSession
from convener.live.series_models import SeriesMember, SeriesSession
from convener.live.tests.test_series import make_series

pytestmark = pytest.mark.django_db


def _join(session: LiveSession, **extra) -> dict:
    response = Client().post(
        "/api/v1/live/join",
        json.dumps({"code": session.join_code, "name": "Ana", **extra}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def _sessions(made) -> list[LiveSession]:
    return [link.session for link in SeriesSession.objects.filter(series=made).order_by("position")]


def test_joining_a_series_session_returns_the_series_page_and_a_secret_to_keep(cast):
    made = make_series(cast)
    first, second = _sessions(made)
    services.start_session(session=first, actor=cast.users["owner"])
    joined = _join(first, language="es")
    series = joined["series"]
    assert series["title"] == "Cohorte 1"  # in the language asked for
    assert series["url"] == f"http://testserver/live/series/{series['secret']}/"
    assert series["growth_offered"] is True  # two sessions ask for self-ratings
    # Only the secret's digest is kept; the page it opens is this person's.
    member = SeriesMember.objects.get(series=made)
    assert member.token_hash == hash_token(series["secret"])
    page = Client().get(series["url"])
    assert page.status_code == 200
    assert "Cohort 1" in page.text
    # The next session, joined with the secret: the same person, the same page.
    services.start_session(session=second, actor=cast.users["owner"])
    again = _join(second, series_secret=series["secret"])
    assert again["series"]["secret"] == series["secret"]
    assert again["series"]["url"] == series["url"]
    assert again["series"]["title"] == "Cohort 1"
    assert SeriesMember.objects.filter(series=made).count() == 1


def test_a_secret_of_another_series_or_none_makes_a_new_member(cast):
    made, other = make_series(cast, sessions=1), make_series(cast, sessions=1)
    (session,) = _sessions(made)
    (elsewhere,) = _sessions(other)
    services.start_session(session=elsewhere, actor=cast.users["owner"])
    foreign = _join(elsewhere)["series"]["secret"]
    services.start_session(session=session, actor=cast.users["owner"])
    joined = _join(session, series_secret=foreign)["series"]
    assert joined["secret"] != foreign
    assert SeriesMember.objects.filter(series=made).count() == 1
    assert _join(session, series_secret="not-a-secret")["series"]["secret"] not in (
        foreign,
        joined["secret"],
    )


def test_growth_is_offered_only_when_two_sessions_ask_for_self_ratings(cast):
    made = make_series(cast, sessions=1)
    (session,) = _sessions(made)
    services.start_session(session=session, actor=cast.users["owner"])
    assert _join(session)["series"]["growth_offered"] is False


def test_a_session_outside_a_series_returns_no_series(cast):
    alone = LiveSession.objects.create(
        initiative=cast.initiative, title="Alone", join_code="ALONE2"
    )
    services.start_session(session=alone, actor=cast.users["owner"])
    assert _join(alone)["series"] is None


def test_the_openapi_document_describes_the_series_a_join_returns():
    # Read as a client does (importing convener.api would reach apps to the right of live).
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "series" in schemas["JoinOut"]["properties"]
    assert "series_secret" in schemas["JoinIn"]["properties"]
    assert set(schemas["SeriesJoinOut"]["required"]) == {"title", "url", "secret", "growth_offered"}
