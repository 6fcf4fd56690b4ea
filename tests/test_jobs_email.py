"""Survey invitations and reminders (measuring) go out through each job queue's worker.

Here rather than in convener/core/tests: core may not import the apps that use its queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
import redis
from django.core import mail
from django.core.management import call_command

from convener.core.models import Job
from convener.core.tests.redis_server import redis_server
from convener.measuring import services
from convener.measuring.tests.collect_fixtures import make_stakeholder, open_round

pytestmark = pytest.mark.django_db(transaction=True)


def _work() -> None:
    call_command("worker", "--burst", stdout=StringIO(), stderr=StringIO())


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


def test_invitations_and_reminders_go_out_through_the_database_worker(settings, cast):
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "database"
    for name in ("Ana One", "Ben Two"):
        make_stakeholder(cast.initiative, name)
    round = open_round(cast.initiative)
    services.request_invitations(round=round, actor=None, base_url="https://x.test")
    assert mail.outbox == []  # queued, not sent
    assert Job.objects.get().task == "convener.measuring.services.send_invitations"
    _work()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana.one@example.org", "ben.two@example.org"]
    mail.outbox.clear()
    services.request_reminders(round=round, actor=None)
    _work()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana.one@example.org", "ben.two@example.org"]
    assert not Job.objects.exists()


def test_invitations_go_out_through_the_redis_worker(settings, cast, redis_url):
    settings.JOBS_EAGER = False
    settings.JOBS_BACKEND = "redis"
    settings.REDIS_URL = redis_url
    settings.JOBS_REDIS_PREFIX = "test:jobs:email"
    make_stakeholder(cast.initiative, "Ana One")
    round = open_round(cast.initiative)
    services.request_invitations(round=round, actor=None, base_url="https://x.test")
    assert mail.outbox == []
    assert redis.Redis.from_url(redis_url).llen("test:jobs:email:queue") == 1
    _work()
    assert [m.to[0] for m in mail.outbox] == ["ana.one@example.org"]
    assert "https://x.test/r/" in mail.outbox[0].body
