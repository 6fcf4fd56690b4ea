"""Read-side queries other apps may rely on: the decision log.

``decision_log`` is the contract with the reports and rubric-round evidence: keep its name and
the shape of ``DecisionSummary``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from convener.consensus.models import Decision
from convener.core.translated import shown
from convener.initiatives.models import Initiative


@dataclass(frozen=True)
class DecisionSummary:
    """One recorded decision, as evidence. ``by_perspective`` leaves out suppressed groups."""

    title: str
    outcome: str  # the outcome statement
    decided_on: dt.date
    participants: int
    by_perspective: dict[str, int] = field(default_factory=dict)
    serves_label: str = ""
    url: str = ""


def decisions(
    initiative: Initiative,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    serves_ref: str = "",
) -> QuerySet[Decision]:
    """Return the initiative's decisions, newest first, optionally by date and rubric row."""
    found = Decision.objects.filter(initiative=initiative).select_related("initiative")
    if since is not None:
        found = found.filter(decided_on__gte=since)
    if until is not None:
        found = found.filter(decided_on__lte=until)
    if serves_ref:
        found = found.filter(serves_ref=serves_ref)
    return found.order_by("-decided_on", "-id")


def decision_url(decision: Decision) -> str:
    return (
        reverse(
            "consensus:proposal_detail",
            kwargs={"slug": decision.initiative.slug, "proposal_id": decision.proposal_id},
        )
        + "#decision"
    )


def summary(decision: Decision) -> DecisionSummary:
    return DecisionSummary(
        title=decision.title,
        outcome=shown(decision, "statement"),  # in the active language, else English
        decided_on=decision.decided_on,
        participants=decision.participants,
        by_perspective={
            str(g["label"]): int(g["count"])
            for g in decision.participation
            if not g.get("suppressed") and g.get("count") is not None
        },
        serves_label=decision.serves_label,
        url=decision_url(decision),
    )


def decision_log(
    initiative: Initiative, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[DecisionSummary]:
    """Return the initiative's recorded decisions between ``since`` and ``until``, newest first."""
    return [summary(d) for d in decisions(initiative, since=since, until=until)]
