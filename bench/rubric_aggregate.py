"""Aggregating a rubric round: 1,000,000 and 100,000 item answers on SQLite.

Times ``selectors.round_counts`` + ``aggregation.row_results`` (what the grid and the API do
for a whole round) against the hand-written SQL GROUP BY on the same database, in the same run.
Targets: ≤ 500 ms and ≤ 1.5x the raw SQL for 1,000,000 answers; ≤ 100 ms for 100,000.

Run: .venv/bin/python -m bench.rubric_aggregate
"""

from __future__ import annotations

import datetime as dt
import random
import time
from functools import partial

from bench.harness import measure, report, setup_django

ROWS = 20
LEVELS = ("informing", "networking", "collaborating", "transforming", "not_sure")
RAW_SQL = (
    "SELECT row_key, level, COUNT(*) FROM measuring_answer "
    "WHERE round_id = %s AND counted GROUP BY row_key, level"
)
# The same query written so that SQLite can use the (round, counted, row_key, level) index
# for the filter and the grouping; shown as a second, stricter baseline.
RAW_SQL_INDEXED = RAW_SQL.replace("AND counted ", "AND counted = 1 ")


def build_round(initiative, instrument, name: str, answers: int) -> int:
    """Insert a round with ``answers`` counted answers (ROWS per response) by raw executemany."""
    from django.db import connection
    from django.utils import timezone

    from convener.measuring.models import Round

    rnd = Round.objects.create(initiative=initiative, instrument=instrument, name=name)
    responses = answers // ROWS
    perspectives = list(initiative.perspectives.values_list("pk", flat=True))
    rng = random.Random(7)  # noqa: S311 - fixture data, not a secret
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM measuring_response")
        first = cursor.fetchone()[0] + 1
        cursor.executemany(
            "INSERT INTO measuring_response (id, round_id, perspective_id, circle, language, "
            "mode, started_at, updated_at, submitted_at) VALUES (%s, %s, %s, '', 'en', "
            "'online', %s, %s, %s)",
            [
                (first + i, rnd.pk, perspectives[i % len(perspectives)], now, now, now)
                for i in range(responses)
            ],
        )
        cursor.executemany(
            "INSERT INTO measuring_answer (response_id, round_id, row_key, level, comment, "
            "perspective_id, circle, counted) VALUES (%s, %s, %s, %s, '', %s, '', %s)",
            [
                (
                    first + i,
                    rnd.pk,
                    f"row.{r:02d}",
                    LEVELS[min(4, int(rng.random() * 4.2))],
                    perspectives[i % len(perspectives)],
                    True,
                )
                for i in range(responses)
                for r in range(ROWS)
            ],
        )
    return rnd.pk


def main() -> None:
    setup_django()
    from django.db import connection, transaction

    from convener.accounts.models import User
    from convener.initiatives.services import create_initiative
    from convener.measuring import aggregation, selectors
    from convener.measuring.models import Instrument

    owner = User.objects.create_user(email="bench@example.org", password="x" * 12)
    initiative = create_initiative(
        owner=owner, title="Bench", issue="Bench", start_date=dt.date(2026, 1, 1)
    )
    row_keys = [f"row.{r:02d}" for r in range(ROWS)]
    instrument = Instrument.objects.create(
        initiative=initiative,
        version=1,
        rows=[{"key": k, "habit": "coalescing", "title": {"en": k}} for k in row_keys],
        pack_key="lbc",
        pack_version="1",
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:  # a throw-away database: no need to survive a crash
        cursor.execute("PRAGMA synchronous = OFF")
    with transaction.atomic():
        big = build_round(initiative, instrument, "million", 1_000_000)
        small = build_round(initiative, instrument, "hundred thousand", 100_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"fixture: 1,100,000 answers inserted in {time.perf_counter() - started:.1f} s")

    def ours(round_id: int) -> tuple[aggregation.RowResult, ...]:
        return aggregation.row_results(selectors.round_counts(round_id), row_keys)

    def raw(round_id: int, sql: str = RAW_SQL) -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, [round_id])
            return cursor.fetchall()

    assert sum(r.n + r.not_sure for r in ours(big)) == 1_000_000
    lines = []
    for label, round_id, repeat, target in (
        ("1,000,000 answers", big, 15, 500.0),
        ("100,000 answers", small, 40, 100.0),
    ):
        base = measure(f"raw SQL (as specified), {label}", partial(raw, round_id), repeat=repeat)
        best = measure(
            f"raw SQL (counted = 1), {label}",
            partial(raw, round_id, RAW_SQL_INDEXED),
            repeat=repeat,
        )
        mine = measure(f"selectors + aggregation, {label}", partial(ours, round_id), repeat=repeat)
        ratio = mine.p50 / base.p50
        verdict = "OK" if mine.p50 <= target and ratio <= 1.5 else "OVER TARGET"
        lines += [
            base.line(),
            best.line(),
            mine.line(),
            f"{'ratio to the specified SQL (p50)':<48} {ratio:.2f}x  "
            f"target ≤ {target:.0f} ms and ≤ 1.5x: {verdict}",
            f"{'ratio to the index-friendly SQL (p50)':<48} {mine.p50 / best.p50:.2f}x",
        ]
    by = measure(
        "by perspective (GROUP BY perspective), 1,000,000",
        lambda: selectors.group_counts(big, "perspective"),
        repeat=5,
    )
    lines.append(by.line())
    report("Rubric round aggregation (SQLite)", lines)


if __name__ == "__main__":
    main()
