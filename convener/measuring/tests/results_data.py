"""Build rounds with answers for the results tests, straight into the tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db.models import Max
from django.utils import timezone

from convener.initiatives.models import Initiative, Perspective
from convener.measuring.models import Answer, Instrument, Response, Round, RoundStatus

ROWS = ("coalescing.diversity", "coalescing.data", "coalescing.consensus")


def instrument_for(initiative: Initiative, row_keys: Iterable[str] = ROWS) -> Instrument:
    version = (initiative.instruments.aggregate(v=Max("version"))["v"] or 0) + 1
    rows = [
        {
            "key": key,
            "habit": key.split(".")[0],
            "title": {"en": f"Row {key}", "es": f"Fila {key}"},
            "descriptors": [{"en": f"{key} {i}"} for i in range(4)],
            "custom": False,
        }
        for key in row_keys
    ]
    return Instrument.objects.create(
        initiative=initiative, version=version, rows=rows, pack_key="lbc", pack_version="1"
    )


def make_round(
    initiative: Initiative,
    answers: Iterable[tuple[str | None, str, Mapping[str, str]]],
    *,
    name: str = "Round",
    kind: str = "stakeholders",
    row_keys: Iterable[str] = ROWS,
    closes: dt.date = dt.date(2026, 3, 1),
    threshold: int = 5,
    submitted: bool = True,
) -> Round:
    """Create a closed round and one response per (perspective key, circle, {row: level})."""
    keys = tuple(row_keys)
    closes_at = timezone.make_aware(dt.datetime.combine(closes, dt.time(12)))
    rnd = Round.objects.create(
        initiative=initiative,
        instrument=instrument_for(initiative, keys),
        name=name,
        kind=kind,
        status=RoundStatus.CLOSED,
        opens_at=closes_at - dt.timedelta(days=14),
        closes_at=closes_at,
        suppression_threshold=threshold,
    )
    perspectives = {p.key: p for p in Perspective.objects.filter(initiative=initiative)}
    for perspective_key, circle, levels in answers:
        perspective = perspectives.get(perspective_key) if perspective_key else None
        response = Response.objects.create(
            round=rnd,
            perspective=perspective,
            circle=circle,
            mode="paper",
            submitted_at=closes_at if submitted else None,
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                round=rnd,
                row_key=row,
                level=level,
                perspective=perspective,
                circle=circle,
                counted=submitted,
            )
            for row, level in levels.items()
        )
    return rnd


def sample_answers() -> list[tuple[str | None, str, dict[str, str]]]:
    """Families place consensus at informing; state agency staff at collaborating; 2 schools."""
    out: list[tuple[str | None, str, dict[str, str]]] = []
    for i in range(6):
        out.append(
            (
                "family_youth",
                "key",
                {
                    "coalescing.diversity": "networking",
                    "coalescing.data": "informing",
                    "coalescing.consensus": "informing" if i else "not_sure",
                },
            )
        )
    for _ in range(5):
        out.append(
            (
                "state_agency",
                "core",
                {
                    "coalescing.diversity": "collaborating",
                    "coalescing.data": "networking",
                    "coalescing.consensus": "collaborating",
                },
            )
        )
    for _ in range(2):
        out.append(
            (
                "school_district",
                "extended",
                {
                    "coalescing.diversity": "transforming",
                    "coalescing.data": "informing",
                    "coalescing.consensus": "networking",
                },
            )
        )
    return out
