"""Distribution, small-group suppression and the polarisation rule, without a database."""

from hypothesis import given
from hypothesis import strategies as st

from convener.consensus.processes import GRADIENTS, get_process
from convener.consensus.results import (
    NO_GROUP,
    GroupResult,
    GroupSpec,
    distribution,
    group_results,
    mean_support,
    polarisation,
    shown_counts,
    summarise,
)

FAMILIES = GroupSpec("family_youth", "Family/Youth", 10)
STATE = GroupSpec("state_agency", "State agency", 8)
COUNTY = GroupSpec("county_agency", "County agency", 6)
NONE = GroupSpec(NO_GROUP, "Perspective not given", 4)


def positions(group: str, *options: str) -> list[tuple[str, str]]:
    return [(group, o) for o in options]


def test_distribution_counts_each_option_in_the_process_order():
    result = distribution(GRADIENTS, ["endorse", "block", "endorse", "nonsense"])
    assert result.total == 3
    counts = {o.key: o.count for o in result.options}
    assert counts["endorse"] == 2
    assert counts["block"] == 1
    assert counts["abstain"] == 0
    assert [o.key for o in result.options] == [o.key for o in GRADIENTS.options]
    assert result.reasons_needed == 1
    assert abs(next(o.share for o in result.options if o.key == "endorse") - 2 / 3) < 1e-9


def test_distribution_of_nothing_has_no_mean_support():
    result = distribution(GRADIENTS, [])
    assert result.total == 0
    assert result.mean_support is None
    assert all(o.share == 0 for o in result.options)


def test_mean_support_leaves_abstentions_out():
    assert mean_support(GRADIENTS, ["endorse", "abstain"]) == 1.0
    assert mean_support(GRADIENTS, ["abstain"]) is None
    assert mean_support(GRADIENTS, ["endorse", "block"]) == 0.5


def test_groups_below_the_threshold_are_suppressed_with_no_figures():
    data = positions("family_youth", *["endorse"] * 5) + positions("state_agency", "block")
    data += positions("county_agency", *["endorse"] * 6)
    results = group_results(GRADIENTS, data, [FAMILIES, STATE, COUNTY], threshold=5)
    by_key = {r.key: r for r in results}
    state = by_key["state_agency"]
    assert state.suppressed
    assert state.reason == "small"
    assert state.count is None
    assert state.mean_support is None
    assert state.option_counts == ()
    assert state.participation is None


def test_one_suppressed_group_takes_the_smallest_shown_group_with_it():
    data = positions("family_youth", *["endorse"] * 5) + positions("state_agency", "block")
    data += positions("county_agency", *["endorse"] * 7)
    results = {r.key: r for r in group_results(GRADIENTS, data, [FAMILIES, STATE, COUNTY], 5)}
    assert results["family_youth"].suppressed
    assert results["family_youth"].reason == "complementary"
    assert not results["county_agency"].suppressed
    assert results["county_agency"].count == 7


def test_empty_groups_are_suppressed_like_small_ones():
    data = positions("family_youth", *["endorse"] * 5) + positions("state_agency", *["endorse"] * 5)
    results = {r.key: r for r in group_results(GRADIENTS, data, [FAMILIES, STATE, NONE, COUNTY])}
    assert results[NO_GROUP].suppressed
    assert results["county_agency"].suppressed
    assert not results["family_youth"].suppressed


def test_the_threshold_never_drops_below_three():
    data = positions("family_youth", "endorse", "endorse") + positions(
        "state_agency", *["block"] * 3
    )
    results = {r.key: r for r in group_results(GRADIENTS, data, [FAMILIES, STATE], threshold=1)}
    assert results["family_youth"].suppressed
    assert summarise(GRADIENTS, data, [FAMILIES, STATE], threshold=1).threshold == 3


def test_participation_is_measured_against_the_groups_audience():
    data = positions("family_youth", *["endorse"] * 5) + positions("state_agency", *["endorse"] * 6)
    results = {r.key: r for r in group_results(GRADIENTS, data, [FAMILIES, STATE])}
    assert results["family_youth"].participation == 0.5
    assert results["state_agency"].participation == 0.75


def test_families_with_serious_reservations_and_endorsing_agencies_are_polarised():
    data = positions("family_youth", *["serious_reservations"] * 6)
    data += positions("state_agency", *["endorse"] * 4, "endorse_minor")
    result = summarise(GRADIENTS, data, [FAMILIES, STATE], threshold=5)
    assert result.polarisation.polarised
    assert result.polarisation.low is not None
    assert result.polarisation.low.key == "family_youth"
    assert result.polarisation.high is not None
    assert result.polarisation.high.key == "state_agency"
    assert result.polarisation.gap is not None
    assert result.polarisation.gap >= 0.4


def test_lukewarm_against_reserved_is_not_polarised():
    data = positions("family_youth", *["serious_reservations"] * 5)
    data += positions("state_agency", *["agree_reservations"] * 5)
    assert not summarise(GRADIENTS, data, [FAMILIES, STATE]).polarisation.polarised


def test_everyone_low_is_not_polarised():
    process = get_process("fist_to_five")
    data = positions("family_youth", *["one"] * 5) + positions("state_agency", *["two"] * 5)
    assert not summarise(process, data, [FAMILIES, STATE]).polarisation.polarised


def test_a_suppressed_group_does_not_count_towards_polarisation():
    data = positions("family_youth", *["block"] * 2)  # too few to show
    data += positions("state_agency", *["endorse"] * 5) + positions(
        "county_agency", *["endorse"] * 6
    )
    result = summarise(GRADIENTS, data, [FAMILIES, STATE, COUNTY], threshold=5)
    assert not result.polarisation.polarised
    assert (
        result.polarisation.compared == 1
    )  # the state group went with the families (complementary)


def test_consent_objections_in_one_perspective_flag_polarisation():
    consent = get_process("consent")
    data = positions("family_youth", *["objection"] * 5) + positions(
        "state_agency", *["consent"] * 5
    )
    assert summarise(consent, data, [FAMILIES, STATE]).polarisation.polarised


def test_groups_that_only_abstain_are_not_compared():
    data = positions("family_youth", *["abstain"] * 5) + positions("state_agency", *["endorse"] * 5)
    result = summarise(GRADIENTS, data, [FAMILIES, STATE])
    assert result.polarisation.compared == 1
    assert not result.polarisation.polarised


def test_shown_counts_leave_out_suppressed_groups():
    results = [
        GroupResult("a", "A", 5, False, count=6),
        GroupResult("b", "B", 5, True, "small"),
    ]
    assert shown_counts(results) == {"A": 6}


def test_summary_counts_the_audience_of_every_group():
    assert summarise(GRADIENTS, [], [FAMILIES, STATE, NONE]).audience == 22


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["family_youth", "state_agency", "county_agency"]),
            st.sampled_from([o.key for o in GRADIENTS.options]),
        ),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=8),
)
def test_no_shown_group_is_ever_smaller_than_the_threshold(data, threshold):
    results = group_results(GRADIENTS, data, [FAMILIES, STATE, COUNTY], threshold)
    limit = max(threshold, 3)
    assert all(r.suppressed or (r.count or 0) >= limit for r in results)
    assert sum(r.suppressed for r in results) != 1  # one hidden group never stands alone
    flag = polarisation(results)
    assert flag.compared <= sum(not r.suppressed for r in results)
