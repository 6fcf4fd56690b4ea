"""API endpoint for the One-Way/Two-Way Learning quadrants of an initiative's activities."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from convener.activities import quadrants
from convener.activities.api.events import ERRORS, YearQuery
from convener.activities.selectors import activities as reads
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for

router = Router()


class QuadrantShareOut(Schema):
    quadrant: str
    count: int
    share: float


class QuarterOut(Schema):
    quarter: str
    total: int
    two_way: int
    learning_with: int
    two_way_share: float
    with_share: float


class QuadrantPointOut(Schema):
    id: int
    title: str
    starts_on: dt.date
    quadrant: str
    direction: str


class QuadrantsOut(Schema):
    year: int | None
    total: int
    unplaced: int
    dominant: str | None = Field(description="The quadrant holding the most activities.")
    shares: list[QuadrantShareOut]
    quarters: list[QuarterOut]
    activities: list[QuadrantPointOut]


@router.get("/initiatives/{slug}/quadrants", response={200: QuadrantsOut, **ERRORS})
def get_quadrants(request: HttpRequest, slug: str, query: Query[YearQuery]) -> QuadrantsOut:
    """Return the One-Way/Two-Way Learning quadrants: shares, trend by quarter, activities."""
    access = get_initiative_for(request.user, slug)
    points = reads.quadrant_points(access.initiative, year=query.year)
    shares, unplaced = quadrants.shares(points)
    top = quadrants.dominant(shares)
    return QuadrantsOut(
        year=query.year,
        total=len(points),
        unplaced=unplaced,
        dominant=top.key if top else None,
        shares=[QuadrantShareOut(quadrant=s.key, count=s.count, share=s.share) for s in shares],
        quarters=[
            QuarterOut(
                quarter=q.label,
                total=q.total,
                two_way=q.two_way,
                learning_with=q.learning_with,
                two_way_share=q.two_way_share,
                with_share=q.with_share,
            )
            for q in quadrants.by_quarter(points)
        ],
        activities=[
            QuadrantPointOut(
                id=p.id,
                title=p.title,
                starts_on=p.starts_on,
                quadrant=quadrants.quadrant_of(p.formality, p.learning),
                direction=p.direction,
            )
            for p in points
        ],
    )


api_access: dict[str, RouteAccess] = {"GET /api/v1/initiatives/{slug}/quadrants": "viewer"}
api_sample_bodies: dict[str, dict[str, object]] = {}
