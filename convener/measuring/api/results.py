"""API endpoints for the results area (api/__init__.py merges the areas)."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from convener.core.api import ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.measuring import selectors
from convener.measuring.aggregation import RowResult, clamp_threshold
from convener.measuring.models import Round

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RoundGroupOut(Schema):
    key: str = Field(description="Perspective taxonomy key or circle key; empty: not stated.")
    label: str
    suppressed: bool = Field(description="Too few answers to show: no figures are given.")
    n: int | None = None
    counts: dict[str, int] | None = None
    percent: dict[str, int] | None = None
    not_sure: int | None = None


class RowOut(Schema):
    key: str = Field(description="The content pack's stable rubric row key.")
    suppressed: bool = Field(
        description="Fewer valid answers on this row than the round's threshold: no figures."
    )
    n: int | None = Field(None, description="Valid answers (not-sure answers excluded).")
    counts: dict[str, int] | None = Field(None, description="Answers per depth level key.")
    percent: dict[str, int] | None = Field(
        None, description="Whole percentages per level; they sum to 100."
    )
    not_sure: int | None = None
    modal: str | None = None
    collaborating_or_deeper: float | None = Field(
        None, description="Percent of valid answers at collaborating or transforming, one decimal."
    )
    groups: list[RoundGroupOut] | None = None


class RoundResultsOut(Schema):
    round: int
    kind: str
    by: str | None
    threshold: int = Field(
        description="Rows and groups with fewer valid answers are suppressed, the whole round too."
    )
    rows: list[RowOut]


def _row(r: RowResult) -> dict[str, object]:
    if r.suppressed:
        return {"key": r.key, "suppressed": True}
    return {
        "key": r.key,
        "suppressed": False,
        "n": r.n,
        "counts": r.counts,
        "percent": r.percent,
        "not_sure": r.not_sure,
        "modal": r.modal,
        "collaborating_or_deeper": r.collaborating_or_deeper,
    }


def results_payload(results: selectors.RoundResults) -> dict[str, object]:
    """Return a round's results as plain JSON-ready data (groups only when grouped)."""
    groups_by_row = {}
    if results.subgroups is not None:
        public = results.public_keys or {}
        for row in results.subgroups.rows:
            groups_by_row[row.key] = [
                {"key": public.get(g.key, g.key), "label": g.label, "suppressed": True}
                if g.result is None
                else {
                    "key": public.get(g.key, g.key),
                    "label": g.label,
                    "suppressed": False,
                    "n": g.result.n,
                    "counts": g.result.counts,
                    "percent": g.result.percent,
                    "not_sure": g.result.not_sure,
                }
                for g in row.groups
            ]
    rows = []
    for r in results.rows:
        out = _row(r)
        if results.subgroups is not None:
            out["groups"] = groups_by_row.get(r.key, [])
        rows.append(out)
    return {
        "round": results.round.pk,
        "kind": results.round.kind,
        "by": results.by,
        "threshold": clamp_threshold(results.round.suppression_threshold)[0],
        "rows": rows,
    }


@router.get(
    "/rounds/{round_id}/results",
    response={200: RoundResultsOut, **ERRORS},
    exclude_unset=True,
)
def round_results(
    request: HttpRequest, round_id: int, by: Literal["perspective", "circle"] | None = None
) -> dict[str, object]:
    """Return a round's results per rubric row; per perspective or circle when `by` is given.

    Rows (for the whole round) and groups with fewer answers than the round's threshold are
    listed with `suppressed: true` and no figures, and so is one more group when needed so
    that no hidden figure can be found by subtraction.
    """
    rnd = Round.objects.select_related("initiative", "instrument").filter(pk=round_id).first()
    if rnd is None:
        raise Http404
    get_initiative_for(request.user, rnd.initiative.slug)
    return results_payload(selectors.round_results(rnd, by))


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/rounds/{round_id}/results": "viewer",
}
api_sample_bodies: dict[str, dict[str, object]] = {}
