"""Pure rules of item kinds: configs, values, scores, tally deltas and results (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convener.live import kinds
from convener.live.kinds import InvalidVote

OPTIONS = [{"key": k, "label": k.title()} for k in ("a", "b", "c", "d")]
CLASSIFY = {
    "categories": [{"key": "top", "label": "Top"}, {"key": "bottom", "label": "Bottom"}],
    "statements": [
        {"key": "s1", "label": "One", "answer": "top"},
        {"key": "s2", "label": "Two", "answer": "bottom"},
    ],
}
QUADRANT = {
    "x_low": "from",
    "x_high": "with",
    "y_low": "formal",
    "y_high": "informal",
    "statements": [{"key": "email", "label": "E-mail"}, {"key": "zoom", "label": "Zoom"}],
}


def test_image_options_need_alt_text():
    config = {
        "options": [
            {"key": "a", "label": "A", "image": "x.png"},
            {"key": "b", "label": "B", "image": "y.png", "alt": "A bridge"},
        ]
    }
    problems = kinds.validate_config("image", config)
    assert any("alt text" in p and "A" in p for p in problems)


def test_classify_key_must_name_a_category_for_every_statement():
    config = {**CLASSIFY, "statements": [*CLASSIFY["statements"], {"key": "s3", "label": "Three"}]}
    assert any("Three" in p for p in kinds.validate_config("classify", config))
    assert kinds.validate_config("classify", CLASSIFY) == []


@pytest.mark.parametrize(
    ("kind", "config", "fragment"),
    [
        ("single", {"options": [{"key": "a", "label": "A"}]}, "at least 2"),
        ("multi", {"options": OPTIONS, "max": 9}, "maximum"),
        ("quiz", {"options": OPTIONS, "answer": "z"}, "right answer"),
        ("true_false", {}, "true or false"),
        ("quadrant", {"x_low": "a"}, "axes"),
        ("rating", {"min": 5, "max": 1}, "min below max"),
        ("single", {"options": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]}, "twice"),
        ("breakout", {"mode": "alphabetical"}, "random"),
        ("nonsense", {}, "Unknown kind"),
    ],
)
def test_invalid_configs_say_what_is_wrong(kind, config, fragment):
    assert any(fragment in p for p in kinds.validate_config(kind, config))


def test_values_are_checked_per_kind():
    assert kinds.clean_value("single", {"options": OPTIONS}, "a") == "a"
    with pytest.raises(InvalidVote):
        kinds.clean_value("single", {"options": OPTIONS}, "z")
    with pytest.raises(InvalidVote, match="at most 3"):
        kinds.clean_value("multi", {"options": OPTIONS, "max": 3}, ["a", "b", "c", "d"])
    with pytest.raises(InvalidVote):
        kinds.clean_value("multi", {"options": OPTIONS, "max": 3}, ["a", "a"])
    with pytest.raises(InvalidVote, match="1 to 10"):
        kinds.clean_value("rating", {"min": 1, "max": 10}, {"_": 11})
    with pytest.raises(InvalidVote):
        kinds.clean_value("rating", {"min": 0, "max": 10}, {"_": True})
    with pytest.raises(InvalidVote):
        kinds.clean_value("ranking", {"options": OPTIONS}, ["a", "b"])
    with pytest.raises(InvalidVote):
        kinds.clean_value("quadrant", QUADRANT, {"email": {"x": 120, "y": 5}})
    with pytest.raises(InvalidVote):
        kinds.clean_value("slide", {}, "a")
    with pytest.raises(InvalidVote, match="reason"):
        kinds.clean_value(
            "proposal",
            {
                "options": [
                    {"key": "no", "label": "No", "needs_reason": True},
                    {"key": "ok", "label": "OK"},
                ]
            },
            "no",
        )
    assert kinds.clean_value("open_text", {"max_length": 10}, "  short  ") == "short"
    with pytest.raises(InvalidVote, match="10 characters"):
        kinds.clean_value("open_text", {"max_length": 10}, "far too long an answer")


def test_quiz_kinds_score_the_share_of_right_answers():
    assert kinds.score("true_false", {"answer": False}, False) == 1.0
    assert kinds.score("quiz", {"answer": "b"}, "a") == 0.0
    assert kinds.score("classify", CLASSIFY, {"s1": "top", "s2": "top"}) == 0.5
    assert kinds.score("classify", CLASSIFY, {"s1": "top"}) == 0.5  # partial answers
    assert kinds.score("single", {}, "a") is None


def test_changing_a_vote_subtracts_the_old_answer_and_adds_the_new_one():
    delta = kinds.vote_delta("single", {"options": OPTIONS}, old="a", new="b", bucket="family")
    assert delta == {
        ("*", "a"): (-1, 0.0),
        ("family", "a"): (-1, 0.0),
        ("*", "b"): (1, 0.0),
        ("family", "b"): (1, 0.0),
    }  # "_n" unchanged: the participant is still counted once


def test_rating_results_give_means_and_distribution():
    config = {"min": 1, "max": 3, "statements": [{"key": "s", "label": "S"}]}
    tallies: dict = {}
    for value in (1, 3, 3):
        for (bucket, key), change in kinds.vote_delta(
            "rating", config, new={"s": value}, bucket="-"
        ).items():
            if bucket == "*":
                c, t = tallies.get(key, (0, 0.0))
                tallies[key] = (c + change[0], t + change[1])
    result = kinds.results("rating", config, tallies)
    row = result["statements"][0]
    assert row["mean"] == pytest.approx(7 / 3, abs=0.01)
    assert [d["count"] for d in row["distribution"]] == [1, 0, 2]


def _tally(kind, config, values):
    tallies: dict = {}
    for value in values:
        for (bucket, key), (c, t) in kinds.vote_delta(kind, config, new=value, bucket="-").items():
            if bucket == "*":
                old = tallies.get(key, (0, 0.0))
                tallies[key] = (old[0] + c, old[1] + t)
    return tallies


def test_quadrant_results_have_centroid_spread_and_quadrant_counts():
    values = [
        {"email": {"x": 10, "y": 10}},
        {"email": {"x": 30, "y": 10}, "zoom": {"x": 90, "y": 90}},
    ]
    result = kinds.results("quadrant", QUADRANT, _tally("quadrant", QUADRANT, values))
    email, zoom = result["statements"]
    assert email["centroid"] == {"x": 20.0, "y": 10.0}
    assert email["spread"] == {"x": 10.0, "y": 0.0}
    assert email["quadrants"] == [0, 0, 2, 0]  # bottom-left: formal, learning from
    assert zoom["quadrants"] == [0, 1, 0, 0]


def test_classify_results_show_each_statement_and_the_score_distribution():
    values = [{"s1": "top", "s2": "bottom"}, {"s1": "bottom", "s2": "bottom"}]
    result = kinds.results("classify", CLASSIFY, _tally("classify", CLASSIFY, values))
    assert [c["count"] for c in result["statements"][0]["categories"]] == [1, 1]
    assert result["score_distribution"] == [
        {"right": 0, "count": 0},
        {"right": 1, "count": 1},
        {"right": 2, "count": 1},
    ]
    assert result["mean_score"] == 0.75


def test_word_cloud_counts_meaningful_words_once_per_answer():
    config = {"max_length": 280}
    tallies = _tally("open_text", config, ["Trust and trust again", "Build trust", "la confianza"])
    words = {w["word"]: w for w in kinds.results("open_text", config, tallies)["words"]}
    assert words["trust"]["count"] == 2
    assert words["trust"]["weight"] == 1.0
    assert "and" not in words
    assert "la" not in words
    assert "confianza" in words


def test_ranking_gives_borda_points():
    config = {"options": OPTIONS[:3]}
    result = kinds.results(
        "ranking", config, _tally("ranking", config, [["a", "b", "c"], ["b", "a", "c"]])
    )
    assert [(o["key"], o["points"]) for o in result["options"]] == [
        ("a", 5.0),
        ("b", 5.0),
        ("c", 2.0),
    ]


def test_a_single_small_group_is_hidden_together_with_the_next_smallest():
    assert kinds.suppressed_buckets({"a": 2, "b": 10, "c": 5}, 3) == {"a", "c"}
    assert kinds.suppressed_buckets({"a": 2, "b": 1, "c": 5}, 3) == {"a", "b"}
    assert kinds.suppressed_buckets({"a": 4, "b": 10}, 3) == set()


@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 20)), st.integers(1, 10))
def test_no_shown_group_is_below_the_threshold_and_never_just_one_hidden(sizes, threshold):
    hidden = kinds.suppressed_buckets(sizes, threshold)
    shown = {k for k, n in sizes.items() if n > 0} - hidden
    assert all(sizes[k] >= threshold for k in shown)
    assert len(hidden) != 1 or not shown


answers = st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=3, unique=True)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 5), answers), max_size=40))
def test_tallies_kept_by_deltas_equal_tallies_recounted_from_final_votes(history):
    """However often people change their answers, the running tallies equal a fresh count."""
    config = {"options": OPTIONS, "max": 3}
    running: dict = {}
    final: dict[int, list[str]] = {}
    for person, value in history:
        delta = kinds.vote_delta(
            "multi", config, old=final.get(person), new=value, bucket=f"p{person % 2}"
        )
        kinds.merge(running, delta)
        final[person] = value
    recount: dict = {}
    for person, value in final.items():
        kinds.merge(recount, kinds.vote_delta("multi", config, new=value, bucket=f"p{person % 2}"))
    nonzero = {k: v for k, v in running.items() if v[0] != 0 or v[1] != 0}
    assert nonzero == {k: v for k, v in recount.items()}


def test_breakout_by_perspective_mixes_perspectives_in_every_group():
    people = [(i, "family" if i < 4 else "state") for i in range(8)]
    groups = kinds.breakout_groups(people, 4, by_perspective=True, seed=1)
    perspectives = {pid: p for pid, p in people}
    assert all({perspectives[m] for m in g} == {"family", "state"} for g in groups)
    assert sorted(m for g in groups for m in g) == list(range(8))


def test_localise_and_without_key():
    config = {
        "answer": True,
        "explanation": "Yes",
        "translations": {"es": {"prompt": "¿Verdad?", "explanation": "Sí"}},
    }
    prompt, local = kinds.localise("true_false", config, "True?", "es")
    assert prompt == "¿Verdad?"
    assert local["explanation"] == "Sí"
    assert "answer" not in kinds.without_key("true_false", local)
    hidden = kinds.without_key("classify", CLASSIFY)
    assert all("answer" not in s for s in hidden["statements"])
