"""The participation analytics, tested on plain data: no database."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from convener.stakeholders.analytics import (
    CIRCLES,
    ORGANIZATION,
    SCALES,
    PerspectiveTarget,
    StakeholderFacts,
    analyse,
    balance,
    circle_summary,
    landscape,
    pielou_evenness,
    range_checks,
    reference_shares,
)

TAXONOMY = [
    PerspectiveTarget("family_youth", "Family/Youth", True),
    PerspectiveTarget("state_agency", "State agency"),
    PerspectiveTarget("county_agency", "County agency"),
    PerspectiveTarget("school_district", "School district"),
]


def person(key: str = "family_youth", **changes: object) -> StakeholderFacts:
    label = {t.key: t.label for t in TAXONOMY}.get(key, "")
    base = StakeholderFacts(
        perspective_key=key,
        perspective_label=label,
        is_family_youth=key == "family_youth",
        circle="core",
        side="external",
        power="influence",
        stance="supporter",
        scale="local",
        interest=True,
        affected=False,
        can_affect=False,
        organization_id=None,
    )
    return replace(base, **changes)


def well_rounded() -> list[StakeholderFacts]:
    """Everyone present, every level, critics, authority and influence, affected families."""
    people = []
    for i, (key, scale, circle) in enumerate(
        zip(
            [t.key for t in TAXONOMY] * 2,
            SCALES * 2,
            CIRCLES * 2,
            strict=True,
        )
    ):
        people.append(
            person(
                key,
                scale=scale,
                circle=circle,
                power="both",
                stance="critic" if i == 0 else "supporter",
                affected=key == "family_youth",
                id=i + 1,
                name=f"P{i}",
            )
        )
    return people


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


# --- Evenness --------------------------------------------------------------------------------


def test_evenness_is_one_for_a_perfectly_even_mix():
    assert pielou_evenness([5, 5, 5, 5]) == 1.0


def test_evenness_is_zero_when_everyone_shares_one_perspective():
    assert pielou_evenness([9, 0, 0, 0]) == 0.0


def test_a_missing_perspective_lowers_evenness():
    assert (pielou_evenness([5, 5, 5, 0]) or 0) < (pielou_evenness([5, 5, 5, 5]) or 0)
    assert math.isclose(pielou_evenness([5, 5, 5, 0]) or 0, math.log(3) / math.log(4))


def test_evenness_is_undefined_for_nobody_or_one_category():
    assert pielou_evenness([0, 0, 0]) is None
    assert pielou_evenness([7]) is None


@settings(deadline=None)  # timing varies on shared CI machines; the maths does not
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=15))
def test_evenness_stays_between_zero_and_one(counts):
    j = pielou_evenness(counts)
    if sum(counts) == 0:
        assert j is None
    else:
        assert j is not None
        assert 0.0 <= j <= 1.0


@settings(deadline=None)  # timing varies on shared CI machines; the maths does not
@given(st.integers(min_value=1, max_value=200), st.integers(min_value=2, max_value=15))
def test_evenness_is_one_for_any_even_mix(n, k):
    assert math.isclose(pielou_evenness([n] * k) or 0, 1.0)


# --- Balance ---------------------------------------------------------------------------------

facts_strategy = st.lists(
    st.builds(
        person,
        st.sampled_from([t.key for t in TAXONOMY] + ["", "unknown_key"]),
        circle=st.sampled_from([*CIRCLES, ""]),
        stance=st.sampled_from(["supporter", "critic", "neutral", ""]),
        scale=st.sampled_from([*SCALES, ""]),
        power=st.sampled_from(["authority", "influence", "both", ""]),
        affected=st.booleans(),
        kind=st.sampled_from(["person", "person", ORGANIZATION]),
    ),
    max_size=60,
)
targets_strategy = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=100)), min_size=4, max_size=4
)


@settings(deadline=None)  # timing varies on shared CI machines; the maths does not
@given(facts_strategy, targets_strategy)
def test_shares_sum_to_one_and_distance_is_a_fraction(facts, targets):
    taxonomy = [replace(t, target_percent=v) for t, v in zip(TAXONOMY, targets, strict=True)]
    mix = balance(facts, taxonomy)
    if mix.people:
        assert math.isclose(sum(p.share for p in mix.perspectives), 1.0)
        assert mix.distance is not None
        assert 0.0 <= mix.distance <= 1.0 + 1e-9
    else:
        assert mix.distance is None
    assert math.isclose(sum(p.reference for p in mix.perspectives), 1.0)
    people = [f for f in facts if f.kind == "person"]
    assert mix.people + mix.unassigned == len(people)


@settings(deadline=None)  # timing varies on shared CI machines; the maths does not
@given(facts_strategy)
def test_the_report_holds_together_for_any_facts(facts):
    report = analyse(facts, TAXONOMY)
    assert report.total == len(facts) == report.people + report.groups
    assert report.circles.placed + report.circles.unplaced == len(facts)
    assert report.findings, "there is always at least one sentence to read"
    if report.balance.evenness is not None:
        assert 0.0 <= report.balance.evenness <= 1.0


def test_without_targets_every_perspective_is_compared_with_an_even_share():
    shares, reference = reference_shares(TAXONOMY)
    assert reference == "even"
    assert shares == [0.25] * 4


def test_perspectives_without_a_target_share_what_is_left():
    taxonomy = [replace(TAXONOMY[0], target_percent=40), replace(TAXONOMY[1], target_percent=20)]
    shares, reference = reference_shares([*taxonomy, *TAXONOMY[2:]])
    assert reference == "target"
    assert shares == [0.4, 0.2, 0.2, 0.2]


def test_targets_set_for_everyone_are_scaled_to_one_hundred():
    taxonomy = [replace(t, target_percent=10) for t in TAXONOMY]
    shares, reference = reference_shares(taxonomy)
    assert (shares, reference) == ([0.25] * 4, "target")
    zeros = [replace(t, target_percent=0) for t in TAXONOMY]
    assert reference_shares(zeros) == ([0.25] * 4, "even")


def test_targets_over_one_hundred_are_scaled_down():
    taxonomy = [replace(t, target_percent=50) for t in TAXONOMY]
    shares, _reference = reference_shares(taxonomy)
    assert shares == [0.25] * 4


def test_distance_from_the_target_mix_is_half_the_sum_of_gaps():
    taxonomy = [replace(t, target_percent=25) for t in TAXONOMY]
    facts = [person("state_agency")] * 3 + [person("county_agency")]
    mix = balance(facts, taxonomy)
    # shares 0, .75, .25, 0 against .25 each: ½(.25 + .5 + 0 + .25) = .5
    assert math.isclose(mix.distance or 0, 0.5)
    statuses = {p.key: p.status for p in mix.perspectives}
    assert statuses == {
        "family_youth": "missing",
        "state_agency": "over",
        "county_agency": "ok",
        "school_district": "missing",
    }


def test_a_perspective_with_a_zero_target_and_nobody_is_not_missing():
    taxonomy = [replace(TAXONOMY[0], target_percent=0), *TAXONOMY[1:]]
    mix = balance([person("state_agency")], taxonomy)
    assert mix.perspectives[0].status == "ok"


def test_people_without_a_perspective_are_counted_apart():
    mix = balance([person(""), person("state_agency")], TAXONOMY)
    assert mix.people == 1
    assert mix.unassigned == 1


def test_organizations_count_in_circles_but_not_in_the_balance():
    org = person("state_agency", kind=ORGANIZATION, id=9, name="Dept.", circle="key")
    report = analyse([org, person("family_youth")], TAXONOMY)
    assert report.balance.people == 1
    assert report.circles.counts[1].count == 1
    assert report.circles.counts[1].groups == 1


# --- Circles, landscape and range -------------------------------------------------------------


def test_circle_counts_keep_the_centre_first_and_name_a_few():
    facts = [person(circle="core", name=f"N{i}") for i in range(5)] + [person(circle="")]
    summary = circle_summary(facts)
    assert [c.circle for c in summary.counts] == list(CIRCLES)
    assert summary.counts[0].count == 5
    assert summary.counts[0].names == ("N0", "N1", "N2")
    assert summary.unplaced == 1
    assert summary.nobody_beyond_second


def test_an_organization_engaged_through_two_people_is_flagged_by_name():
    facts = [
        person(organization_id=7),
        person(organization_id=7),
        person(organization_id=8),
        person(organization_id=8),
        person(organization_id=8),
    ]
    summary = circle_summary(facts, {7: "Parent Network", 8: "County Health"})
    assert [(o.name, o.people) for o in summary.shallow_organizations] == [("Parent Network", 2)]
    report = analyse(facts, TAXONOMY, {7: "Parent Network", 8: "County Health"})
    assert any(
        f.code == "shallow_organization" and "Parent Network" in f.message for f in report.findings
    )


def test_landscape_counts_each_level_of_concern_by_side():
    facts = [
        person(interest=True, affected=True, side="internal"),
        person("state_agency", interest=False, can_affect=True, side="external"),
        person("state_agency", interest=True, side=""),
    ]
    rows = {r.concern: r for r in landscape(facts)}
    assert (rows["interest"].internal, rows["interest"].unknown) == (1, 1)
    assert rows["affected"].family_youth == 1
    assert rows["can_affect"].external == 1
    assert rows["can_affect"].total == 1


def test_range_checks_pass_for_a_well_rounded_table():
    assert all(check.passed for check in range_checks(well_rounded()))


def test_range_checks_name_what_is_missing():
    checks = {c.key: c for c in range_checks([person(power="authority", scale="state")])}
    assert not checks["critics"].passed
    assert checks["scale"].missing == ("regional", "local", "practice")
    assert checks["power"].missing == ("influence",)
    assert not checks["affected_family_youth"].passed


# --- Findings --------------------------------------------------------------------------------


def test_a_well_rounded_table_gets_one_encouraging_finding():
    report = analyse(well_rounded(), TAXONOMY)
    assert codes(report) == ["balanced"]
    assert report.findings[0].severity == "ok"


def test_findings_say_plainly_what_is_missing():
    facts = [person("state_agency", circle="core") for _ in range(8)] + [
        person("county_agency", circle="key") for _ in range(3)
    ]
    report = analyse(facts, TAXONOMY)
    messages = [f.message for f in report.findings]
    assert codes(report)[0] == "missing_family_youth"
    assert messages[0].startswith("Family/Youth are missing")
    assert "100% of people in the registry are agency staff." in messages
    assert "No critics at the table" in " ".join(messages)
    assert "beyond the second circle" in " ".join(messages)
    assert "nobody_beyond_second_circle" in codes(report)


@settings(deadline=None)  # timing varies on shared CI machines; the maths does not
@given(facts_strategy)
def test_a_missing_family_youth_perspective_is_always_mentioned(facts):
    without_families = [f for f in facts if f.perspective_key != "family_youth"]
    report = analyse(without_families, TAXONOMY)
    if report.people:
        assert "missing_family_youth" in codes(report)
        assert any("Family/Youth" in f.message for f in report.findings)


def test_findings_for_one_circle_do_not_complain_about_the_outer_circles():
    facts = [person("state_agency", circle="core", organization_id=3)]
    report = analyse(facts, TAXONOMY, about_circles=False)
    assert "nobody_beyond_second_circle" not in codes(report)
    assert "shallow_organization" not in codes(report)


def test_few_people_beyond_the_second_circle_is_noticed():
    facts = [person(circle="core") for _ in range(20)] + [person(circle="dissemination")]
    assert "few_beyond_second_circle" in codes(analyse(facts, TAXONOMY))


def test_nobody_at_all_is_said_kindly():
    report = analyse([], TAXONOMY)
    assert codes(report) == ["nobody"]


def test_under_represented_perspectives_are_compared_with_their_target():
    taxonomy = [replace(TAXONOMY[0], target_percent=40), *TAXONOMY[1:]]
    facts = [person("family_youth")] + [person(k) for k in ("state_agency", "county_agency")] * 5
    facts += [person("school_district")] * 3
    report = analyse(facts, taxonomy)
    under = [f for f in report.findings if f.code == "under"]
    assert under[0].message == (
        "Family/Youth: 7% of people in the registry, well below the target of 40%."
    )
    assert codes(report)[0] == "under", "families and youth come first"


def test_findings_are_translated():
    from django.utils import translation

    with translation.override("es"):
        report = analyse([], TAXONOMY)
    assert (
        report.findings[0].message != "No one is listed here yet, so there is nothing to balance."
    )
