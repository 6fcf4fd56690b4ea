"""The built-in pack and the loader, without a database."""

from __future__ import annotations

import json

import pytest

from convener.framework.packs import (
    BUILTIN_PACK_DIR,
    DEPTH_KEYS,
    LocalizedText,
    builtin_pack,
    load_pack,
    load_pack_documents,
    localize,
    missing_translations,
    pack_from_documents,
)

HABITS = ("coalescing", "participation", "work_together", "bringing_together")
ROWS = (
    "coalescing.diversity",
    "coalescing.data",
    "coalescing.consensus",
    "coalescing.future_work",
    "participation.ensure",
    "participation.translate",
    "work_together.communicate",
    "work_together.demonstrate",
)
TOOLS_BY_HABIT = {
    "coalescing": {
        "how_people_are",
        "four_simple_questions",
        "seeds_of_trust",
        "meet_the_stakeholders",
    },
    "participation": {
        "whats_in_it_for_me",
        "engaging_everybody",
        "learn_the_language",
        "web_of_connections",
    },
    "work_together": {
        "problems_come_bundled",
        "building_engagement",
        "defining_our_core",
        "one_way_two_way_learning",
    },
    "bringing_together": {
        "quick_chronology",
        "give_value_first",
        "your_brand",
        "measuring_progress",
    },
}


def test_builtin_pack_loads_with_its_manifest():
    pack = builtin_pack()
    assert (pack.key, pack.version) == ("lbc", "1.0.0")
    assert pack.languages == ("en", "es")
    assert localize(pack.title, "en") == "Leading by Convening"


def test_builtin_pack_is_built_once():
    assert builtin_pack() is builtin_pack()


def test_depth_levels_are_the_four_in_order():
    pack = builtin_pack()
    assert (
        pack.depth_keys
        == DEPTH_KEYS
        == (
            "informing",
            "networking",
            "collaborating",
            "transforming",
        )
    )
    assert [level.position for level in pack.depth_levels] == [1, 2, 3, 4]


def test_stable_habit_and_rubric_row_keys_are_present():
    pack = builtin_pack()
    assert pack.habit_keys == HABITS
    assert pack.rubric_row_keys == ROWS
    assert pack.habit("bringing_together").is_integrating
    assert [row.key for row in pack.rows_for_habit("participation")] == [
        "participation.ensure",
        "participation.translate",
    ]
    assert pack.rubric_row("coalescing.data").habit == "coalescing"


def test_sixteen_tools_four_per_habit():
    pack = builtin_pack()
    assert len(pack.tools) == 16
    for habit, keys in TOOLS_BY_HABIT.items():
        assert {tool.key for tool in pack.tools_for_habit(habit)} == keys


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_rubric_row_has_four_descriptors_in_each_language(language):
    for row in builtin_pack().rubric_rows:
        assert len(row.descriptors) == 4
        assert all(language in text and text[language].strip() for text in row.descriptors)
        assert language in row.title
        assert language in row.question


def test_every_text_of_the_builtin_pack_is_in_english_and_spanish():
    assert missing_translations(builtin_pack()) == []


def test_spanish_differs_from_english_for_what_participants_see():
    pack = builtin_pack()
    texts: list[LocalizedText] = [habit.name for habit in pack.habits]
    texts += [level.name for level in pack.depth_levels]
    texts += [level.description for level in pack.depth_levels]
    texts += [row.title for row in pack.rubric_rows]
    texts += [text for row in pack.rubric_rows for text in row.descriptors]
    for text in texts:
        assert text["es"] != text["en"]


def test_elements_and_pay_attention_tests():
    pack = builtin_pack()
    assert [element.key for element in pack.elements] == ["technical", "adaptive", "operational"]
    assert len(pack.element("operational").criteria) == 4
    coalescing = pack.habit("coalescing")
    assert len(coalescing.adaptive_elements) == len(coalescing.technical_elements) == 6


def test_leadership_approaches_and_quiz_key():
    pack = builtin_pack()
    assert [a.key for a in pack.leadership_approaches] == [
        "top_down",
        "bottom_up",
        "leading_by_convening",
    ]
    for approach in pack.leadership_approaches:
        assert approach.who
        assert approach.how
        assert approach.why
    quiz = pack.leadership_quiz
    assert quiz is not None
    assert quiz.categories == ("top_down", "bottom_up", "leading_by_convening")
    # The key from the framework reading (section 4.3), statement by statement.
    assert [item.answer for item in quiz.items] == [
        "leading_by_convening",
        "top_down",
        "bottom_up",
        "top_down",
        "leading_by_convening",
        "bottom_up",
        "bottom_up",
        "top_down",
        "leading_by_convening",
        "bottom_up",
        "leading_by_convening",
        "top_down",
    ]
    assert quiz.is_correct("q10", "bottom_up")
    assert not quiz.is_correct("q10", "leading_by_convening")


def test_every_quiz_statement_restates_a_bullet_of_its_approach():
    pack = builtin_pack()
    assert pack.leadership_quiz is not None
    for item in pack.leadership_quiz.items:
        approach = pack.leadership_approach(item.answer)
        assert item.statement in approach.who + approach.how + approach.why


def test_lookups_raise_key_error_for_unknown_keys():
    pack = builtin_pack()
    with pytest.raises(KeyError, match="no habit with key 'leading'"):
        pack.habit("leading")
    with pytest.raises(KeyError):
        pack.rubric_row("coalescing.nothing")
    assert pack.rows_for_habit("bringing_together") == ()


def test_documents_survive_a_json_round_trip():
    documents = load_pack_documents(BUILTIN_PACK_DIR)
    stored = json.loads(json.dumps(documents))
    assert pack_from_documents(stored) == builtin_pack()


def test_load_pack_accepts_the_manifest_path():
    assert load_pack(BUILTIN_PACK_DIR / "pack.yaml") == builtin_pack()


def test_as_card_localizes_every_field():
    pack = builtin_pack()
    row = pack.rubric_row("coalescing.data").as_card(pack, "es")
    assert row["title"] == "Investigar y acordar los datos pertinentes"
    assert [depth for depth, _ in row["cells"]] == list(DEPTH_KEYS)
    assert row["habit_name"] == "Unirse en torno a los temas"
    habit = pack.habit("coalescing").as_card(pack, "en")
    assert habit["summary"] == habit["purpose"]


class TestLocalize:
    def test_plain_string_is_english_for_everyone(self):
        assert localize("Hello", "es") == "Hello"

    def test_picks_the_language_then_its_base_then_english(self):
        text = {"en": "Informing", "es": "Informar"}
        assert localize(text, "es") == "Informar"
        assert localize(text, "es-MX") == "Informar"
        assert localize(text, "es_AR") == "Informar"
        assert localize(text, "fr") == "Informing"
        assert localize(text, None) == "Informing"

    def test_none_is_empty(self):
        assert localize(None, "en") == ""

    def test_localized_text_needs_english(self):
        with pytest.raises(ValueError, match="English"):
            LocalizedText({"es": "Hola"})

    def test_localized_text_is_hashable_and_compares_with_plain_values(self):
        text = LocalizedText({"en": "a", "es": "b"})
        assert text == {"en": "a", "es": "b"}
        assert LocalizedText("a") == "a"
        assert hash(text) == hash(LocalizedText({"es": "b", "en": "a"}))
        assert str(text) == "a"
        assert text.get_text("es") == "b"
