"""Recount an engagement account's figures straight from the records, for the tests.

Written apart from the selector and the assembly, over the ORM's own relations, so that the
tests compare two countings; the suppression rule is written out again here too.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convener.activities.models import Activity
from convener.consensus.models import Proposal
from convener.initiatives.models import Initiative, Perspective
from convener.measuring.models import Round
from convener.stakeholders.models import Stakeholder

Row = tuple[
    str, int, int, int, int, int
]  # perspective key, people, times, attended, answered, positions


def _key(perspective: Perspective | None) -> str:
    return perspective.key if perspective is not None else ""


def contributions(initiative: Initiative, since: dt.date, until: dt.date, purpose: str):
    """Return (stakeholder id or None, perspective key, how) for each time someone took part."""
    keys = {s.pk: _key(s.perspective) for s in Stakeholder.objects.filter(initiative=initiative)}
    out = []
    for activity in Activity.objects.filter(initiative=initiative, cancelled_at__isnull=True):
        if since <= activity.starts_on <= until and purpose in activity.purposes:
            for a in activity.attendance.all():
                out.append((a.stakeholder_id, keys[a.stakeholder_id], "attended"))
    for rnd in Round.objects.filter(initiative=initiative):
        moment = rnd.closes_at or rnd.opens_at or rnd.created_at
        if since <= timezone.localtime(moment).date() <= until and purpose in rnd.purposes:
            for r in rnd.responses.filter(submitted_at__isnull=False):
                key = _key(r.perspective) or keys.get(r.stakeholder_id, "")
                out.append((r.stakeholder_id, key, "answered"))
    for proposal in Proposal.objects.filter(initiative=initiative):
        decided = getattr(proposal, "decision", None)
        opened = (
            proposal.opens_at and since <= timezone.localtime(proposal.opens_at).date() <= until
        )
        if not (opened or (decided and since <= decided.decided_on <= until)):
            continue
        if purpose in proposal.purposes:
            for p in proposal.positions.filter(revision=proposal.revision):
                key = _key(p.perspective) or keys.get(p.stakeholder_id, "")
                out.append((p.stakeholder_id, key, "position"))
    return out


def rows(initiative: Initiative, since: dt.date, until: dt.date, purpose: str) -> dict[str, Row]:
    found: dict[str, list] = {p.key: [] for p in initiative.perspectives.all()}
    found[""] = []
    for sid, key, how in contributions(initiative, since, until, purpose):
        found.setdefault(key, []).append((sid, how))
    out = {}
    for key, items in found.items():
        named = {sid for sid, _how in items if sid is not None}
        people = len(named) + sum(1 for sid, _how in items if sid is None)
        hows = [how for _sid, how in items]
        out[key] = (
            key,
            people,
            len(items),
            hows.count("attended"),
            hows.count("answered"),
            hows.count("position"),
        )
    return out


def hidden(people: dict[str, int], threshold: int) -> set[str]:
    """Return the groups to hide: 1 to threshold - 1, and the next smallest when only one is."""
    small = {k for k, n in people.items() if 0 < n < threshold}
    if len(small) == 1:
        others = [(n, k) for k, n in people.items() if k not in small and n > 0]
        if others:
            small.add(min(others, key=lambda item: item[0])[1])
    return small
