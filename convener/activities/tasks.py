"""Background tasks of the activities app (``convener.core.tasks``)."""

from __future__ import annotations

from convener.activities.services import invitations, ladder_summaries
from convener.core.tasks import task


@task()
def rebuild_ladder_summaries() -> int:
    """Move every person's ladder summary to today (nightly, from ``convener daily``)."""
    return ladder_summaries.rebuild_all()


@task()
def send_invitation_reminders() -> int:
    """E-mail the day-before reminders of tomorrow's activities (daily, from ``convener daily``)."""
    return invitations.send_due_reminders()
