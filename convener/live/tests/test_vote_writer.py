"""Where vote batches are written: one writer thread, whatever thread the votes come from."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest
from django.db import connections, transaction

from convener.live import batching, services
from convener.live.batching import VoteBatcher
from convener.live.models import Item, Vote
from convener.live.tests.conftest import make_room
from convener.live.tests.filedb import close_sync_thread_connections, file_database
from tests.factories import UserFactory, make_initiative

UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture
def before() -> str | None:
    """The permission as the test found it (the browser tests set it for Playwright)."""
    return os.environ.get(UNSAFE)


@pytest.fixture
def room():
    owner = UserFactory()
    return make_room(make_initiative(owner=owner), owner, people=6)


def _votes(room, value: str = "yes") -> list[services.VoteIn]:
    return [
        services.VoteIn(item_id=room.poll.pk, participant_id=p.pk, value=value, client_id=str(n))
        for n, p in enumerate(room.people)
    ]


def _run(coroutine_factory):
    """``asyncio.run`` on a thread of its own; return what the coroutine returned.

    Browser tests leave Playwright's event loop running on the main thread, where
    ``asyncio.run`` refuses to start another.
    """
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine_factory())
        except BaseException as error:  # re-raised on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _cast_all(votes: list[services.VoteIn]) -> tuple[VoteBatcher, list, int]:
    """Submit ``votes`` at once to a fresh batcher on a new event loop; also its thread."""

    async def run() -> tuple[VoteBatcher, list, int]:
        batcher = VoteBatcher()
        outcomes = await asyncio.gather(*(batcher.submit(v) for v in votes))
        return batcher, outcomes, threading.get_ident()

    try:
        return _run(run)
    finally:
        close_sync_thread_connections()  # the database thread's (PostgreSQL) would outlive us
        batching.WRITER.submit(connections.close_all).result(10)  # and the writer's


def _record_threads(monkeypatch) -> list[str]:
    threads: list[str] = []
    real = services.cast_votes

    def recording(batch):
        threads.append(threading.current_thread().name)
        return real(batch)

    monkeypatch.setattr(services, "cast_votes", recording)
    return threads


def _no_orm_on_the_loop(monkeypatch) -> list[str]:
    """Record any attempt to allow the ORM on the event loop (the async-unsafe override)."""
    changed: list[str] = []
    real = os.environ.__class__.__setitem__

    def watching(environ, key, value):
        if key == UNSAFE:
            changed.append(value)
        return real(environ, key, value)

    monkeypatch.setattr(os.environ.__class__, "__setitem__", watching)
    return changed


@pytest.mark.django_db(transaction=True)
def test_batches_are_written_on_the_one_writer_thread_never_on_the_loop(
    room, tmp_path, monkeypatch, before
):
    threads = _record_threads(monkeypatch)
    overrides = _no_orm_on_the_loop(monkeypatch)
    with file_database(tmp_path):
        batcher, outcomes, _loop_thread = _cast_all(_votes(room))
        stored = Vote.objects.filter(item=room.poll).count()
        connections.close_all()
    assert all(o.ok for o in outcomes)
    assert stored == len(room.people)
    assert batcher.batches == 1  # the burst shares one transaction
    assert threads
    assert all(name.startswith("live-votes") for name in threads)
    assert overrides == []  # DJANGO_ALLOW_ASYNC_UNSAFE is never set
    assert os.environ.get(UNSAFE) == before


@pytest.mark.django_db(transaction=True)
def test_a_batch_waits_for_another_writer_and_is_stored(room, tmp_path, monkeypatch):
    """Another writer holds the lock: the writer thread waits its turn, nothing is lost."""
    threads = _record_threads(monkeypatch)
    holding = threading.Event()

    def writer() -> None:
        try:
            with transaction.atomic():  # SQLite: BEGIN IMMEDIATE; PostgreSQL: a row lock
                Item.objects.select_for_update().filter(pk=room.poll.pk).update(prompt="Ready now?")
                holding.set()
                time.sleep(0.4)
        finally:
            connections.close_all()

    with file_database(tmp_path):
        other = threading.Thread(target=writer)
        other.start()
        assert holding.wait(10)
        started = time.monotonic()
        _batcher, outcomes, _loop_thread = _cast_all(_votes(room))
        waited = time.monotonic() - started
        other.join(10)
        stored = Vote.objects.filter(item=room.poll).count()
        prompt = Item.objects.get(pk=room.poll.pk).prompt
        connections.close_all()
    assert all(o.ok for o in outcomes)
    assert stored == len(room.people)
    assert prompt == "Ready now?"  # the other writer's change stands too
    assert waited >= 0.2  # stored only once the other writer let go
    assert all(name.startswith("live-votes") for name in threads)
