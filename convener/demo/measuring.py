"""Demo survey rounds: three rounds on the Coalescing rubric and a team self-assessment.

Six months apart, the stakeholders' answers move from informing toward collaborating, and
families place "decision making through consensus" well below where state agency staff and
the team place it. Rounds are anonymous, so no stakeholder is linked to an answer. Answers are
drawn with a fixed seed: the demo looks the same every time. Idempotent.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Perspective
from convener.measuring.models import (
    NOT_SURE,
    Answer,
    CollectionMode,
    Instrument,
    PracticeIndicator,
    Response,
    Round,
    RoundKind,
    RoundStatus,
)

SEED = 20260415
ROW_KEYS = (
    "coalescing.diversity",
    "coalescing.data",
    "coalescing.consensus",
    "coalescing.future_work",
)
LEVELS = ("informing", "networking", "collaborating", "transforming")

# (round name, close date, chance of each level, informing … transforming)
STAKEHOLDER_ROUNDS = (
    ("Baseline round (autumn 2025)", dt.date(2025, 10, 15), (0.55, 0.30, 0.12, 0.03)),
    ("Six-month round (spring 2026)", dt.date(2026, 4, 15), (0.32, 0.38, 0.25, 0.05)),
    ("Twelve-month round (autumn 2026)", dt.date(2026, 10, 15), (0.12, 0.30, 0.48, 0.10)),
)
SELF_ASSESSMENT = ("Team self-assessment (autumn 2026)", dt.date(2026, 10, 20))

# Respondents per perspective in each round, and the circle they mostly sit in.
RESPONDENTS = {
    "family_youth": (12, "key"),
    "state_agency": (9, "core"),
    "county_agency": (6, "key"),
    "project_staff": (5, "core"),
    "advocacy_organization": (5, "extended"),
    "school_district": (5, "extended"),
    "health_provider": (4, "extended"),
    "community_organization": (3, "dissemination"),
}

# Consensus is where views part: families see informing, state agency staff collaborating.
# A practice-change indicator the team tracks: month-end counts, climbing after spring 2026.
INDICATOR = "Families offered a video session in their language"
INDICATOR_VALUES = (14, 15, 13, 17, 18, 22, 25, 31, 34, 38, 41, 47, 52, 55)  # Sep 2025 onwards

CONSENSUS = {
    "family_youth": (0.75, 0.18, 0.07, 0.0),
    "state_agency": (0.05, 0.15, 0.65, 0.15),
}


def _instrument(initiative: Initiative) -> Instrument:
    pack = active_pack()
    rows = []
    for key in ROW_KEYS:
        row = pack.rubric_row(key)
        rows.append(
            {
                "key": key,
                "habit": row.habit,
                "title": dict(row.title),
                "descriptors": [dict(d) for d in row.descriptors],
                "custom": False,
            }
        )
    existing = Instrument.objects.filter(initiative=initiative, rows=rows).first()
    if existing is not None:
        return existing
    version = (initiative.instruments.aggregate(v=Max("version"))["v"] or 0) + 1
    return Instrument.objects.create(
        initiative=initiative,
        version=version,
        rows=rows,
        pack_key=pack.key,
        pack_version=pack.version,
    )


def _pick(rng: random.Random, weights: tuple[float, ...], not_sure: float = 0.05) -> str:
    if rng.random() < not_sure:
        return NOT_SURE
    return rng.choices(LEVELS, weights=weights)[0]


def _spread(rng: random.Random, weights: tuple[float, ...], count: int) -> list[str]:
    """Return ``count`` levels in the proportions of ``weights``, shuffled, a few "not sure"."""
    exact = [w * count / sum(weights) for w in weights]
    sizes = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: sizes[i] - exact[i])[: count - sum(sizes)]:
        sizes[i] += 1
    levels = [level for level, size in zip(LEVELS, sizes, strict=True) for _ in range(size)]
    rng.shuffle(levels)
    return [NOT_SURE if rng.random() < 0.04 else level for level in levels]


def _round(
    initiative: Initiative, instrument: Instrument, name: str, closes: dt.date, kind: str
) -> Round | None:
    """Create the round, or return None when the demo already has it."""
    if Round.objects.filter(initiative=initiative, name=name).exists():
        return None
    closes_at = timezone.make_aware(dt.datetime.combine(closes, dt.time(17)))
    return Round.objects.create(
        initiative=initiative,
        instrument=instrument,
        name=name,
        kind=kind,
        status=RoundStatus.CLOSED,
        opens_at=closes_at - dt.timedelta(days=14),
        closes_at=closes_at,
        anonymous=True,
        languages=["en", "es"],
    )


def _answer_all(
    rnd: Round,
    respondents: list[tuple[Perspective | None, str, dict[str, str], str]],
) -> None:
    assert rnd.closes_at is not None
    responses = Response.objects.bulk_create(
        Response(
            round=rnd,
            perspective=perspective,
            circle=circle,
            language=language,
            mode=CollectionMode.ROOM,  # anonymous rounds with no invitations: the room's link
            submitted_at=rnd.closes_at - dt.timedelta(hours=i),
        )
        for i, (perspective, circle, _levels, language) in enumerate(respondents)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            round=rnd,
            row_key=row_key,
            level=level,
            perspective=perspective,
            circle=circle,
            counted=True,
        )
        for response, (perspective, circle, levels, _language) in zip(
            responses, respondents, strict=True
        )
        for row_key, level in levels.items()
    )


@transaction.atomic
def load_rounds(initiative: Initiative) -> None:
    """Add the demo rounds to ``initiative`` unless they are there already."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    instrument = _instrument(initiative)
    perspectives = {p.key: p for p in Perspective.objects.filter(initiative=initiative)}
    for index, (name, closes, weights) in enumerate(STAKEHOLDER_ROUNDS):
        rnd = _round(initiative, instrument, name, closes, RoundKind.STAKEHOLDERS)
        respondents = []
        for key, (count, circle) in RESPONDENTS.items():
            perspective = perspectives.get(key)
            count -= rng.randint(0, 1)
            columns = {}
            for row_key in ROW_KEYS:
                chances = weights
                if row_key == "coalescing.consensus" and key in CONSENSUS:
                    # Families' view hardly moves; agency staff see it deepen over time.
                    chances = CONSENSUS[key]
                    if key == "state_agency" and index == 0:
                        chances = (0.15, 0.35, 0.45, 0.05)
                columns[row_key] = _spread(rng, chances, count)
            for i in range(count):
                levels = {row_key: columns[row_key][i] for row_key in ROW_KEYS}
                language = "es" if key == "family_youth" and rng.random() < 0.4 else "en"
                respondents.append((perspective, circle, levels, language))
        if rnd is not None:
            _answer_all(rnd, respondents)
    name, closes = SELF_ASSESSMENT
    team_round = _round(initiative, instrument, name, closes, RoundKind.SELF_ASSESSMENT)
    team = [
        (
            perspectives.get("project_staff"),
            "core",
            {
                row_key: _pick(
                    rng,
                    (0.0, 0.15, 0.6, 0.25)
                    if row_key != "coalescing.consensus"
                    else (0.0, 0.1, 0.5, 0.4),
                    not_sure=0.0,
                )
                for row_key in ROW_KEYS
            },
            "en",
        )
        for _ in range(6)
    ]
    if team_round is not None:
        _answer_all(team_round, team)
    _indicators(initiative)


def _indicators(initiative: Initiative) -> None:
    for i, value in enumerate(INDICATOR_VALUES):
        year, month = 2025 + (8 + i) // 12, (8 + i) % 12 + 1
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        PracticeIndicator.objects.get_or_create(
            initiative=initiative,
            name=INDICATOR,
            date=next_month - dt.timedelta(days=1),
            defaults={"value": float(value)},
        )
