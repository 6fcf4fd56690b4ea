"""Load what the participation analytics need from the database, for the whole or a subset.

Two queries: the perspective taxonomy, and the stakeholders (one ``values()`` query with the
perspective and organization joined). The maths lives in ``convener.stakeholders.analytics``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count

from convener.initiatives.models import Initiative, Perspective, target_total_problem
from convener.initiatives.services import TargetsError, update_perspective
from convener.stakeholders.analytics import (
    ParticipationReport,
    PerspectiveTarget,
    StakeholderFacts,
    analyse,
)
from convener.stakeholders.models import CIRCLE_ORDER, CircleMove, Stakeholder

_FACT_FIELDS = (
    "id",
    "name",
    "kind",
    "circle",
    "side",
    "power",
    "stance",
    "scale",
    "concern_interest",
    "concern_affected",
    "concern_can_affect",
    "organization_id",
    "organization__name",
    "perspective__key",
    "perspective__label",
    "perspective__is_family_youth",
)


@dataclass(frozen=True)
class Subset:
    """Which stakeholders to read: everyone, or one circle, tag or perspective ("" = any)."""

    circle: str = ""
    tag: str = ""
    perspective: str = ""

    @property
    def is_whole(self) -> bool:
        return not (self.circle or self.tag or self.perspective)


def taxonomy(initiative: Initiative) -> list[PerspectiveTarget]:
    """Return the initiative's perspectives in display order, with their targets."""
    return [
        PerspectiveTarget(
            key=p.key,
            label=p.label,
            is_family_youth=p.is_family_youth,
            target_percent=p.target_percent,
        )
        for p in initiative.perspectives.all()
    ]


def load_facts(
    initiative: Initiative, subset: Subset = Subset()
) -> tuple[list[StakeholderFacts], dict[int, str]]:
    """Return the facts of the active stakeholders in ``subset``, and organization names."""
    rows = Stakeholder.objects.active().filter(initiative=initiative)
    if subset.circle:
        rows = rows.filter(circle=subset.circle)
    if subset.perspective:
        rows = rows.filter(perspective__key=subset.perspective)
    if subset.tag:
        rows = rows.filter(tags__name=subset.tag).distinct()
    # Read raw rows: at 10,000 stakeholders, the ORM's per-value converters cost more than the
    # query itself. Booleans arrive as 0/1 on SQLite, hence bool().
    sql, params = rows.order_by("name", "id").values_list(*_FACT_FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    facts, organizations = [], {}
    for (
        pk,
        name,
        kind,
        circle,
        side,
        power,
        stance,
        scale,
        interest,
        affected,
        can_affect,
        organization_id,
        organization_name,
        perspective_key,
        perspective_label,
        family_youth,
    ) in found:
        facts.append(
            StakeholderFacts(
                perspective_key=perspective_key or "",
                perspective_label=perspective_label or "",
                is_family_youth=bool(family_youth),
                circle=circle,
                side=side,
                power=power,
                stance=stance,
                scale=scale,
                interest=bool(interest),
                affected=bool(affected),
                can_affect=bool(can_affect),
                organization_id=organization_id,
                kind=kind,
                id=pk,
                name=name,
            )
        )
        if organization_id is not None:
            organizations[organization_id] = organization_name or ""
    return facts, organizations


def participation_report(
    *, initiative: Initiative, subset: Subset = Subset()
) -> ParticipationReport:
    """Return the participation analytics for ``initiative``, or for one subset of it."""
    facts, organizations = load_facts(initiative, subset)
    return analyse(facts, taxonomy(initiative), organizations, about_circles=not subset.circle)


def circle_members(
    initiative: Initiative, *, limit: int | None = 100, search: str = ""
) -> dict[str, list[Stakeholder]]:
    """Return up to ``limit`` (None: all) active stakeholders per circle ("" = not placed).

    With ``search``, only those whose name contains it (ignoring case).
    """
    members: dict[str, list[Stakeholder]] = {c: [] for c in (*CIRCLE_ORDER, "")}
    rows = (
        Stakeholder.objects.active()
        .filter(initiative=initiative)
        .select_related("perspective", "organization")
        .order_by("name", "id")
    )
    if search:
        rows = rows.filter(name__icontains=search)
    for circle in members:
        members[circle] = list(rows.filter(circle=circle)[:limit])
    return members


def circle_totals(initiative: Initiative) -> dict[str, int]:
    """Return how many active stakeholders each circle holds ("" = not placed)."""
    found = (
        Stakeholder.objects.active()
        .filter(initiative=initiative)
        .values("circle")
        .annotate(n=Count("id"))
    )
    totals = {c: 0 for c in (*CIRCLE_ORDER, "")}
    totals.update({row["circle"]: row["n"] for row in found})
    return totals


def recent_moves(initiative: Initiative, *, limit: int = 20) -> list[CircleMove]:
    """Return the latest circle moves in ``initiative``, newest first."""
    return list(
        CircleMove.objects.filter(
            stakeholder__initiative=initiative, stakeholder__erased_at__isnull=True
        ).select_related("stakeholder", "moved_by")[:limit]
    )


def tag_names(initiative: Initiative) -> list[str]:
    return list(initiative.tags.order_by("name").values_list("name", flat=True))


@transaction.atomic
def set_targets(*, perspectives: Sequence[Perspective], targets: dict[int, int | None]) -> int:
    """Set each perspective's target share (percent, or None); return how many changed.

    The whole new set is checked at once (one at a time, a swap of 60/40 to 40/60 would pass
    through an impossible 40/40).
    """
    problem = target_total_problem([targets.get(p.pk) for p in perspectives])
    if problem:
        raise TargetsError(problem)
    changed = 0
    for p in perspectives:
        value = targets.get(p.pk)
        if p.target_percent != value:
            update_perspective(
                perspective=p,
                label=p.label,
                is_family_youth=p.is_family_youth,
                target_percent=value,
                check_targets=False,
            )
            changed += 1
    return changed
