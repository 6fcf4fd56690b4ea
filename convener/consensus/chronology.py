"""What the consensus app adds to the chronology: each recorded decision.

``register()`` is called once from ConsensusConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _

from convener.consensus.models import Decision
from convener.consensus.selectors import decision_url
from convener.core.timeline import TimelineEntry, register_source
from convener.core.translated import shown
from convener.initiatives.models import Initiative

HABIT = "coalescing"  # decision making through consensus is a Coalescing rubric row


def decision_entries(
    initiative: Initiative, start: dt.date | None, end: dt.date | None
) -> Iterator[TimelineEntry]:
    """Yield each decision on the day it was made, with the perspectives that took part."""
    found = Decision.objects.filter(initiative=initiative).select_related("initiative")
    if start is not None:
        found = found.filter(decided_on__gte=start)
    if end is not None:
        found = found.filter(decided_on__lte=end)
    for decision in found.order_by("decided_on", "id"):
        keys = tuple(
            str(g["key"])
            for g in decision.participation
            if g.get("key") and not g.get("suppressed") and g.get("count")
        )
        yield TimelineEntry(
            occurred_on=decision.decided_on,
            kind="decision",
            title=_("Decision: %(title)s — %(outcome)s")
            % {"title": decision.title, "outcome": decision.get_outcome_display()},
            habit=HABIT,
            perspective_keys=keys,
            detail=shown(decision, "statement"),
            url=decision_url(decision),
        )


def register() -> None:
    """Register the decision source (idempotent)."""
    register_source("decisions", decision_entries)
