"""Changes between rounds per perspective carry both n and a 95 % interval (issue 16).

Each line is one perspective's answers to one row in the first and the last round: two
independent samples, so the row table's Wilson/Newcombe interval applies unchanged. A
perspective below the round's threshold in either round shows no figure at all.
"""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from convener.initiatives.models import Perspective
from convener.measuring import aggregation as agg
from convener.measuring.intervals import share_change
from convener.measuring.tests.results_data import make_round

ROW = "coalescing.data"
GROUPS = [agg.Group("1", "Family/Youth"), agg.Group("2", "Agency staff")]


def _subgroups(per_group: dict[str, dict[str, int]], threshold: int = 5) -> agg.SubgroupResults:
    counts = {(g, ROW, level): n for g, levels in per_group.items() for level, n in levels.items()}
    return agg.subgroup_results(counts, [ROW], GROUPS, threshold)


def test_each_perspective_change_carries_both_n_and_its_interval():
    before = _subgroups({"1": {"informing": 9, "collaborating": 3}, "2": {"networking": 10}})
    after = _subgroups({"1": {"informing": 1, "transforming": 13}, "2": {"collaborating": 6}})
    changes = {c.group.key: c for c in agg.compare_groups(before, after)}
    family = changes["1"].change
    assert family is not None
    assert (family.before_n, family.after_n) == (12, 14)
    assert family == share_change(3, 12, 13, 14)
    assert family.low <= family.points <= family.high
    assert family.beyond_chance
    staff = changes["2"].change
    assert staff is not None
    assert (staff.before_n, staff.after_n, staff.points) == (10, 6, 100.0)


def test_a_perspective_below_the_threshold_in_either_round_has_no_change():
    # Family/Youth: 4 answers in the first round (threshold 5); agency staff is then hidden
    # too, to protect it (one hidden group could be worked out from the total).
    before = _subgroups({"1": {"informing": 4}, "2": {"informing": 8}})
    after = _subgroups({"1": {"collaborating": 9}, "2": {"collaborating": 9}})
    changes = {c.group.key: c for c in agg.compare_groups(before, after)}
    assert changes["1"].before.suppressed
    assert changes["1"].before.reason == "small"
    assert changes["1"].before.result is None
    assert changes["1"].change is None
    assert changes["2"].before.reason == "complementary"
    assert changes["2"].change is None
    # A perspective that did not answer one round at all is suppressed there, not dropped.
    only_after = _subgroups({"2": {"collaborating": 9}, "1": {"informing": 9}})
    none_before = agg.subgroup_results({}, [ROW], [], 5)
    missing = {c.group.key: c for c in agg.compare_groups(none_before, only_after)}
    assert set(missing) == {"1", "2"}
    assert all(c.before.suppressed and c.change is None for c in missing.values())


def _line(html: str, perspective: Perspective) -> str:
    match = re.search(
        rf'<tr data-perspective="{perspective.pk}" data-row="{ROW}">(.*?)</tr>', html, re.S
    )
    assert match, f"no line for {perspective.label}"
    return " ".join(match.group(1).split())


def test_the_compare_page_shows_each_perspective_change_or_too_few_answers(cast):
    family = Perspective.objects.get(initiative=cast.initiative, key="family_youth")
    staff = Perspective.objects.get(initiative=cast.initiative, key="state_agency")
    county = Perspective.objects.get(initiative=cast.initiative, key="county_agency")
    first = make_round(
        cast.initiative,
        [("state_agency", "core", {ROW: "informing"})] * 12
        + [("county_agency", "core", {ROW: "informing"})] * 6
        + [("family_youth", "key", {ROW: "informing"})] * 2,
        name="Baseline",
        closes=dt.date(2025, 9, 1),
        threshold=5,
    )
    last = make_round(
        cast.initiative,
        [("state_agency", "core", {ROW: "collaborating"})] * 12
        + [("county_agency", "core", {ROW: "informing"})] * 6
        + [("family_youth", "key", {ROW: "transforming"})] * 6,
        name="A year on",
        threshold=5,
    )
    url = (
        reverse("measuring:compare", args=[cast.initiative.slug]) + f"?rounds={first.pk},{last.pk}"
    )
    html = cast.client("viewer").get(url).content.decode()
    assert "By perspective: how sure each change is" in html
    staff_line = _line(html, staff)
    assert "<td> 0.0% of 12 answers </td>" in staff_line
    assert "100.0% of 12 answers" in staff_line
    assert "+100.0 pts" in staff_line
    assert 'data-verdict="real"' in staff_line
    assert "a real change" in staff_line
    family_line = _line(html, family)
    assert "fewer than 5 answers" in family_line
    assert "100.0% of 6" in family_line  # its own last round is big enough to show
    assert "pts" not in family_line
    assert "a real change" not in family_line
    assert "no change can be shown" in family_line
    # The next smallest group is hidden with it in the first round, so the small one cannot
    # be worked out from the total; it says why.
    county_line = _line(html, county)
    assert "hidden to protect a smaller group" in county_line
    assert "pts" not in county_line

    spanish = cast.client("viewer").get(url, headers={"Accept-Language": "es"}).content.decode()
    assert "Por perspectiva" in spanish
    assert "menos de 5 respuestas" in _line(spanish, family)
    assert "un cambio real" in _line(spanish, staff)
