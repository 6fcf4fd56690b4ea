"""The item editor's pure parts: typed lines ↔ item config, and plain-form answers. No database."""

from __future__ import annotations

import random

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from convener.framework.packs import builtin_pack
from convener.live import kinds, leadership
from convener.live.forms import InvalidAnswer, answer_from_post
from convener.live.forms.item_config import (
    IMAGE_PATH,
    build_config,
    current_picks,
    image_name,
    initial_data,
    is_drawn,
    keep_keys,
    with_spanish,
)

PACK = builtin_pack()
BULLETS = leadership.table_bullets(PACK)


def _rng() -> random.Random:
    return random.Random(5)  # noqa: S311 -- a seeded shuffle makes the draw repeatable


def _messages(problems: list[tuple[str, object]]) -> dict[str, str]:
    return {field: str(message) for field, message in problems}


# --- Keys and names ---


def test_existing_keys_are_kept_by_position_and_new_ones_skip_taken_names():
    existing = [{"key": "o2"}, {"key": "yes"}, {"key": "no"}]
    assert keep_keys(existing, 2, "o") == ["o2", "yes"]
    assert keep_keys(existing, 5, "o") == ["o2", "yes", "no", "o1", "o3"]
    assert keep_keys([], 3, "s") == ["s1", "s2", "s3"]


@settings(max_examples=60, deadline=None)
@given(
    old=st.lists(st.sampled_from(["o1", "o2", "o3", "a", "b"]), unique=True, max_size=5),
    count=st.integers(min_value=0, max_value=8),
)
def test_keys_are_unique_and_as_many_as_lines(old: list[str], count: int):
    keys = keep_keys([{"key": k} for k in old], count, "o")
    assert len(keys) == count
    assert len(set(keys)) == count
    assert keys[: min(count, len(old))] == old[:count]


def test_image_names_come_back_from_their_static_path():
    assert image_name(IMAGE_PATH.format("compass")) == "compass"
    assert image_name("elsewhere/photo.png") == "elsewhere/photo.png"


# --- Lines → config → lines ---

ROUND_TRIPS = [
    ("single", {"options": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}]}),
    ("multi", {"options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}], "max": 2}),
    ("emoji", {"options": [{"key": "h", "label": "Hopeful", "emoji": "🙂"},
                           {"key": "w", "label": "Worried", "emoji": "😟"}]}),
    ("rating", {"statements": [{"key": "s1", "label": "Trust"}], "min": 1, "max": 5,
                "low_label": "Low", "high_label": "High"}),
    ("quiz", {"options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}],
              "answer": "b", "explanation": "Because"}),
    ("classify", {"categories": [{"key": "c1", "label": "Who"}, {"key": "c2", "label": "How"}],
                  "statements": [{"key": "s1", "label": "Sets it", "answer": "c1"}],
                  "explanation": "See the table"}),
    ("image", {"options": [
        {"key": "o1", "label": "Compass", "image": "live/img/compass.svg", "alt": "A compass"},
        {"key": "o2", "label": "Bridge", "image": "live/img/bridge.svg", "alt": "A bridge"}]}),
    ("quadrant", {"x_low": "Low", "x_high": "High", "y_low": "Weak", "y_high": "Strong",
                  "quadrant_labels": ["A", "B", "C", "D"],
                  "statements": [{"key": "s1", "label": "Us"}]}),
    ("open_text", {"max_length": 140}),
    ("slide", {"body": "Welcome"}),
    ("breakout", {"mode": "manual", "group_count": 3, "prompt": "Map it",
                  "worksheet_section": "four_questions:who"}),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "config"), ROUND_TRIPS, ids=[k for k, _c in ROUND_TRIPS])
def test_an_item_edited_unchanged_keeps_its_config(kind: str, config: dict):
    data = initial_data(kind, "Prompt", config)
    assert data["prompt"] == "Prompt"
    built, problems = build_config(kind, data, existing=config)
    assert problems == []
    assert built == config
    assert kinds.validate_config(kind, built) == []


def test_true_false_keeps_the_answer_and_explanation():
    assert initial_data("true_false", "P", {"answer": False})["true_answer"] == "false"
    built, problems = build_config(
        "true_false", {"true_answer": False, "explanation": "No"}, existing={}
    )
    assert (built, problems) == ({"answer": False, "explanation": "No"}, [])


def test_each_kind_names_the_field_that_is_wrong():
    _config, problems = build_config("quiz", {"quiz_options": "*A\n*B"}, existing={})
    assert "asterisk" in _messages(problems)["quiz_options"]
    config, problems = build_config("multi", {"options": "A\nB", "max_choices": 3}, existing={})
    assert config["max"] == 3
    assert "cannot exceed" in _messages(problems)["max_choices"]
    _config, problems = build_config("single", {"options": "Only"}, existing={})
    assert _messages(problems) == {"options": "Give at least 2 lines."}
    _config, problems = build_config(
        "rating",
        {"statements": "S", "scale_min": 5, "scale_max": 5, "low_label": "", "high_label": ""},
        existing={},
    )
    assert "above the lowest" in _messages(problems)["scale_max"]


def test_images_list_every_bad_line_in_one_message():
    config, problems = build_config(
        "image", {"image_options": "nope | X | Y\nbridge | Bridge |"}, existing={}
    )
    assert config == {"options": []}
    assert _messages(problems) == {
        "image_options": "Line 1: unknown image “nope”; "
        "line 2: a label and a text alternative are required."
    }


def test_typed_classify_needs_known_categories_and_matches_them_without_case():
    data = {"categories": "Who\nHow", "classify_statements": "A | why\nB | When", "explanation": ""}
    _config, problems = build_config("classify", data, existing={})
    assert _messages(problems) == {
        "classify_statements": "These categories are not in the list: When, why"
    }
    data["classify_statements"] = "A | who\nB | HOW"
    config, problems = build_config("classify", data, existing={})
    assert problems == []
    assert [s["answer"] for s in config["statements"]] == ["c1", "c2"]


# --- A sorting quiz drawn from the leadership table ---


def test_a_drawn_quiz_takes_that_many_statements_from_the_chosen_column():
    data = {"statement_source": "draw", "draw_columns": ["who"], "draw_count": 3,
            "explanation": ""}  # fmt: skip
    config, problems = build_config(
        "classify", data, existing={}, pack=PACK, bullets=BULLETS, rng=_rng()
    )
    assert problems == []
    assert len(config["statements"]) == 3
    who = {b.key for b in BULLETS if b.column == "who"}
    assert {s["key"] for s in config["statements"]} <= who
    assert "es" in config["translations"]


def test_drawing_too_many_or_picking_nothing_is_refused():
    available = sum(1 for b in BULLETS if b.column == "why")
    data = {"statement_source": "draw", "draw_columns": ["why"], "draw_count": available + 1,
            "explanation": ""}  # fmt: skip
    config, problems = build_config("classify", data, existing={}, pack=PACK, bullets=BULLETS)
    assert config == {}
    assert str(available) in _messages(problems)["draw_count"]
    data = {"statement_source": "pick", "draw_picks": [], "explanation": ""}
    _config, problems = build_config("classify", data, existing={}, pack=PACK, bullets=BULLETS)
    assert list(_messages(problems)) == ["draw_picks"]


def test_the_lines_a_quiz_holds_are_ticked_by_key_or_by_the_same_english():
    config = {"statements": [{"key": BULLETS[0].key}, {"key": "x", "label": BULLETS[2].label}]}
    assert current_picks(BULLETS, config) == [BULLETS[0].key, BULLETS[2].key]
    assert is_drawn("classify", {"statement_source": "pick"})
    assert not is_drawn("classify", {"statement_source": ""})
    assert not is_drawn("quiz", {"statement_source": "draw"})


# --- Spanish ---


def test_spanish_is_added_other_languages_kept_and_wrong_lengths_reported():
    config = {"options": [{"key": "o1", "label": "Yes"}, {"key": "o2", "label": "No"}]}
    existing = {"translations": {"es": {"prompt": "Old"}, "fr": {"prompt": "Prêts ?"}}}
    data = {"es_prompt": " ¿Listos? ", "es_options": "Sí\nNo"}
    merged, problems = with_spanish("single", dict(config), data, existing=existing)
    assert problems == {}
    assert merged["translations"] == {
        "fr": {"prompt": "Prêts ?"},
        "es": {"prompt": "¿Listos?", "labels": {"o1": "Sí", "o2": "No"}},
    }
    merged, problems = with_spanish("single", dict(config), {"es_options": "Sí"}, existing={})
    assert "2 in English, 1 in Spanish" in problems["es_options"]
    assert "translations" not in merged


def test_a_drawn_quiz_keeps_the_packs_spanish_and_ignores_the_list_boxes():
    data = {"statement_source": "pick", "draw_picks": [BULLETS[0].key], "explanation": "",
            "es_prompt": "¿Cuál?", "es_statements": "ignored"}  # fmt: skip
    config, _problems = build_config("classify", data, existing={}, pack=PACK, bullets=BULLETS)
    merged, problems = with_spanish("classify", config, data, existing={})
    assert problems == {}
    spanish = merged["translations"]["es"]
    assert spanish["prompt"] == "¿Cuál?"
    assert spanish["labels"][BULLETS[0].key] == BULLETS[0].text["es"]


# --- Answers from a plain HTML form ---


def _post(query: str) -> QueryDict:
    return QueryDict(query)


def test_a_proposal_keeps_its_reason_and_unplaced_ranks_go_last():
    assert answer_from_post("proposal", {}, _post("choice=yes&text=+fine+")) == ("yes", "fine")
    options = {"options": [{"key": "a"}, {"key": "b"}, {"key": "c"}]}
    assert answer_from_post("ranking", options, _post("rank:c=1&rank:a=x")) == (["c", "a", "b"], "")


@pytest.mark.parametrize(
    ("kind", "query", "answer"),
    [
        ("single", "choice=a&text=ignored", ("a", "")),
        ("emoji", "choice=%F0%9F%98%80", ("\N{GRINNING FACE}", "")),
        ("image", "choice=photo2", ("photo2", "")),
        ("quiz", "choice=b", ("b", "")),
        ("true_false", "choice=false", (False, "")),
        ("multi", "choice=a&choice=c", (["a", "c"], "")),
        ("rating", "r:s=7&r:t=", ({"s": 7}, "")),
        ("classify", "c:s=who&c:t=", ({"s": "who"}, "")),
        ("quadrant", "qx:s=10&qy:s=90.5&qx:t=3", ({"s": {"x": 10.0, "y": 90.5}}, "")),
        ("open_text", "text=+Listen+first+", ("Listen first", "Listen first")),
    ],
)
def test_every_kind_reads_its_answer_from_the_form(kind: str, query: str, answer: tuple):
    config = {"statements": [{"key": "s"}, {"key": "t"}]}
    assert answer_from_post(kind, config, _post(query)) == answer


@pytest.mark.parametrize(
    ("kind", "query", "message"),
    [
        ("true_false", "choice=maybe", "Choose true or false."),
        ("multi", "", "Choose at least one option."),
        ("rating", "r:s=high", "Ratings must be whole numbers."),
        ("classify", "", "Sort at least one statement."),
        ("quadrant", "qx:_=10", "Place at least one dot."),
        ("open_text", "text=+", "Write an answer first."),
        ("slide", "", "This item takes no answers."),
    ],
)
def test_an_answer_that_does_not_fit_the_kind_is_refused(kind: str, query: str, message: str):
    config = {"statements": [{"key": "s"}]}
    with pytest.raises(InvalidAnswer, match=message):
        answer_from_post(kind, config, _post(query))
