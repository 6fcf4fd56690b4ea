"""Reads for the results pages: one GROUP BY per view, turned into plain counts.

Every function here returns plain mappings or the frozen results of ``aggregation``; none
issues a query per row or per group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from convener.initiatives.models import Initiative, Perspective
from convener.measuring import aggregation as agg
from convener.measuring.models import Answer, Response, Round, RoundKind
from convener.stakeholders.models import Circle

GROUPINGS = ("perspective", "circle")
UNSTATED = ""  # the group key of answers without a perspective or circle

# Django writes ``counted=True`` as a bare ``WHERE "counted"``, which SQLite's planner cannot
# match to the (round, counted, row_key, level) index: it then sorts the whole round in a temp
# B-tree (four times slower on a million answers). ``counted IN (1)`` is an equality it can use.
COUNTED = {"counted__in": [True]}


def round_counts(round_id: int) -> dict[tuple[str, str], int]:
    """Return counted answers of a round keyed (row_key, level), in one GROUP BY."""
    rows = (
        Answer.objects.filter(round_id=round_id, **COUNTED)
        .order_by()
        .values_list("row_key", "level")
        .annotate(total=Count("*"))
    )
    return {(row_key, level): total for row_key, level, total in rows}


def group_counts(round_id: int, by: str) -> dict[tuple[str, str, str], int]:
    """Return counted answers keyed (group key, row_key, level), grouped by perspective or circle.

    Perspective groups are keyed by the perspective's id as text; answers without a
    perspective (or circle) go to the ``UNSTATED`` group.
    """
    column = "perspective_id" if by == "perspective" else "circle"
    rows = (
        Answer.objects.filter(round_id=round_id, **COUNTED)
        .order_by()
        .values_list(column, "row_key", "level")
        .annotate(total=Count("*"))
    )
    return {
        ("" if group is None else str(group), row_key, level): total
        for group, row_key, level, total in rows
    }


def groups_for(
    initiative: Initiative, by: str, present: set[str]
) -> tuple[list[agg.Group], dict[str, str]]:
    """Return the groups present in a round, in taxonomy order, and their public keys.

    The second value maps a group's internal key (perspective id) to its stable public key
    (the perspective's taxonomy key, or the circle value).
    """
    groups: list[agg.Group] = []
    public: dict[str, str] = {}
    if by == "perspective":
        for pk, key, label in Perspective.objects.filter(initiative=initiative).values_list(
            "pk", "key", "label"
        ):
            if str(pk) in present:
                groups.append(agg.Group(str(pk), label))
                public[str(pk)] = key
    else:
        for value, circle_label in Circle.choices:
            if value in present:
                groups.append(agg.Group(value, str(circle_label)))
                public[value] = value
    if UNSTATED in present:
        groups.append(agg.Group(UNSTATED, _("Not stated")))
        public[UNSTATED] = UNSTATED
    return groups, public


@dataclass(frozen=True)
class RoundResults:
    """A round's results, with its subgroups when asked for."""

    round: Round
    rows: tuple[agg.RowResult, ...]
    by: str | None = None
    subgroups: agg.SubgroupResults | None = None
    public_keys: dict[str, str] | None = None


def round_results(rnd: Round, by: str | None = None) -> RoundResults:
    """Return the round's row results, and its subgroup results when ``by`` is given.

    Rows with fewer valid answers than the round's threshold come back suppressed, the whole
    round's as well as each group's.
    """
    row_keys = rnd.instrument.row_keys
    rows = protected_rows(rnd, round_counts(rnd.pk), row_keys)
    if by not in GROUPINGS:
        return RoundResults(round=rnd, rows=rows)
    assert by is not None
    counts = group_counts(rnd.pk, by)
    groups, public = groups_for(rnd.initiative, by, {g for g, _r, _l in counts})
    subgroups = agg.subgroup_results(counts, row_keys, groups, rnd.suppression_threshold)
    return RoundResults(round=rnd, rows=rows, by=by, subgroups=subgroups, public_keys=public)


def protected_rows(
    rnd: Round, counts: agg.Counts, row_keys: Sequence[str] | None = None
) -> tuple[agg.RowResult, ...]:
    """Return a round's row results from its counts, rows below its threshold suppressed."""
    keys = rnd.instrument.row_keys if row_keys is None else row_keys
    return agg.protect_rows(agg.row_results(counts, keys), rnd.suppression_threshold)


def counts_for_rounds(round_ids: Sequence[int]) -> dict[int, dict[tuple[str, str], int]]:
    """Return counted answers of several rounds, keyed by round, in one GROUP BY."""
    rows = (
        Answer.objects.filter(round_id__in=list(round_ids), **COUNTED)
        .order_by()
        .values_list("round_id", "row_key", "level")
        .annotate(total=Count("*"))
    )
    out: dict[int, dict[tuple[str, str], int]] = {rid: {} for rid in round_ids}
    for round_id, row_key, level, total in rows:
        out[round_id][(row_key, level)] = total
    return out


def round_date(rnd: Round) -> dt.datetime:
    """Return when a round took place: when it closed, else opened, else was created."""
    return rnd.closes_at or rnd.opens_at or rnd.created_at


def initiative_rounds(initiative: Initiative, kind: str | None = None) -> list[Round]:
    """Return the initiative's rounds, oldest first, with their instruments."""
    rounds = Round.objects.filter(initiative=initiative).select_related("instrument")
    if kind:
        rounds = rounds.filter(kind=kind)
    return sorted(rounds, key=lambda r: (round_date(r), r.pk))


def self_assessment_for(rnd: Round) -> Round | None:
    """Return the team's latest self-assessment sharing rows with ``rnd``, if there is one."""
    if rnd.kind == RoundKind.SELF_ASSESSMENT:
        return None
    keys = set(rnd.instrument.row_keys)
    candidates = [
        r
        for r in initiative_rounds(rnd.initiative, RoundKind.SELF_ASSESSMENT)
        if keys & set(r.instrument.row_keys)
    ]
    return candidates[-1] if candidates else None


def submitted_responses(rnd: Round) -> list[dict[str, object]]:
    """Return the round's submitted responses without anything that names a respondent.

    Each dict has ``perspective`` (label), ``circle`` and ``answers`` (row key → level);
    callers number them. Two queries, whatever the number of responses.
    """
    responses = list(
        Response.objects.filter(round=rnd, submitted_at__isnull=False)
        .order_by("submitted_at", "pk")
        .values_list("pk", "perspective__label", "circle")
    )
    answers: dict[int, dict[str, str]] = {pk: {} for pk, _p, _c in responses}
    for response_id, row_key, level in Answer.objects.filter(round=rnd, **COUNTED).values_list(
        "response_id", "row_key", "level"
    ):
        if response_id in answers:
            answers[response_id][row_key] = level
    return [
        {"perspective": label or "", "circle": circle, "answers": answers[pk]}
        for pk, label, circle in responses
    ]
