"""Participation pages: relevant participation per activity and over time, the
keep-inviting list, and the One-Way/Two-Way quadrants."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convener.activities import quadrants
from convener.activities.forms import (
    quadrant_labels,
)
from convener.activities.selectors import activities as reads
from convener.activities.views.events import get_activity
from convener.initiatives.permissions import get_initiative_for
from convener.stakeholders.models import Circle


@login_required
def keep_inviting(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    return render(
        request,
        "activities/events_keep_inviting.html",
        {
            "access": access,
            "initiative": access.initiative,
            "rows": reads.keep_inviting(access.initiative),
            "circles": dict(Circle.choices),
        },
    )


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


@login_required
def activity_participation(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    activity = get_activity(access, activity_id)
    result = reads.activity_participation(activity)
    return render(
        request,
        "activities/events_participation.html",
        {
            "access": access,
            "initiative": access.initiative,
            "activity": activity,
            "result": result,
            "evenness": _percent(result.report.balance.evenness),
            "shares": [
                {"p": p, "share": _percent(p.share), "reference": _percent(p.reference)}
                for p in result.report.balance.perspectives
            ],
        },
    )


CHART_W, CHART_H, CHART_PAD = 600, 240, 40


def _trend_chart(rows: list[reads.TrendRow]) -> dict[str, Any]:
    """Return the polyline points of the two series, in SVG units (0 to 100% on the y axis)."""
    n = len(rows)
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD

    def x(i: int) -> float:
        return round(CHART_PAD + (inner_w * i / (n - 1) if n > 1 else inner_w / 2), 1)

    def y(value: float) -> float:
        return round(CHART_PAD + inner_h * (1 - value), 1)

    def series(values: list[float | None]) -> dict[str, Any]:
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        return {"line": " ".join(f"{a},{b}" for a, b in points), "dots": points}

    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": CHART_PAD,
        "right": CHART_W - CHART_PAD,
        "top": CHART_PAD,
        "middle": CHART_PAD + inner_h / 2,
        "bottom": CHART_H - CHART_PAD,
        "evenness": series([r.evenness for r in rows]),
        "family": series([r.family_youth_share for r in rows]),
    }


@login_required
def participation_trend(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    rows = reads.participation_trend(access.initiative)
    return render(
        request,
        "activities/events_trend.html",
        {
            "access": access,
            "initiative": access.initiative,
            "rows": [
                {
                    "row": r,
                    "evenness": _percent(r.evenness),
                    "family": _percent(r.family_youth_share),
                }
                for r in rows
            ],
            "chart": _trend_chart(rows) if rows else None,
        },
    )


@login_required
def quadrant_view(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    years = reads.activity_years(access.initiative)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and int(raw_year) in years else None
    points = reads.quadrant_points(access.initiative, year=year)
    shares, unplaced = quadrants.shares(points)
    labels = quadrant_labels()
    dots = quadrants.layout(points)
    top = quadrants.dominant(shares)
    return render(
        request,
        "activities/quadrants.html",
        {
            "access": access,
            "initiative": access.initiative,
            "years": years,
            "year": year,
            "total": len(points),
            "unplaced": [p for p in points if not quadrants.quadrant_of(p.formality, p.learning)],
            "unplaced_count": unplaced,
            "shares": [
                {
                    "key": s.key,
                    "label": labels[s.key],
                    "count": s.count,
                    "percent": _percent(s.share),
                }
                for s in shares
            ],
            "top": {"label": labels[top.key], "percent": _percent(top.share)} if top else None,
            "dots": dots,
            "by_quadrant": [
                {"label": labels[k], "dots": [d for d in dots if d.quadrant == k]}
                for k in quadrants.QUADRANTS
            ],
            "quarters": [
                {
                    "q": q,
                    "two_way": _percent(q.two_way_share),
                    "with": _percent(q.with_share),
                }
                for q in quadrants.by_quarter(points)
            ],
        },
    )
