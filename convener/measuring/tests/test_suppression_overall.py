"""The round's threshold holds for the whole round, not only for its groups (issue 16, break 1).

A round answered by one person must not show that person's answers anywhere: not in the
overall grid, the comparison, the habit summary, the exports, the API or the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convener.accounts.models import ApiToken
from convener.measuring import aggregation as agg
from convener.measuring.tests.results_data import ROWS, make_round

ONE = [("family_youth", "key", dict.fromkeys(ROWS, "transforming"))]
SIX = [("state_agency", "core", dict.fromkeys(ROWS, "informing"))] * 6


def _url(cast, name: str, *args: object) -> str:
    return reverse(f"measuring:{name}", args=[cast.initiative.slug, *args])


def _api(cast, path: str):
    token = ApiToken.issue(user=cast.users["viewer"], name="t")[1]
    return Client().get(path, headers={"Authorization": f"Bearer {token}"}).json()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_one_answer_is_shown_nowhere(cast):
    before = make_round(cast.initiative, SIX, name="Baseline", closes=dt.date(2026, 1, 10))
    lone = make_round(cast.initiative, ONE, name="Winter check-in", closes=dt.date(2026, 3, 1))
    client = cast.client("viewer")

    for query in ("", "?by=perspective", "?by=circle"):
        html = client.get(_url(cast, "results", lone.pk) + query).content.decode()
        assert "cell-percent" not in html, query
        assert "fewer than 5 answers" in html
        assert "100%" not in html
        assert "4.0" not in html
    assert "cell-percent" not in client.get(_url(cast, "results_print", lone.pk)).content.decode()

    html = client.get(_url(cast, "compare") + f"?rounds={before.pk},{lone.pk}").content.decode()
    assert "pts" not in html  # no change per cell …
    assert "+3.0" not in html  # … and no shift in mean depth (1.0 → 4.0)
    assert "no change can be shown: too few answers on one side" in html

    html = client.get(_url(cast, "habit_summary")).content.decode()
    assert "100.0%" not in html
    assert "fewer than 5 answers" in html

    body = _api(cast, f"/api/v1/rounds/{lone.pk}/results?by=perspective")
    assert body["threshold"] == 5
    for row in body["rows"]:
        assert row == {"key": row["key"], "suppressed": True, "groups": row["groups"]}
        assert all(g["suppressed"] and "n" not in g for g in row["groups"])

    aggregates = _csv(client.get(_url(cast, "results_export", lone.pk) + "?what=aggregates"))
    for line in aggregates[1:]:
        assert line[3] == "True"
        assert not any(line[4:]), line
    responses = _csv(client.get(_url(cast, "results_export", lone.pk) + "?what=responses"))
    assert responses[1:] == []

    report = client.get(
        reverse("reports:view", args=[cast.initiative.slug])
        + "?since=2025-06-01&until=2026-06-01&sections=rounds&threshold=3"
    ).content.decode()
    assert "100%" not in report
    assert "100.0%" not in report
    assert "Winter check-in" in report  # listed as held, with its figure withheld
    assert "fewer than 5 answers" in report


def test_the_printed_counts_of_a_row_never_fall_below_the_threshold(cast):
    # Six people answered, but only two of them placed the group on "consensus".
    answers = [
        ("state_agency", "core", {ROWS[0]: "networking", ROWS[2]: "collaborating"}),
        ("state_agency", "core", {ROWS[0]: "networking", ROWS[2]: "transforming"}),
    ] + [("state_agency", "core", {ROWS[0]: "informing"})] * 4
    rnd = make_round(cast.initiative, answers)
    body = _api(cast, f"/api/v1/rounds/{rnd.pk}/results")
    by_key = {row["key"]: row for row in body["rows"]}
    assert by_key[ROWS[0]]["n"] == 6
    assert by_key[ROWS[2]] == {"key": ROWS[2], "suppressed": True}
    responses = _csv(cast.client("viewer").get(_url(cast, "results_export", rnd.pk)))
    header, *lines = _csv(
        cast.client("viewer").get(_url(cast, "results_export", rnd.pk) + "?what=responses")
    )
    assert len(lines) == 6
    column = header.index(ROWS[2])
    assert {line[column] for line in lines} == {""}
    assert responses[0][3] == "suppressed"


LEVEL = st.sampled_from([*agg.DEPTH_LEVELS, agg.NOT_SURE, None])
RESPONSE = st.tuples(
    st.sampled_from(["family_youth", "state_agency", "school_district", None]),
    st.sampled_from(["core", "key", ""]),
    st.tuples(LEVEL, LEVEL, LEVEL),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(RESPONSE, max_size=9), st.integers(min_value=3, max_value=6))
def test_no_api_answer_or_export_reveals_a_group_below_the_threshold(cast, responses, limit):
    answers = [
        (p, c, {key: lv for key, lv in zip(ROWS, levels, strict=True) if lv is not None})
        for p, c, levels in responses
    ]
    rnd = make_round(cast.initiative, answers, threshold=limit)
    valid = {key: sum(1 for _p, _c, a in answers if a.get(key) in agg.DEPTH_LEVELS) for key in ROWS}
    for by in ("", "?by=perspective", "?by=circle"):
        body = _api(cast, f"/api/v1/rounds/{rnd.pk}/results{by}")
        for row in body["rows"]:
            if valid[row["key"]] < limit:  # the whole round is a small group on this row
                assert row["suppressed"]
                assert "n" not in row
            else:
                assert row["n"] == valid[row["key"]]
            groups = row.get("groups", [])
            shown = [g for g in groups if not g["suppressed"]]
            assert all(g["n"] >= limit for g in shown)
            hidden = [g for g in groups if g["suppressed"]]
            if not row["suppressed"]:
                # Never one hidden group alone: the total minus the shown would give it away.
                assert len(hidden) != 1
    client = cast.client("viewer")
    lines = _csv(client.get(_url(cast, "results_export", rnd.pk) + "?what=aggregates&by=circle"))
    for line in lines[1:]:
        if line[3] == "False":
            assert int(line[4]) >= limit
        else:
            assert not any(line[4:])
    header, *people = _csv(client.get(_url(cast, "results_export", rnd.pk) + "?what=responses"))
    if len(answers) < limit:
        assert people == []
    for key in ROWS:
        answered = sum(1 for _p, _c, a in answers if key in a)
        if answered < limit:
            assert {line[header.index(key)] for line in people} <= {""}
