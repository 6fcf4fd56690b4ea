"""Results pages: the rubric grid, rounds compared, habit summary, indicators, exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from convener.accounts.auth import signed_in_user
from convener.core.charts.axes import line_chart, shift_chart
from convener.core.exports import export_response
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit
from convener.measuring import aggregation as agg
from convener.measuring import selectors
from convener.measuring.indicators import IndicatorPoint, RowError, parse_indicator_csv
from convener.measuring.models import PracticeIndicator, Round, RoundKind

MAX_UPLOAD_BYTES = 1_000_000


def _round_for(request: HttpRequest, slug: str, round_id: int) -> tuple[Access, Round]:
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    rnd = get_object_or_404(
        Round.objects.select_related("instrument", "initiative"),
        pk=round_id,
        initiative=access.initiative,
    )
    return access, rnd


def _levels() -> list[tuple[str, str]]:
    """Return (level key, localized name) in depth order."""
    language = get_language()
    return [(lv.key, localize(lv.name, language)) for lv in active_pack().depth_levels]


def _titles(rounds: list[Round]) -> dict[str, dict[str, str]]:
    """Return each row key's localized title and habit, from the rounds' instruments."""
    language = get_language()
    out: dict[str, dict[str, str]] = {}
    for rnd in rounds:
        for row in rnd.instrument.rows:
            out.setdefault(
                row["key"],
                {
                    "title": localize(row.get("title") or row["key"], language),
                    "habit": row.get("habit", ""),
                },
            )
    return out


def _grid(rows: tuple[agg.RowResult, ...], titles: dict[str, dict[str, str]]) -> list[dict]:
    return [{"result": r, "title": titles.get(r.key, {}).get("title", r.key)} for r in rows]


@login_required
@require_GET
def results(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Show a round's rubric grid, optionally by perspective or circle, and the perception gap."""
    access, rnd = _round_for(request, slug, round_id)
    by = request.GET.get("by", "")
    data = selectors.round_results(rnd, by if by in selectors.GROUPINGS else None)
    titles = _titles([rnd])
    context: dict[str, Any] = {
        "access": access,
        "initiative": access.initiative,
        "round": rnd,
        "levels": _levels(),
        "grid": _grid(data.rows, titles),
        "by": data.by or "",
        "threshold": agg.clamp_threshold(rnd.suppression_threshold)[0],
    }
    if data.subgroups is not None:
        context["clamped"] = data.subgroups.clamped
        context["subgroups"] = [
            {"row": row, "title": titles[row.key]["title"]} for row in data.subgroups.rows
        ]
    team = selectors.self_assessment_for(rnd)
    if team is not None:
        context["team_round"] = team
        context["gaps"] = _gaps(rnd, team, data, titles)
    # Compare with the earlier rounds of the same kind: the baseline and the one before.
    same_kind = selectors.initiative_rounds(access.initiative, rnd.kind)
    earlier = same_kind[: same_kind.index(rnd)] if rnd in same_kind else []
    picks = [*earlier[:1], *earlier[1:][-1:], rnd]
    context["compare_ids"] = ",".join(str(r.pk) for r in picks)
    context["has_others"] = bool(earlier)
    return render(request, "measuring/results_grid.html", context)


def _gaps(
    rnd: Round,
    team: Round,
    data: selectors.RoundResults,
    titles: dict[str, dict[str, str]],
) -> list[dict[str, Any]]:
    """Return the perception-gap rows: the team, everyone, each shown perspective, the rest."""
    by_perspective = (
        data if data.by == "perspective" else selectors.round_results(rnd, "perspective")
    )
    assert by_perspective.subgroups is not None
    totals = {r.key: r for r in data.rows}
    out = []
    for row in agg.perception_gaps(selectors.round_results(team).rows, by_perspective.subgroups):
        shown = [gap for gap in row.gaps if not gap.group.suppressed]
        hidden = [gap.group.label for gap in row.gaps if gap.group.suppressed]
        out.append(
            {
                "row": row,
                "title": titles[row.key]["title"],
                "everyone": totals[row.key],
                "shown": shown,
                "hidden": ", ".join(hidden),
                "span": 2 + len(shown) + (1 if hidden else 0),  # rows under the row's heading
            }
        )
    return out


@login_required
@require_GET
def results_print(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Show the round's grid on a page made for printing."""
    access, rnd = _round_for(request, slug, round_id)
    data = selectors.round_results(rnd)
    return render(
        request,
        "measuring/results_print.html",
        {
            "access": access,
            "initiative": access.initiative,
            "round": rnd,
            "levels": _levels(),
            "grid": _grid(data.rows, _titles([rnd])),
            "threshold": agg.clamp_threshold(rnd.suppression_threshold)[0],
        },
    )


@login_required
@require_GET
def results_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Download aggregates or anonymised responses as CSV or XLSX, and audit the download."""
    access, rnd = _round_for(request, slug, round_id)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    what = "responses" if request.GET.get("what") == "responses" else "aggregates"
    levels = [key for key, _name in _levels()]
    if what == "responses":
        header, rows = _response_table(rnd)
    else:
        by = request.GET.get("by", "")
        header, rows = _aggregate_table(rnd, levels, by if by in selectors.GROUPINGS else None)
    response = export_response(
        filename=f"round-{rnd.pk}-{what}", fmt=fmt, header=header, rows=rows, sheet=what
    )
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="round",
        target_id=rnd.pk,
        fields=[what],
        detail=f"{what} as {fmt}, {len(response.content)} bytes",
    )
    return response


def _aggregate_table(
    rnd: Round, levels: list[str], by: str | None
) -> tuple[list[str], list[list[object]]]:
    data = selectors.round_results(rnd, by)
    titles = _titles([rnd])
    header = ["row_key", "row", "group", "suppressed", "n", "not_sure"]
    header += [f"count_{lv}" for lv in levels] + [f"percent_{lv}" for lv in levels]
    header += ["modal", "collaborating_or_deeper"]

    def line(r: agg.RowResult, group: str) -> list[object]:
        return [
            r.key,
            titles[r.key]["title"],
            group,
            False,
            r.n,
            r.not_sure,
            *[r.counts[lv] for lv in levels],
            *[r.percent[lv] for lv in levels],
            r.modal or "",
            r.collaborating_or_deeper,
        ]

    rows: list[list[object]] = []
    groups = {row.key: row.groups for row in data.subgroups.rows} if data.subgroups else {}
    blanks: list[object] = [None] * (2 * len(levels) + 4)
    for r in data.rows:
        if r.suppressed:
            rows.append([r.key, titles[r.key]["title"], _("All respondents"), True, *blanks])
        else:
            rows.append(line(r, _("All respondents")))
        for g in groups.get(r.key, ()):
            if g.result is None:
                rows.append([r.key, titles[r.key]["title"], g.label, True, *blanks])
            else:
                rows.append(line(g.result, g.label))
    return header, rows


def _response_table(rnd: Round) -> tuple[list[str], list[list[object]]]:
    """Return one line per submitted response, numbered, naming no one.

    Perspectives and circles with fewer respondents than the round's threshold are written
    as "small group", so that a lone respondent cannot be picked out of the file. A round with
    fewer respondents than the threshold gives no lines at all, and a row answered by fewer
    people than the threshold (not sure included) is left blank on every line.
    """
    limit = agg.clamp_threshold(rnd.suppression_threshold)[0]
    responses = selectors.submitted_responses(rnd)
    if len(responses) < limit:
        responses = []
    answered: dict[str, int] = {}
    for r in responses:
        assert isinstance(r["answers"], dict)
        for key in r["answers"]:
            answered[key] = answered.get(key, 0) + 1
    sizes: dict[tuple[str, object], int] = {}
    for r in responses:
        for column in ("perspective", "circle"):
            sizes[(column, r[column])] = sizes.get((column, r[column]), 0) + 1
    row_keys = rnd.instrument.row_keys
    header = ["response", "perspective", "circle", *row_keys]
    lines = []
    for number, r in enumerate(responses, start=1):
        cells: list[object] = [number]
        for column in ("perspective", "circle"):
            value = r[column]
            small = value and sizes[(column, value)] < limit
            cells.append(_("small group") if small else value)
        answers = r["answers"]
        assert isinstance(answers, dict)
        cells += [answers.get(key, "") if answered.get(key, 0) >= limit else "" for key in row_keys]
        lines.append(cells)
    return header, lines


MAX_COMPARED = 8


def _parse_ids(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.strip().isdigit()][:MAX_COMPARED]


def _perspectives(rnd: Round) -> agg.SubgroupResults:
    """Return a round's results by perspective, small groups suppressed as on its results page."""
    subgroups = selectors.round_results(rnd, "perspective").subgroups
    assert subgroups is not None
    return subgroups


@login_required
@require_GET
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    """Compare rounds: percentage points per cell since the first, and each row's shift."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    all_rounds = selectors.initiative_rounds(access.initiative)
    wanted = set(_parse_ids(request.GET.get("rounds", "")))
    wanted |= set(_parse_ids(",".join(request.GET.getlist("pick"))))
    if not wanted and "pick" not in request.GET:
        # Nothing asked for yet: compare the stakeholders' rounds, the last few of them.
        wanted = {r.pk for r in all_rounds if r.kind == RoundKind.STAKEHOLDERS}
        wanted = set(sorted(wanted, key=[r.pk for r in all_rounds].index)[-MAX_COMPARED:])
    chosen = [r for r in all_rounds if r.pk in wanted]
    context: dict[str, Any] = {
        "access": access,
        "initiative": access.initiative,
        "all_rounds": all_rounds,
        "chosen_ids": {r.pk for r in chosen},
        "levels": _levels(),
    }
    if len(chosen) >= 2:
        counts = selectors.counts_for_rounds([r.pk for r in chosen])
        keys = chosen[-1].instrument.row_keys
        per_round = [selectors.protected_rows(r, counts[r.pk], keys) for r in chosen]
        titles = _titles(chosen)
        pairs = zip(per_round[0], per_round[-1], strict=True)
        changes = [agg.compare_rows(first, last) for first, last in pairs]
        context["rows"] = [
            {
                "title": titles[c.key]["title"],
                "change": c,
                "cells": [
                    (
                        lv,
                        pct,
                        step,
                        c.points[lv] if c.points else None,
                        c.level_changes[lv] if c.level_changes else None,
                    )
                    for lv, _count, pct, step in c.after.cells
                ],
                "means": [rows[i].mean_position for rows in per_round],
            }
            for i, c in enumerate(changes)
        ]
        labels = [r.name for r in chosen]
        context["chosen"] = chosen
        context["first_threshold"] = agg.clamp_threshold(chosen[0].suppression_threshold)[0]
        context["last_threshold"] = agg.clamp_threshold(chosen[-1].suppression_threshold)[0]
        context["by_perspective"] = [
            {"change": c, "title": titles[c.row_key]["title"]}
            for c in agg.compare_groups(_perspectives(chosen[0]), _perspectives(chosen[-1]))
        ]
        context["chart"] = shift_chart(
            [(row["title"], row["means"]) for row in context["rows"]],
            labels,
            [name for _key, name in context["levels"]],
        )
    return render(request, "measuring/results_compare.html", context)


@login_required
@require_GET
def habit_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """Summarise each habit in the baseline and the latest stakeholders' round."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    rounds = selectors.initiative_rounds(access.initiative, RoundKind.STAKEHOLDERS)
    counts = selectors.counts_for_rounds([r.pk for r in rounds])
    with_answers = [r for r in rounds if counts[r.pk]]
    context: dict[str, Any] = {"access": access, "initiative": access.initiative}
    if with_answers:
        baseline, latest = with_answers[0], with_answers[-1]
        titles = _titles([baseline, latest])
        habit_of = {key: meta["habit"] for key, meta in titles.items()}
        language = get_language()
        names = {h.key: localize(h.name, language) for h in active_pack().habits}
        before = {
            h.habit: h
            for h in agg.habit_summary(
                selectors.protected_rows(baseline, counts[baseline.pk]), habit_of
            )
        }
        after = agg.habit_summary(selectors.protected_rows(latest, counts[latest.pk]), habit_of)
        context.update(
            baseline=baseline,
            latest=latest,
            baseline_threshold=agg.clamp_threshold(baseline.suppression_threshold)[0],
            latest_threshold=agg.clamp_threshold(latest.suppression_threshold)[0],
            habits=[
                {"name": names.get(h.habit, h.habit), "latest": h, "baseline": before.get(h.habit)}
                for h in after
            ],
        )
    return render(request, "measuring/results_summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    """Show practice-change indicators beside the engagement trend; members upload a CSV."""
    need = Capability.CONTRIBUTE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    errors: tuple[RowError, ...] = ()
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            errors = (RowError(0, _("Choose a CSV file of at most 1 MB.")),)
        else:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                text, errors = "", (RowError(0, _("The file is not UTF-8 text.")),)
            if not errors:
                points, errors = parse_indicator_csv(text)
            if not errors:
                _save_indicators(access, signed_in_user(request), points)
                messages.success(request, _("%(n)d indicator values saved.") % {"n": len(points)})
                return redirect("measuring:indicators", slug=slug)
    trend = _engagement_trend(access)
    stored = list(PracticeIndicator.objects.filter(initiative=access.initiative))
    series: dict[str, list[tuple[Any, float]]] = {}
    for point in stored:
        series.setdefault(point.name, []).append((point.date, point.value))
    trend_name = _("Engagement: percent of answers at collaborating or deeper")
    chart_series = [(trend_name, [(d, v) for d, _name, v in trend])] if trend else []
    chart_series += list(series.items())
    context = {
        "access": access,
        "initiative": access.initiative,
        "trend": trend,
        "indicators": stored,
        "chart": line_chart(chart_series, {trend_name: 100}) if chart_series else None,
        "errors": errors,
    }
    return render(
        request, "measuring/results_indicators.html", context, status=400 if errors else 200
    )


@transaction.atomic
def _save_indicators(access: Access, actor: Any, points: tuple[IndicatorPoint, ...]) -> None:
    for point in points:
        PracticeIndicator.objects.update_or_create(
            initiative=access.initiative,
            name=point.name,
            date=point.date,
            defaults={"value": point.value, "uploaded_by": actor},
        )
    record_audit(
        initiative=access.initiative,
        actor=actor,
        action="import",
        target_type="practice_indicator",
        fields=["date", "name", "value"],
        detail=f"{len(points)} values",
    )


def _engagement_trend(access: Access) -> list[tuple[Any, str, float]]:
    """Return (date, round name, % at collaborating or deeper) per stakeholders' round."""
    rounds = selectors.initiative_rounds(access.initiative, RoundKind.STAKEHOLDERS)
    counts = selectors.counts_for_rounds([r.pk for r in rounds])
    trend = []
    for rnd in rounds:
        share = agg.pooled_deeper_share(selectors.protected_rows(rnd, counts[rnd.pk]))
        if share is not None:
            trend.append((selectors.round_date(rnd).date(), rnd.name, share))
    return trend
