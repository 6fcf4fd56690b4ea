"""Signed-in sessions end after inactivity and after their absolute lifetime."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from convener.core.security import SEEN, STARTED, session_expired
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in() -> Client:
    user = UserFactory(email="person@example.org")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _age(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "seen": SEEN}[key]] = now - ago
    session.save()


def test_signing_in_starts_both_clocks():
    client = _signed_in()
    session = client.session
    assert abs(session[STARTED] - time.time()) < 5
    assert abs(session[SEEN] - time.time()) < 5


def test_an_active_session_within_its_limits_stays_signed_in(settings):
    client = _signed_in()
    _age(client, started=settings.SESSION_ABSOLUTE_LIFETIME - 60, seen=120)
    assert client.get(reverse("initiatives:list")).status_code == 200
    assert abs(client.session[SEEN] - time.time()) < 5  # activity moved the idle clock


def test_an_idle_session_is_signed_out(settings):
    client = _signed_in()
    _age(client, started=settings.SESSION_IDLE_TIMEOUT + 10, seen=settings.SESSION_IDLE_TIMEOUT + 5)
    response = client.get(reverse("initiatives:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    login_page = client.get(response["Location"])
    assert "signed out after a period without activity" in login_page.content.decode()
    assert client.get(reverse("initiatives:list")).status_code == 302  # stays signed out


def test_a_session_past_its_absolute_lifetime_is_signed_out_even_if_active(settings):
    client = _signed_in()
    _age(client, started=settings.SESSION_ABSOLUTE_LIFETIME + 5, seen=1)
    response = client.get(reverse("initiatives:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_limits_come_from_settings(settings):
    settings.SESSION_IDLE_TIMEOUT = 100
    settings.SESSION_ABSOLUTE_LIFETIME = 1000
    now = 10_000.0
    assert session_expired({STARTED: now - 50, SEEN: now - 50}, now) == ""
    assert session_expired({STARTED: now - 500, SEEN: now - 101}, now) == "idle"
    assert session_expired({STARTED: now - 1001, SEEN: now}, now) == "lifetime"
    assert session_expired({}, now) == ""
