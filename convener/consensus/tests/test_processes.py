"""The decision processes as data: complete, bilingual, with reasons where they matter."""

import pytest

from convener.consensus.processes import GRADIENTS, PROCESSES, get_process


def test_the_five_processes_are_offered():
    assert set(PROCESSES) == {
        "gradients",
        "consensus_block",
        "consent",
        "fist_to_five",
        "sense_check",
    }


def test_gradients_of_agreement_run_through_eight_levels_from_endorsement_to_block():
    keys = [o.key for o in GRADIENTS.options]
    assert len(keys) == 8
    assert keys[0] == "endorse"
    assert keys[-1] == "block"
    assert GRADIENTS.option("endorse").label() == "Whole-hearted endorsement"


@pytest.mark.parametrize("process", PROCESSES.values(), ids=lambda p: p.key)
def test_every_option_has_a_meaning_in_english_and_spanish(process):
    assert process.name("es") != process.name("en")
    for option in process.options:
        assert option.label("en") == option.label_text
        assert option.label("es") != option.label("en")
        assert option.meaning("en") == option.meaning_text
        assert option.meaning("es") != option.meaning("en")
    assert len({o.key for o in process.options}) == len(process.options)


@pytest.mark.parametrize(
    ("process", "option"),
    [
        ("gradients", "block"),
        ("gradients", "serious_reservations"),
        ("consensus_block", "block"),
        ("consent", "objection"),
        ("fist_to_five", "fist"),
    ],
)
def test_blocks_objections_and_serious_reservations_need_a_reason(process, option):
    assert get_process(process).option(option).needs_reason


def test_endorsement_and_consent_need_no_reason():
    assert not GRADIENTS.option("endorse").needs_reason
    assert not get_process("consent").option("consent").needs_reason


@pytest.mark.parametrize("process", PROCESSES.values(), ids=lambda p: p.key)
def test_support_falls_from_the_first_option_to_the_last(process):
    supports = [o.support for o in process.options if o.support is not None]
    assert supports == sorted(supports, reverse=True)
    assert process.support_ratio(process.options[0].key) == 1.0
    assert process.support_ratio(process.options[-1].key) == 0.0


def test_abstaining_expresses_no_support_either_way():
    assert GRADIENTS.support_ratio("abstain") is None


def test_spanish_falls_back_to_english_for_other_languages():
    option = GRADIENTS.option("block")
    assert option.label("es-MX") == "Bloqueo"
    assert option.label("fr") == "Block"


def test_choices_give_the_live_item_config_shape():
    first = GRADIENTS.choices("es")[0]
    assert set(first) == {"key", "label", "meaning", "needs_reason"}
    assert first["label"] == "Apoyo total"


def test_unknown_option_and_process_raise_key_error():
    with pytest.raises(KeyError):
        GRADIENTS.option("maybe")
    with pytest.raises(KeyError):
        get_process("majority_vote")
