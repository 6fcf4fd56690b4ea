"""The results pages: grid, view by perspective, perception gap, comparison, summary, print."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convener.measuring.tests.results_data import make_round, sample_answers


def _url(name, cast, *args):
    return reverse(f"measuring:{name}", args=[cast.initiative.slug, *args])


def _cell(html: str, row: str, level: str) -> str:
    match = re.search(
        rf'data-level="{level}"\s+data-row="{re.escape(row)}">\s*<span class="cell-percent">(\d+)%',
        html,
    )
    assert match, (row, level)
    return match.group(1)


def test_the_grid_writes_the_percentage_into_each_cell(cast):
    rnd = make_round(cast.initiative, sample_answers(), name="Spring round")
    response = cast.client("viewer").get(_url("results", cast, rnd.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    # consensus: 5 informing, 2 networking, 5 collaborating of 12 valid; one "not sure".
    # 41.67 / 16.67 / 41.67: equal remainders, so the two spare points go to the shallower levels.
    assert _cell(html, "coalescing.consensus", "informing") == "42"
    assert _cell(html, "coalescing.consensus", "networking") == "17"
    assert _cell(html, "coalescing.consensus", "collaborating") == "41"
    assert "Spring round" in html
    assert 'class="cell shade-3"' in html


def test_the_grid_by_perspective_marks_small_groups_as_not_shown(cast):
    rnd = make_round(cast.initiative, sample_answers())
    html = cast.client("viewer").get(_url("results", cast, rnd.pk) + "?by=perspective").content
    html = html.decode()
    assert "By perspective" in html
    assert "Family/Youth" in html
    assert "State agency" in html
    # Two school-district answers are below the threshold of 5: not shown, and the next-smallest
    # group (state agency, 5) is hidden with them on every row.
    assert html.count("fewer than 5 answers") == 6 + 1  # six cells and the explanation
    assert "hidden to protect a smaller group" in html


def test_the_grid_by_circle(cast):
    rnd = make_round(cast.initiative, sample_answers())
    html = cast.client("viewer").get(_url("results", cast, rnd.pk) + "?by=circle").content.decode()
    assert "Key Participants" in html
    assert "By circle" in html


def test_the_perception_gap_appears_when_the_team_assessed_itself(cast):
    rnd = make_round(cast.initiative, sample_answers())
    response = cast.client("viewer").get(_url("results", cast, rnd.pk))
    assert "Perception gap" not in response.content.decode()
    make_round(
        cast.initiative,
        [(None, "core", {"coalescing.consensus": "collaborating"})] * 3,
        kind="self_assessment",
        name="Team view",
        row_keys=["coalescing.consensus"],
    )
    html = cast.client("viewer").get(_url("results", cast, rnd.pk)).content.decode()
    assert "Perception gap" in html
    assert "Team view" in html
    # Families (6, shown) average 1.0 on consensus against the team's 3.0.
    assert "-2.0" in html


def test_a_round_of_another_initiative_is_404(cast):
    rnd = make_round(cast.other, sample_answers())
    assert cast.client("owner").get(_url("results", cast, rnd.pk)).status_code == 404


def test_the_grid_runs_a_constant_number_of_queries(cast):
    small = make_round(cast.initiative, sample_answers()[:3], name="small")
    big = make_round(cast.initiative, sample_answers() * 4, name="big")
    client = cast.client("viewer")
    counts = []
    for rnd in (small, big):
        for by in ("", "perspective"):
            client.get(_url("results", cast, rnd.pk) + f"?by={by}")  # warm caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(_url("results", cast, rnd.pk) + f"?by={by}").status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_comparing_rounds_shows_points_per_cell_and_the_shift_chart(cast):
    first = make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "informing"})] * 4,
        name="Baseline",
        closes=dt.date(2025, 9, 1),
        threshold=3,
    )
    second = make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "collaborating"})] * 3
        + [("family_youth", "key", {"coalescing.data": "informing"})],
        name="Six months on",
        threshold=3,
    )
    url = _url("compare", cast) + f"?rounds={second.pk},{first.pk}"
    response = cast.client("viewer").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "(-75 pts)" in html
    assert "(+75 pts)" in html
    assert 'role="img"' in html
    assert "<title" in html
    assert "+1.5" in html  # mean depth 1.0 → 2.5
    # The checkbox form sends pick=…&pick=…
    picked = cast.client("viewer").get(_url("compare", cast) + f"?pick={first.pk}&pick={second.pk}")
    assert "(+75 pts)" in picked.content.decode()


def test_compare_ignores_rounds_of_other_initiatives(cast):
    mine = make_round(cast.initiative, sample_answers())
    theirs = make_round(cast.other, sample_answers())
    html = cast.client("viewer").get(_url("compare", cast) + f"?rounds={mine.pk},{theirs.pk}")
    assert "Choose at least two rounds" in html.content.decode()


def test_habit_summary_compares_baseline_and_latest(cast):
    make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "informing"})] * 4,
        name="Baseline",
        closes=dt.date(2025, 9, 1),
        threshold=3,
    )
    make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "collaborating"})] * 4,
        name="Latest",
        threshold=3,
    )
    html = cast.client("viewer").get(_url("habit_summary", cast)).content.decode()
    assert "Coalescing around issues" in html
    assert "0.0%" in html
    assert "100.0%" in html


def test_habit_summary_without_rounds_says_so(cast):
    html = cast.client("viewer").get(_url("habit_summary", cast)).content.decode()
    assert "No stakeholders\u2019 round has answers yet" in html


def test_the_printable_grid(cast):
    rnd = make_round(cast.initiative, sample_answers(), name="Print me")
    html = cast.client("viewer").get(_url("results_print", cast, rnd.pk)).content.decode()
    assert "Print me" in html
    assert "42%" in html


def test_compare_without_a_choice_compares_the_stakeholders_rounds(cast):
    make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "informing"})] * 5,
        name="Baseline",
        closes=dt.date(2025, 9, 1),
    )
    make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "networking"})] * 5,
        name="Latest",
    )
    make_round(
        cast.initiative,
        [(None, "core", {"coalescing.data": "transforming"})] * 3,
        name="Team",
        kind="self_assessment",
    )
    html = cast.client("viewer").get(_url("compare", cast)).content.decode()
    assert "(+100 pts)" in html
    assert "(-100 pts)" in html


def test_compare_summary_and_indicators_run_a_constant_number_of_queries(cast):
    client = cast.client("viewer")

    def queries(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    rounds = [
        make_round(cast.initiative, sample_answers(), name=f"R{i}", closes=dt.date(2025, 1 + i, 1))
        for i in range(2)
    ]
    ids = ",".join(str(r.pk) for r in rounds)
    urls = [
        _url("compare", cast) + f"?rounds={ids}",
        _url("habit_summary", cast),
        _url("indicators", cast),
    ]
    before = [queries(url) for url in urls]
    rounds += [
        make_round(
            cast.initiative, sample_answers() * 2, name=f"S{i}", closes=dt.date(2025, 6 + i, 1)
        )
        for i in range(2)
    ]
    ids = ",".join(str(r.pk) for r in rounds)
    urls[0] = _url("compare", cast) + f"?rounds={ids}"
    assert [queries(url) for url in urls] == before
