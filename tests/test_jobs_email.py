"""Survey invitations and reminders (measuring) go out through the task worker.

Here rather than in convener/core/tests: core may not import the apps that use its tasks.
"""

from __future__ import annotations

import pytest
from django.core import mail

from convener.core.tests.task_worker import queued, run_worker, use_database_tasks
from convener.measuring import services
from convener.measuring.tests.collect_fixtures import make_stakeholder, open_round

pytestmark = pytest.mark.django_db(transaction=True)


def test_invitations_and_reminders_go_out_through_the_database_worker(settings, cast):
    use_database_tasks(settings)
    for name in ("Ana One", "Ben Two"):
        make_stakeholder(cast.initiative, name)
    round = open_round(cast.initiative)
    services.request_invitations(round=round, actor=None, base_url="https://x.test")
    assert mail.outbox == []  # queued, not sent
    assert [path for path, _ in queued()] == ["convener.core.tasks.call_function"]
    assert queued()[0][1]["path"] == "convener.measuring.services.invitations.send_invitations"
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana.one@example.org", "ben.two@example.org"]
    assert "https://x.test/r/" in mail.outbox[0].body
    mail.outbox.clear()
    services.request_reminders(round=round, actor=None)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana.one@example.org", "ben.two@example.org"]
    assert queued() == []
