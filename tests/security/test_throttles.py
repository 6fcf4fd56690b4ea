"""Class: throttles count across processes (issue 15, finding 7; issue 17, part 2).

Join-code guessing is limited per client, the API and the page answer alike for templates and
ended sessions, and every limit counts in the shared cache, so two worker processes share one
count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from convener.core import throttle
from convener.live import services
from convener.live.models import JOIN_CODE_ALPHABET, LiveSession

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Keep every attempt of a test in one rate window (they roll over each minute)."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: 1_800_000_000)


def _join(client: Client, code: str) -> object:
    return client.post(
        "/api/v1/live/join",
        data=json.dumps({"code": code, "name": "Guesser"}),
        content_type="application/json",
    )


def _code(n: int) -> str:
    """Return a well-formed code no session has (first letters of the join alphabet)."""
    a = JOIN_CODE_ALPHABET
    return "ZZ" + a[n // len(a) % len(a)] + a[n % len(a)] + "ZZ"


def _limit() -> int:
    return int(throttle.LIVE_JOIN_FAILURES_PER_CLIENT.split("/")[0])


def test_guessing_join_codes_through_the_api_is_throttled_per_client(cast):
    """Finding 7: 600 guesses gave 600 404s; now the client is refused past the limit."""
    session = services.create_session(initiative=cast.initiative, actor=None, title="Real")
    guesser, neighbour = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="203.0.113.8")
    answers = [_join(guesser, f"ZZZ{n:03d}").status_code for n in range(_limit() + 5)]

    assert answers[: _limit()] == [404] * _limit()
    assert set(answers[_limit() :]) == {429}
    assert _join(guesser, session.join_code).status_code == 429  # for the rest of the minute
    assert _join(neighbour, session.join_code).status_code == 200  # other clients unaffected


def test_guessing_codes_on_the_join_page_is_throttled_too(cast):
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("join:start")
    codes = [_code(n) for n in range(_limit() + 2)]
    answers = [guesser.post(url, {"code": code}).status_code for code in codes]
    assert answers[: _limit()] == [404] * _limit()
    assert answers[-1] == 429
    assert "Too many codes" in guesser.post(url, {"code": _code(99)}).content.decode()


def test_a_template_session_is_unknown_to_the_api_as_to_the_page(cast):
    template = services.create_session(initiative=cast.initiative, actor=None, title="T")
    LiveSession.objects.filter(pk=template.pk).update(is_template=True)

    api = _join(Client(), template.join_code)
    unknown = _join(Client(), "ZZZ234")
    page = Client().get(reverse("join:session", args=[template.join_code]))

    assert api.status_code == 404
    assert api.json() == unknown.json()  # the answer does not say whether the code exists
    assert page.status_code == 404


def test_an_ended_session_says_so_through_the_api_as_on_the_page(cast):
    session = services.create_session(initiative=cast.initiative, actor=None, title="Done")
    services.start_session(session=session, actor=None)
    services.end_session(session=session, actor=None)

    api = _join(Client(), session.join_code)
    page = Client().get(reverse("join:session", args=[session.join_code]))

    assert api.status_code == 409
    assert "ended" in api.json()["error"]["message"]
    assert "This session has ended" in page.content.decode()


def test_signing_up_is_limited_per_client(db):
    client = Client(REMOTE_ADDR="203.0.113.10")
    limit = int(throttle.SIGNUPS_PER_CLIENT.split("/")[0])
    statuses = []
    for n in range(limit + 1):
        client.logout()
        statuses.append(
            client.post(
                reverse("accounts:signup"),
                {
                    "display_name": f"Person {n}",
                    "email": f"person{n}@example.org",
                    "password1": "correct horse battery staple",
                    "password2": "correct horse battery staple",
                },
            ).status_code
        )
    assert statuses[:limit] == [302] * limit
    assert statuses[-1] == 429


COUNTER = """
import json, sys
import django
django.setup()
from convener.core.throttle import over_limit
# A day's window: a minute's could end between the two processes and start the count afresh.
print(json.dumps([over_limit("two-processes", "one-target", "10/d") for _ in range(6)]))
"""


def test_two_processes_count_against_one_limit(tmp_path):
    """Issue 17 part 2: with a cache per process each would allow 10; together they allow 10."""
    database = tmp_path / "shared.sqlite3"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "convener.settings_test",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
    }
    env.pop("REDIS_URL", None)
    run = [sys.executable, "-m", "convener", "createcachetable"]
    subprocess.run(run, env=env, check=True, cwd=ROOT)
    refused = []
    for _process in range(2):
        done = subprocess.run(
            [sys.executable, "-c", COUNTER],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        refused += json.loads(done.stdout.strip().splitlines()[-1])
    assert refused == [False] * 10 + [True] * 2
    assert settings.CACHES["default"]["BACKEND"].endswith(("DatabaseCache", "RedisCache"))
