"""The home shows the latest rubric shift, with how sure it is, computed from raw answers."""

from __future__ import annotations

import datetime as dt
import math
import re

from django.urls import reverse

from convener.measuring.tests.results_data import make_round

DIVERSITY, DATA, CONSENSUS = "coalescing.diversity", "coalescing.data", "coalescing.consensus"


def _answers(per_row: dict[str, tuple[int, int]]) -> list[tuple[None, str, dict[str, str]]]:
    """Return responses so that each row gets (collaborating-or-deeper, shallower) answers."""
    total = max(deep + shallow for deep, shallow in per_row.values())
    out: list[tuple[None, str, dict[str, str]]] = []
    for i in range(total):
        levels = {}
        for row, (deep, shallow) in per_row.items():
            if i < deep:
                levels[row] = "collaborating" if i % 2 else "transforming"
            elif i < deep + shallow:
                levels[row] = "informing" if i % 2 else "networking"
        out.append((None, "core", levels))
    return out


def _wilson(x: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _interval(x1: int, n1: int, x2: int, n2: int) -> tuple[str, str]:
    """Newcombe's interval of x2/n2 - x1/n1, in points rounded outwards, worked out here."""
    p1, p2 = x1 / n1, x2 / n2
    (l1, u1), (l2, u2) = _wilson(x1, n1), _wilson(x2, n2)
    low = p2 - p1 - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = p2 - p1 + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    low, high = math.floor(1000 * low) / 10, math.ceil(1000 * high) / 10
    return f"{low:+.1f}".replace(".0", ""), f"{high:+.1f}".replace(".0", "")


def _home(cast) -> str:
    url = reverse("initiatives:home", args=[cast.initiative.slug])
    return cast.client("viewer").get(url).content.decode()


def _figures(html: str) -> list[str]:
    """Return each figure's visible text, spaces collapsed."""
    items = re.findall(r'<li class="figure[^"]*">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_home_shows_each_rows_share_change_and_certainty(cast):
    make_round(
        cast.initiative,
        _answers({DIVERSITY: (2, 8), DATA: (5, 5), CONSENSUS: (2, 2)}),
        name="Baseline",
        closes=dt.date(2026, 1, 10),
    )
    after = make_round(
        cast.initiative,
        _answers({DIVERSITY: (9, 1), DATA: (6, 4), CONSENSUS: (4, 0)}),
        name="Spring",
        closes=dt.date(2026, 5, 10),
    )
    html = _home(cast)
    shifts = [f for f in _figures(html) if "Rubric shift" in f]
    low, high = _interval(2, 10, 9, 10)
    assert shifts[0] == (
        "90 % Rubric shift: Row coalescing.diversity at collaborating or deeper, +70 points "
        f"since Baseline: likely up (95 % interval {low} to {high} points)"
    )
    low, high = _interval(5, 10, 6, 10)
    assert shifts[1] == (
        "60 % Rubric shift: Row coalescing.data at collaborating or deeper, +10 points "
        f"since Baseline: too close to call (95 % interval {low} to {high} points)"
    )
    # Consensus had 4 answers in each round, under the threshold of 5: no figures shown.
    assert len(shifts) == 2
    assert "coalescing.consensus" not in html
    before_id = after.pk - 1
    compare = reverse("measuring:compare", args=[cast.initiative.slug])
    assert f'href="{compare}?rounds={before_id},{after.pk}"' in html


def test_a_drop_beyond_chance_reads_likely_down(cast):
    make_round(
        cast.initiative, _answers({DIVERSITY: (10, 0)}), name="A", closes=dt.date(2026, 1, 1)
    )
    make_round(cast.initiative, _answers({DIVERSITY: (1, 9)}), name="B", closes=dt.date(2026, 2, 1))
    shifts = [f for f in _figures(_home(cast)) if "Rubric shift" in f]
    assert shifts[0].startswith("10 % Rubric shift: Row coalescing.diversity")
    assert "-90 points since A: likely down" in shifts[0]


def test_groups_too_small_show_no_figures_but_say_why(cast):
    make_round(cast.initiative, _answers({DIVERSITY: (1, 2)}), name="A", closes=dt.date(2026, 1, 1))
    make_round(cast.initiative, _answers({DIVERSITY: (3, 0)}), name="B", closes=dt.date(2026, 2, 1))
    shifts = [f for f in _figures(_home(cast)) if "Rubric shift" in f]
    assert shifts == [
        "— Rubric shift since A Too few answers to show: groups this small are kept private."
    ]
    assert "100 %" not in _home(cast)


def test_one_round_or_unanswered_rounds_show_no_shift(cast):
    make_round(cast.initiative, _answers({DIVERSITY: (6, 4)}), name="A", closes=dt.date(2026, 1, 1))
    make_round(cast.initiative, [], name="Empty", closes=dt.date(2026, 2, 1))
    assert "Rubric shift" not in _home(cast)


def test_the_shift_reads_in_spanish(cast, settings):
    make_round(cast.initiative, _answers({DIVERSITY: (2, 8)}), name="A", closes=dt.date(2026, 1, 1))
    make_round(cast.initiative, _answers({DIVERSITY: (9, 1)}), name="B", closes=dt.date(2026, 2, 1))
    client = cast.client("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = client.get(reverse("initiatives:home", args=[cast.initiative.slug])).content.decode()
    shifts = [f for f in _figures(html) if "Fila coalescing.diversity" in f]
    assert len(shifts) == 1
    assert "probablemente al alza" in shifts[0]
