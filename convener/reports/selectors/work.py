"""The activity mix, the engagement ladder and the rubric rounds of the report's period."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.activities import ladder_rules, quadrants
from convener.activities.forms import quadrant_labels
from convener.activities.models import (
    Activity,
    ActivityKind,
    Direction,
)
from convener.activities.selectors.ladder_overview import EMPTY, ladder_overview
from convener.activities.views.ladder import level_labels
from convener.framework.packs.content import localize
from convener.initiatives.models import Initiative
from convener.measuring import aggregation as agg
from convener.measuring import selectors as measuring
from convener.measuring.intervals import Change
from convener.measuring.models import Response, RoundKind
from convener.reports import summaries as s
from convener.reports.figures import (
    ActivitiesSection,
    GroupRow,
    LadderRow,
    QuadrantRow,
    RoundRow,
    RoundsSection,
    ShiftRow,
    Tally,
)
from convener.reports.selectors._common import depth_level_names, in_period, tallies
from convener.stakeholders import analytics


def activities_section(
    *,
    initiative: Initiative,
    period: s.Period,
    taxonomy: list[analytics.PerspectiveTarget],
    threshold: int,
) -> ActivitiesSection:
    """Return the period's activity mix, quadrants, intended depths and the engagement ladder."""
    rows = list(
        Activity.objects.filter(initiative=initiative, **in_period("starts_on", period))
        .order_by("starts_on", "id")
        .values(
            "id",
            "title",
            "starts_on",
            "kind",
            "custom_kind",
            "formality",
            "learning",
            "direction",
            "intended_depth",
        )
    )
    kind_names = dict(ActivityKind.choices)
    kinds = Counter(
        (r["custom_kind"] or str(kind_names["custom"]))
        if r["kind"] == ActivityKind.CUSTOM
        else str(kind_names.get(r["kind"], r["kind"]))
        for r in rows
    )
    points = [
        quadrants.Point(
            id=r["id"],
            title=r["title"],
            starts_on=r["starts_on"],
            formality=r["formality"],
            learning=r["learning"],
            direction=r["direction"],
        )
        for r in rows
    ]
    shares, unplaced = quadrants.shares(points)
    q_labels = quadrant_labels()
    top = quadrants.dominant(shares)
    depth_names = depth_level_names()
    depth_keys = [k for k, _n in depth_names]
    depths = Counter(r["intended_depth"] for r in rows)
    deeper = sum(depths.get(k, 0) for k in depth_keys[agg.collaborating_index(depth_keys) :])
    directions = tallies((r["direction"] for r in rows), Direction.choices)
    two_way = next(t.count for t in directions if t.key == Direction.TWO_WAY)
    overview = ladder_overview(initiative=initiative, on=period.until)
    everyone = overview.everyone.distribution()
    conversion = overview.everyone.conversion
    names = level_labels()
    groups = [(p.key, p.label, overview.groups.get(p.key, EMPTY).size) for p in taxonomy]
    groups.append(("", _("No perspective recorded"), overview.groups.get("", EMPTY).size))
    ladder_rows = []
    for cell in s.suppress(groups, threshold):
        if cell.count == 0:
            continue
        if cell.suppressed:
            ladder_rows.append(LadderRow(cell.key, cell.label, True, None, None))
            continue
        dist = overview.groups.get(cell.key, EMPTY).distribution(cell.key)
        ladder_rows.append(LadderRow(cell.key, cell.label, False, dist.total, dist.counts))
    return ActivitiesSection(
        summary=s.activities_summary(
            len(rows),
            q_labels[top.key] if top else None,
            top.share if top else None,
            two_way,
            deeper,
        ),
        total=len(rows),
        kinds=tuple(Tally(k, k, n) for k, n in kinds.most_common()),
        quadrants=tuple(
            QuadrantRow(q.key, q_labels[q.key], q.count, s.percent(q.share) or 0) for q in shares
        ),
        unplaced=unplaced,
        directions=directions,
        depths=(
            *(Tally(k, name, depths.get(k, 0)) for k, name in depth_names),
            Tally("", _("Not set"), sum(n for k, n in depths.items() if k not in depth_keys)),
        ),
        ladder_summary=s.ladder_summary(
            everyone.took_part, everyone.past_participant, conversion.partners
        ),
        ladder_on=overview.on,
        levels=tuple(
            Tally(level.key, names[level], everyone.counts[level]) for level in ladder_rules.LEVELS
        ),
        ladder_rows=tuple(ladder_rows),
    )


def _row_titles(rounds: Sequence[Any]) -> dict[str, str]:
    language = get_language()
    titles: dict[str, str] = {}
    for rnd in rounds:
        for row in rnd.instrument.rows:
            titles.setdefault(row["key"], localize(row.get("title") or row["key"], language))
    return titles


def _round_day(rnd: Any) -> dt.date:
    moment = measuring.round_date(rnd)
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def rounds_section(*, initiative: Initiative, period: s.Period, threshold: int) -> RoundsSection:
    """Return the period's rounds, their shifts between rounds, the latest by perspective."""
    chosen = [r for r in measuring.initiative_rounds(initiative) if period.holds(_round_day(r))]
    ids = [r.pk for r in chosen]
    counts = measuring.counts_for_rounds(ids)
    respondents = dict(
        Response.objects.filter(round_id__in=ids, submitted_at__isnull=False)
        .values_list("round_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Each round's rows below the larger of the report's and the round's threshold are hidden:
    # the whole round's figures as well as each group's.
    limits = {r.pk: max(threshold, agg.clamp_threshold(r.suppression_threshold)[0]) for r in chosen}
    results = {
        r.pk: agg.protect_rows(agg.row_results(counts[r.pk], r.instrument.row_keys), limits[r.pk])
        for r in chosen
    }
    kinds = dict(RoundKind.choices)
    rows = tuple(
        RoundRow(
            id=r.pk,
            name=r.name,
            kind=r.kind,
            kind_label=str(kinds.get(r.kind, r.kind)),
            held_on=_round_day(r),
            respondents=respondents.get(r.pk, 0),
            deeper=agg.pooled_deeper_share(results[r.pk]),
            limit=limits[r.pk],
        )
        for r in chosen
    )
    with_figures = {r.pk for r in chosen if agg.pooled_deeper_share(results[r.pk]) is not None}
    compared = [r for r in chosen if r.kind == RoundKind.STAKEHOLDERS and r.pk in with_figures]
    titles = _row_titles(chosen)
    shift_rows: list[ShiftRow] = []
    overall: list[tuple[str, Change | None]] = []
    if compared:
        keys = compared[-1].instrument.row_keys
        per_round = [
            {
                row.key: row
                for row in agg.protect_rows(agg.row_results(counts[r.pk], keys), limits[r.pk])
            }
            for r in compared
        ]
        for key in keys:
            title = titles.get(key, key)
            steps = tuple(
                agg.compare_rows(before[key], after[key]).shift
                for before, after in itertools.pairwise(per_round)
            )
            means = tuple(rr[key].mean_position for rr in per_round)
            shift_rows.append(ShiftRow(key, title, means, steps))
            if len(per_round) > 1:
                overall.append(
                    (title, agg.compare_rows(per_round[0][key], per_round[-1][key]).deeper_change)
                )
    by_perspective: list[GroupRow] = []
    latest_name = ""
    if compared:
        latest = compared[-1]
        latest_name = latest.name
        limit = max(threshold, latest.suppression_threshold)
        group_counts = measuring.group_counts(latest.pk, "perspective")
        groups, _public = measuring.groups_for(
            initiative, "perspective", {g for g, _r, _l in group_counts}
        )
        sub = agg.subgroup_results(group_counts, latest.instrument.row_keys, groups, limit)
        for index, group in enumerate(groups):
            # Each shown row may be published on its own, so pooling them hides nothing new.
            shown = [c.result for row in sub.rows if (c := row.groups[index]).result]
            pooled = agg.pooled_deeper_share(shown) if shown else None
            by_perspective.append(
                GroupRow(group.label, not shown, pooled, len(shown), len(sub.rows))
            )
    return RoundsSection(
        summary=s.rounds_summary(
            [s.RoundFigure(r.name, r.deeper) for r in rows if r.kind == RoundKind.STAKEHOLDERS]
            or [s.RoundFigure(r.name, r.deeper) for r in rows],
            overall,
        ),
        rounds=rows,
        compared=tuple(r.name for r in compared),
        shifts=tuple(shift_rows),
        level_names=tuple(name for _k, name in depth_level_names()),
        latest=latest_name,
        by_perspective=tuple(by_perspective),
        threshold=threshold,
    )
