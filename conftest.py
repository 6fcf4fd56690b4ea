"""The shared cast of personas every protected view is tested with.

owner, convener, member and viewer are on initiative ``cast.initiative``; the outsider owns
another initiative (``cast.other``) and nothing else; anonymous is not logged in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from convener.accounts.models import User
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from tests.factories import UserFactory, make_initiative

PERSONAS = ("owner", "convener", "member", "viewer", "outsider", "anonymous")


@dataclass
class Cast:
    initiative: Initiative
    other: Initiative
    users: dict[str, User]
    _clients: dict[str, Client] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        """Return a test client logged in as ``persona`` (anonymous: not logged in)."""
        if persona not in self._clients:
            client = Client()
            if persona != "anonymous":
                client.force_login(self.users[persona])
            self._clients[persona] = client
        return self._clients[persona]

    def membership(self, persona: str) -> Membership:
        return Membership.objects.get(initiative=self.initiative, user=self.users[persona])


@pytest.fixture
def cast(db: None) -> Cast:
    users = {
        name: UserFactory(email=f"{name}@example.org", display_name=name.title())
        for name in ("owner", "convener", "member", "viewer", "outsider")
    }
    initiative = make_initiative(owner=users["owner"])
    for persona, role in (
        ("convener", Role.CONVENER),
        ("member", Role.MEMBER),
        ("viewer", Role.VIEWER),
    ):
        Membership.objects.create(initiative=initiative, user=users[persona], role=role)
    other = make_initiative(owner=users["outsider"], title="Another initiative")
    return Cast(initiative=initiative, other=other, users=users)


@pytest.fixture
def owner_client(cast: Cast) -> Client:
    return cast.client("owner")


@pytest.fixture(autouse=True)
def _each_test_starts_in_english() -> Iterator[None]:
    """A view that activates a language (the account page, a Spanish phone) leaves it active in
    the thread; the next test in the same process must not start in Spanish. The same for an
    initiative's time zone (``get_initiative_for`` called outside a request)."""
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open_on_postgresql() -> Iterator[None]:
    """Keep in-process requests from closing the test's database connection (PostgreSQL).

    A request handled by the real WSGI handler (schemathesis calls ``convener.wsgi`` directly)
    ends with Django's ``close_old_connections``, which closes a connection left inside a
    transaction: the test's own. SQLite's in-memory test database ignores ``close()``;
    PostgreSQL's connection really closes and every later query fails. Django's test client
    disconnects the same handler around each of its requests (and connects it again after,
    hence once per test here).
    """
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        yield
        return
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Fixtures through which a test reaches the database (pytest-django refuses any other access;
# ``django_db_setup`` alone, which a session fixture may ask for, gives a test no access).
_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server", "_django_db_helper"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``once`` every test that cannot touch the database (no django_db, no db fixture).

    pytest-django blocks the database for such a test, so it runs the same on SQLite and on
    PostgreSQL: CI runs it once, in the SQLite pass (``make test-postgres`` deselects it).
    The ``subprocess`` suites are left out: their servers and commands use the pass's database.
    """
    for item in items:
        if item.get_closest_marker("django_db") or item.get_closest_marker("subprocess"):
            continue
        if not set(getattr(item, "fixturenames", ())) & _DATABASE_FIXTURES:
            item.add_marker(pytest.mark.once)
