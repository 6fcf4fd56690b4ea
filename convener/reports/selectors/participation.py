"""The participation balance and the four circles of the report's period."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from convener.activities.models import (
    Attendance,
    EngagementEvent,
)
from convener.initiatives.models import Initiative
from convener.reports import summaries as s
from convener.reports.figures import (
    CirclesSection,
    ParticipationSection,
    PerspectiveRow,
    Tally,
)
from convener.reports.selectors._common import in_period, tallies
from convener.stakeholders import analytics
from convener.stakeholders.models import CircleMove, Power, Side, Stance
from convener.stakeholders.views.participation_charts import CIRCLE_SHORT


def participant_ids(initiative: Initiative, period: s.Period) -> set[int]:
    """Return the stakeholders who attended an activity or engaged in the period."""
    attended = Attendance.objects.filter(
        activity__initiative=initiative, **in_period("activity__starts_on", period)
    ).values_list("stakeholder_id", flat=True)
    engaged = EngagementEvent.objects.filter(
        initiative=initiative, **in_period("occurred_on", period)
    ).values_list("stakeholder_id", flat=True)
    return set(attended) | set(engaged)


PARTICIPATION_FINDINGS = (
    "agency_dominant",
    "dominant",
    "no_critics",
    "affected_without_family_youth",
    "missing_scale",
    "no_authority",
    "no_influence",
)
CIRCLE_FINDINGS = ("nobody_beyond_second_circle", "few_beyond_second_circle")


def participation_section(
    *,
    facts: list[analytics.StakeholderFacts],
    taxonomy: list[analytics.PerspectiveTarget],
    ids: set[int],
    threshold: int,
) -> ParticipationSection:
    """Return the balance of the people who took part (everyone listed when no one did)."""
    took_part = [f for f in facts if f.id in ids and f.kind == analytics.PERSON]
    basis = "period"
    chosen = took_part
    if not took_part:
        basis, chosen = "registry", [f for f in facts if f.kind == analytics.PERSON]
    whom = _("people who took part") if basis == "period" else _("people in the registry")
    result = analytics.analyse(chosen, taxonomy, whom=whom)
    rows = [(p.key, p.label, p.count) for p in result.balance.perspectives]
    rows.append(("", _("No perspective recorded"), result.balance.unassigned))
    cells = s.suppress(rows, threshold)
    targets = {t.key: t for t in taxonomy}
    perspectives = []
    figures = []
    for cell in cells:
        target = targets.get(cell.key)
        fy = bool(target and target.is_family_youth)
        tp = target.target_percent if target else None
        perspectives.append(
            PerspectiveRow(
                key=cell.key,
                label=cell.label,
                count=cell.count,
                percent=s.percent(cell.share),
                target_percent=tp,
                is_family_youth=fy,
                suppressed=cell.suppressed,
                reason=cell.reason,
            )
        )
        if target is not None:
            figures.append(s.PerspectiveFigure(cell, fy, tp))
    if basis == "period":
        summary = s.participation_summary(figures, len(chosen), threshold=threshold)
    else:
        summary = (
            s.participation_summary(figures, 0, threshold=threshold)
            + " "
            + _("The figures below are of everyone in the registry.")
        )
    return ParticipationSection(
        summary=summary,
        basis=basis,
        people=len(chosen),
        threshold=threshold,
        perspectives=tuple(perspectives),
        side=tallies((f.side for f in chosen), Side.choices),
        power=tallies((f.power for f in chosen), Power.choices),
        stance=tallies((f.stance for f in chosen), Stance.choices),
        findings=tuple(f.message for f in result.findings if f.code in PARTICIPATION_FINDINGS),
    )


def circles_section(
    *, initiative: Initiative, facts: list[analytics.StakeholderFacts], period: s.Period
) -> CirclesSection:
    """Return everyone listed per circle now, and the moves into each circle in the period."""
    summary = analytics.circle_summary(facts)
    labels = {c: str(CIRCLE_SHORT[c]) for c in analytics.CIRCLES}
    counts = {c.circle: c.count for c in summary.counts}
    moves = Counter(
        CircleMove.objects.filter(
            stakeholder__initiative=initiative,
            stakeholder__erased_at__isnull=True,
            **in_period("moved_at__date", period),
        )
        .exclude(to_circle="")
        .values_list("to_circle", flat=True)
    )
    findings = analytics.findings(
        circles=summary,
        mix=analytics.balance(facts, []),
        checks=analytics.range_checks(facts),
        people=len(facts),
    )
    return CirclesSection(
        summary=s.circles_summary(counts, summary.unplaced, labels),
        counts=tuple(Tally(c, labels[c], counts[c]) for c in analytics.CIRCLES),
        unplaced=summary.unplaced,
        moves=tuple(Tally(c, labels[c], moves.get(c, 0)) for c in analytics.CIRCLES),
        findings=tuple(f.message for f in findings if f.code in CIRCLE_FINDINGS),
    )
