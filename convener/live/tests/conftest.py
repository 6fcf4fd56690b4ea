"""Fixtures for live-session tests: a running session with a few items and participants."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from convener.live import services
from convener.live.models import Item, LiveSession, Participant

OPTIONS = [{"key": k, "label": k.title()} for k in ("yes", "no", "maybe")]


@dataclass
class Room:
    session: LiveSession
    poll: Item
    people: list[Participant]
    tokens: list[str]


def make_room(initiative, actor, *, people: int = 4) -> Room:
    session = services.create_session(initiative=initiative, actor=actor, title="Room")
    poll = services.add_item(
        session=session, kind="single", prompt="Ready?", config={"options": OPTIONS}, actor=actor
    )
    services.start_session(session=session, actor=actor)
    perspectives = list(initiative.perspectives.all())
    joined, tokens = [], []
    for n in range(people):
        participant, token = services.join(
            session=session,
            display_name=f"Person {n}",
            perspective=perspectives[n % 2] if perspectives else None,
        )
        joined.append(participant)
        tokens.append(token)
    services.open_item(item=poll, actor=actor)
    poll.refresh_from_db()
    session.refresh_from_db()
    return Room(session=session, poll=poll, people=joined, tokens=tokens)


@pytest.fixture
def room(cast) -> Room:
    return make_room(cast.initiative, cast.users["owner"])


@pytest.fixture(scope="session", autouse=True)
def _close_live_connections(django_db_setup):
    """Close the connections live tests leave open, before the test database is dropped.

    asgiref's shared sync thread and the vote writer thread outlive every test: PostgreSQL
    refuses to drop a database that still has sessions.
    """
    yield
    from django.db import connections

    from convener.live.batching import WRITER
    from convener.live.tests.filedb import close_sync_thread_connections

    WRITER.submit(connections.close_all).result(10)
    close_sync_thread_connections()
