"""The what-next rules, on plain facts: each gap points to the tool that addresses it."""

from __future__ import annotations

from convener.toolkit.recommend import (
    Facts,
    PerspectiveFacts,
    missing_perspectives,
    never_answered,
    recommend,
    stuck_rows,
)

# An initiative with nothing to point out, changed one fact at a time below.
HEALTHY = Facts(
    stakeholders=20,
    circles={"core": 4, "key": 5, "extended": 6, "dissemination": 5},
    perspectives=(
        PerspectiveFacts("Family/Youth", 6, 30, True),
        PerspectiveFacts("School district", 14, 70),
    ),
    rounds=2,
    answered_perspectives=frozenset({"Family/Youth", "School district"}),
    activities=6,
    one_way=2,
    two_way=4,
    glossary_terms=5,
    has_purpose=True,
    relationships=3,
    related_work=2,
    custom_rows=1,
)


def _rules(facts: Facts) -> dict[str, str]:
    return {a.rule: a.tool for a in recommend(facts)}


def _replace(**changes: object) -> Facts:
    return Facts(**{**HEALTHY.__dict__, **changes})


def test_a_healthy_initiative_gets_no_advice():
    assert recommend(HEALTHY) == []


def test_an_empty_initiative_starts_with_four_simple_questions():
    advice = recommend(Facts())
    assert advice[0].rule == "empty_registry"
    assert advice[0].tool == "four_simple_questions"
    assert "never_measured" not in {a.rule for a in advice}  # nobody to ask yet


def test_missing_target_perspective_points_to_meet_the_stakeholders():
    facts = _replace(perspectives=(PerspectiveFacts("Family/Youth", 0, 30, True),))
    advice = {a.rule: a for a in recommend(facts)}
    assert advice["missing_perspectives"].tool == "meet_the_stakeholders"
    assert "Family/Youth" in advice["missing_perspectives"].reason


def test_missing_perspectives_falls_back_to_families_without_targets():
    perspectives = [PerspectiveFacts("Family/Youth", 0, None, True), PerspectiveFacts("Other", 0)]
    assert missing_perspectives(perspectives) == ["Family/Youth"]
    targeted = [PerspectiveFacts("Family/Youth", 0, None, True), PerspectiveFacts("Justice", 0, 10)]
    assert missing_perspectives(targeted) == ["Justice"]


def test_nobody_beyond_the_second_circle_points_to_engaging_everybody():
    facts = _replace(circles={"core": 5, "key": 15})
    assert _rules(facts) == {"second_circle": "engaging_everybody"}


def test_mostly_unplaced_people_point_to_engaging_everybody():
    facts = _replace(circles={"": 15, "core": 2, "extended": 3})
    advice = {a.rule: a for a in recommend(facts)}
    assert advice["unplaced"].tool == "engaging_everybody"
    assert "15 of 20" in advice["unplaced"].reason


def test_rows_stuck_at_informing_point_to_building_engagement_and_the_rubric_builder():
    facts = _replace(latest_round="Spring", informing_rows=("Data",), custom_rows=0)
    rules = _rules(facts)
    assert rules["stuck_informing"] == "building_engagement"
    assert rules["no_custom_rows"] == "problems_come_bundled"


def test_stuck_rows_reads_the_share_at_informing_without_not_sure():
    rows = [{"key": "a", "title": {"en": "Diversity"}}, {"key": "b", "title": {"en": "Data"}}]
    counts = {
        ("a", "informing"): 2,
        ("a", "networking"): 2,
        ("a", "not_sure"): 5,
        ("b", "informing"): 1,
        ("b", "collaborating"): 3,
    }
    assert stuck_rows(rows, counts, "en") == ["Diversity"]


def test_one_way_heavy_activities_point_to_one_way_two_way_learning():
    assert _rules(_replace(one_way=5, two_way=1)) == {"one_way_heavy": "one_way_two_way_learning"}
    # Without directions, the learning-from share decides.
    facts = _replace(one_way=0, two_way=0, learning_from=4, learning_with=1)
    assert _rules(facts) == {"one_way_heavy": "one_way_two_way_learning"}


def test_groups_that_never_answered_point_to_whats_in_it_for_me():
    facts = _replace(answered_perspectives=frozenset({"School district"}))
    assert never_answered(facts) == ["Family/Youth"]
    assert _rules(facts) == {"never_answered": "whats_in_it_for_me"}
    assert never_answered(_replace(answered_perspectives=frozenset())) == []


def test_declined_invitations_point_to_give_value_first():
    facts = _replace(waiting_invitations=("Youth Council",))
    advice = recommend(facts)
    assert [(a.rule, a.tool) for a in advice] == [("keep_inviting", "give_value_first")]
    assert "Youth Council" in advice[0].reason


def test_empty_glossary_then_missing_purpose():
    assert _rules(_replace(glossary_terms=0)) == {"empty_glossary": "learn_the_language"}
    assert _rules(_replace(has_purpose=False)) == {"no_purpose": "defining_our_core"}


def test_other_gaps_point_to_their_tools():
    assert _rules(_replace(rounds=0)) == {"never_measured": "measuring_progress"}
    assert _rules(_replace(relationships=0)) == {"no_web": "web_of_connections"}
    assert _rules(_replace(related_work=0)) == {"no_related_work": "four_simple_questions"}
    assert _rules(_replace(activities=0, one_way=0, two_way=0)) == {
        "no_activities": "building_engagement"
    }


def test_advice_comes_most_urgent_first():
    facts = _replace(glossary_terms=0, circles={"core": 5, "key": 15}, relationships=0)
    assert [a.rule for a in recommend(facts)] == ["second_circle", "empty_glossary", "no_web"]


def test_long_name_lists_are_shortened():
    names = tuple(f"Group {n}" for n in range(6))
    (advice,) = recommend(_replace(waiting_invitations=names))
    assert "Group 0, Group 1, Group 2 and 3 more" in advice.reason
