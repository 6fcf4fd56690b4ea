"""The one duplicate matcher (issue 16, break 5): pure functions, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from convener.stakeholders.matching import (
    Candidate,
    find_matches,
    fold,
    name_key,
    name_score,
    phone_key,
)

REGISTRY = [
    Candidate(id=1, name="Guadalupe Reyes", email="lupe@example.org", phone="(520) 555-0101"),
    Candidate(id=2, name="María López"),
    Candidate(id=3, name="Ana Ruiz", email="ana.ruiz@example.org"),
    Candidate(id=4, name="Youth Voices United", kind="organization"),
    Candidate(id=5, name="Priya Natarajan", phone="+1 520 555 0199"),
]


def ids(matches):
    return [m.candidate.id for m in matches]


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("  MARÍA-José  O'Connor. ") == "maria jose o connor"
    assert name_key("Dr. Priya Natarajan") == name_key("natarajan, priya")


def test_the_same_name_typed_again_at_a_walk_in_matches():
    assert ids(find_matches(name="guadalupe reyes", candidates=REGISTRY)) == [1]
    assert ids(find_matches(name="Maria Lopez", candidates=REGISTRY)) == [2]
    assert ids(find_matches(name="Lopez, María", candidates=REGISTRY)) == [2]
    assert ids(find_matches(name="Dr. Priya Natarajan", candidates=REGISTRY)) == [5]


def test_a_small_typo_matches_but_a_different_surname_does_not():
    assert ids(find_matches(name="Guadalupe Reyess", candidates=REGISTRY)) == [1]
    assert find_matches(name="Ana Ortiz", candidates=REGISTRY) == []
    assert find_matches(name="Guadalupe Ramírez", candidates=REGISTRY) == []


def test_email_or_phone_match_whatever_the_name():
    by_mail = find_matches(name="L. Reyes", email="LUPE@example.org ", candidates=REGISTRY)
    assert ids(by_mail) == [1]
    assert by_mail[0].reasons == ("email",)
    assert by_mail[0].strong
    by_phone = find_matches(name="Someone", phone="520.555.0199", candidates=REGISTRY)
    assert ids(by_phone) == [5]
    assert by_phone[0].reasons == ("phone",)


def test_phone_numbers_compare_by_their_national_digits():
    assert phone_key("+1 (520) 555-0101") == phone_key("520 555 0101") == "5205550101"
    assert phone_key("x12") == ""  # too short to identify anyone


def test_a_contact_match_ranks_before_a_name_only_match():
    registry = [Candidate(id=7, name="Ana Ruiz"), *REGISTRY]
    found = find_matches(name="Ana Ruiz", email="ana.ruiz@example.org", candidates=registry)
    assert ids(found) == [3, 7]
    assert found[0].reasons == ("email", "name")


def test_name_only_matches_keep_to_the_kind_asked_for():
    assert find_matches(name="Youth Voices United", kind="person", candidates=REGISTRY) == []
    found = find_matches(name="youth voices united", kind="organization", candidates=REGISTRY)
    assert ids(found) == [4]


def test_an_empty_name_matches_nobody():
    assert find_matches(name="  ", candidates=REGISTRY) == []
    assert name_score("", "Ana") == 0.0


@given(st.sampled_from([c.name for c in REGISTRY]), st.sampled_from(["upper", "lower", "title"]))
def test_any_registry_name_in_any_case_finds_itself(name, case):
    typed = getattr(name, case)()
    assert any(m.candidate.name == name for m in find_matches(name=typed, candidates=REGISTRY))
