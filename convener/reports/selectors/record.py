"""The decisions, the chronology and the overview of the report's period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convener.activities.views.ladder import kind_labels
from convener.consensus.selectors import decision_log
from convener.core.timeline import build_timeline, group_by_quarter
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from convener.reports import summaries as s
from convener.reports.figures import (
    ChronologyLine,
    ChronologyQuarter,
    ChronologySection,
    DecisionRow,
    DecisionsSection,
    OverviewSection,
    TeamMember,
)
from convener.stakeholders.models import Stakeholder

CHRONOLOGY_LIMIT = 300  # lines listed in a report; the summary still counts them all


def _perspective_cells(value: object, threshold: int) -> tuple[s.Cell, ...]:
    """Return a decision's participants by perspective as a suppressed breakdown."""
    pairs: list[tuple[str, int]] = []
    if isinstance(value, Mapping):
        pairs = [(str(k), int(v)) for k, v in value.items() if isinstance(v, int)]
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            if isinstance(item, Sequence) and len(item) == 2 and isinstance(item[1], int):
                pairs.append((str(item[0]), item[1]))
    return s.suppress([(label, label, n) for label, n in pairs], threshold)


def decisions_section(
    *, initiative: Initiative, period: s.Period, threshold: int
) -> DecisionsSection:
    """Return the decisions of the period from the consensus app's decision log."""
    found = decision_log(initiative, since=period.since, until=period.until)
    rows = tuple(
        DecisionRow(
            title=str(getattr(d, "title", "")),
            outcome=str(getattr(d, "outcome", "") or ""),
            decided_on=getattr(d, "decided_on", None),
            participants=getattr(d, "participants", None),
            by_perspective=_perspective_cells(getattr(d, "by_perspective", None), threshold),
            serves_label=str(getattr(d, "serves_label", "") or ""),
            url=str(getattr(d, "url", "") or ""),
        )
        for d in found
    )
    rows = tuple(sorted(rows, key=lambda r: (r.decided_on or period.since, r.title)))
    people = sum(r.participants or 0 for r in rows)
    latest = rows[-1].title if rows else ""
    return DecisionsSection(s.decisions_summary(len(rows), people, latest), rows)


def chronology_section(*, initiative: Initiative, period: s.Period) -> ChronologySection:
    """Return the period's chronology by quarter; circle moves are counted, not listed."""
    entries = build_timeline(initiative, period.since, period.until)
    labels = kind_labels()
    kinds = Counter(e.kind for e in entries)
    listed = [e for e in entries if e.kind != "circle_move"][:CHRONOLOGY_LIMIT]
    quarters = []
    for year in group_by_quarter(listed):
        for quarter in year.quarters:
            quarters.append(
                ChronologyQuarter(
                    f"{year.year} Q{quarter.quarter}",
                    tuple(
                        ChronologyLine(
                            e.occurred_on, e.kind, labels.get(e.kind, e.kind), e.title, e.detail
                        )
                        for e in quarter.entries
                    ),
                )
            )
    return ChronologySection(
        summary=s.chronology_summary(dict(kinds), labels),
        quarters=tuple(quarters),
        total=len(entries),
        shown=len(listed),
        circle_moves=kinds.get("circle_move", 0),
    )


def overview_section(
    *,
    initiative: Initiative,
    period: s.Period,
    participants: int,
    activities: int,
    rounds: int,
    decisions: int,
) -> OverviewSection:
    """Return the issue, the team, and the period's headline figures."""
    order = {role: i for i, role in enumerate(Role.values)}  # owners first, viewers last
    members = Membership.objects.filter(initiative=initiative).select_related("user")
    team = tuple(
        TeamMember(m.user.display_name or m.user.email, m.get_role_display())
        for m in sorted(members, key=lambda m: (order.get(m.role, 99), m.user.display_name))
    )
    registry = Stakeholder.objects.active().filter(initiative=initiative).count()
    counts = {
        "people": ngettext("%(count)s person took part", "%(count)s people took part", participants)
        % {"count": participants},
        "activities": ngettext("in %(count)s activity", "in %(count)s activities", activities)
        % {"count": activities},
        "rounds": ngettext(
            "%(count)s rubric round was held.", "%(count)s rubric rounds were held.", rounds
        )
        % {"count": rounds},
    }
    summary = _("From %(since)s to %(until)s, %(people)s %(activities)s; %(rounds)s") % {
        "since": date_format(period.since, "DATE_FORMAT"),
        "until": date_format(period.until, "DATE_FORMAT"),
        **counts,
    }
    return OverviewSection(
        summary=summary,
        title=initiative.title,
        issue=initiative.issue,
        practice_problem=initiative.practice_problem,
        start_date=initiative.start_date,
        team=team,
        registry=registry,
        participants=participants,
        activities=activities,
        rounds=rounds,
        decisions=decisions,
    )
