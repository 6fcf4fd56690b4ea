"""Background tasks of the activities app (``convener.core.tasks``)."""

from __future__ import annotations

from convener.core.tasks import task


@task()
def rebuild_ladder_summaries() -> int:
    """Rebuild every person's engagement-ladder summary (nightly; ``convener daily``)."""
    return 0
