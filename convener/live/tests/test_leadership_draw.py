"""Sorting quizzes drawn from the Who/How/Why table of leadership approaches."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse

from convener.framework.packs import builtin_pack
from convener.live import kinds, leadership, services
from convener.live.forms import ItemForm
from convener.live.models import Item, Participant, Vote

PACK = builtin_pack()
BULLETS = leadership.table_bullets(PACK)
APPROACHES = [a.key for a in PACK.leadership_approaches]


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 -- a seeded shuffle makes the draw repeatable


def _pack_answer(text: str) -> str:
    """Return the approach whose Who/How/Why cell holds ``text`` (English), from the pack."""
    for approach in PACK.leadership_approaches:
        for column in leadership.COLUMNS:
            if any(t["en"] == text for t in getattr(approach, column)):
                return approach.key
    raise AssertionError(f"not in the table: {text}")


# --- Pure functions ---


def test_every_line_of_the_table_is_a_bullet_with_a_unique_key():
    expected = sum(
        len(getattr(a, c)) for a in PACK.leadership_approaches for c in ("who", "how", "why")
    )
    assert len(BULLETS) == expected
    assert len({b.key for b in BULLETS}) == len(BULLETS)
    assert all(_pack_answer(b.label) == b.approach for b in BULLETS)


def test_a_short_draw_takes_every_approach_in_turn_from_the_chosen_columns():
    drawn = leadership.draw(BULLETS, columns=["who"], count=4, rng=_rng(3))
    assert len(drawn) == 4
    assert {b.column for b in drawn} == {"who"}
    assert {b.approach for b in drawn} == set(APPROACHES)
    everything = leadership.draw(BULLETS, columns=["how", "why"], count=None, rng=_rng(1))
    assert sorted(b.key for b in everything) == sorted(
        b.key for b in BULLETS if b.column in ("how", "why")
    )


def test_the_config_is_the_shipped_quiz_format_with_the_pack_key_and_spanish():
    chosen = leadership.picked(BULLETS, [BULLETS[0].key, BULLETS[-1].key])
    config = leadership.classify_config(PACK, chosen)
    assert kinds.validate_config("classify", config) == []
    assert [c["key"] for c in config["categories"]] == APPROACHES
    assert [s["answer"] for s in config["statements"]] == [b.approach for b in chosen]
    labels = config["translations"]["es"]["labels"]
    assert labels["top_down"] == PACK.leadership_approach("top_down").name["es"]
    assert labels[BULLETS[0].key] == BULLETS[0].text["es"]


# --- The editor form ---

pytestmark = pytest.mark.django_db


def test_drawing_from_columns_gives_that_many_statements_keyed_by_the_pack():
    form = ItemForm(
        {
            "prompt": "Which approach?",
            "statement_source": "draw",
            "draw_columns": ["who", "why"],
            "draw_count": "6",
            "es_prompt": "¿Qué enfoque?",
        },
        kind="classify",
        rng=_rng(7),
    )
    assert form.is_valid(), form.errors
    statements = form.config["statements"]
    assert len(statements) == 6
    for statement in statements:
        assert statement["answer"] == _pack_answer(statement["label"])
        assert statement["key"].split("-")[1] in ("who", "why")
    spanish = form.config["translations"]["es"]
    assert spanish["prompt"] == "¿Qué enfoque?"
    assert set(spanish["labels"]) == {s["key"] for s in statements} | set(APPROACHES)


def test_drawing_needs_a_column_a_possible_count_or_a_ticked_statement():
    no_column = ItemForm(
        {"prompt": "Q", "statement_source": "draw", "draw_count": "3"}, kind="classify"
    )
    assert not no_column.is_valid()
    assert "Choose at least one column" in str(no_column.errors["draw_columns"])
    who = sum(1 for b in BULLETS if b.column == "who")
    too_many = ItemForm(
        {"prompt": "Q", "statement_source": "draw", "draw_columns": ["who"], "draw_count": "99"},
        kind="classify",
    )
    assert not too_many.is_valid()
    assert f"Those columns hold {who} statements" in str(too_many.errors["draw_count"])
    nothing = ItemForm({"prompt": "Q", "statement_source": "pick"}, kind="classify")
    assert not nothing.is_valid()
    assert "Tick at least one statement" in str(nothing.errors["draw_picks"])
    typed_empty = ItemForm({"prompt": "Q", "statement_source": "typed"}, kind="classify")
    assert not typed_empty.is_valid()
    assert "categories" in typed_empty.errors


def test_editing_a_drawn_quiz_as_text_keeps_its_keys_and_ticks_its_lines(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    chosen = [BULLETS[0], BULLETS[5], BULLETS[-1]]
    config = leadership.classify_config(PACK, chosen)
    item = services.add_item(
        session=session, kind="classify", prompt="Sort", config=config, actor=owner
    )
    initial = ItemForm.initial_for("classify", item.prompt, item.config)
    form = ItemForm(
        {k: v for k, v in initial.items() if v not in (None, "")},
        kind="classify",
        item_config=item.config,
    )
    assert form.is_valid(), form.errors
    assert form.config["categories"] == config["categories"]
    assert form.config["statements"] == config["statements"]
    assert form.config["translations"] == config["translations"]
    unbound = ItemForm(kind="classify", item_config=item.config)
    assert unbound["draw_picks"].value() == [b.key for b in chosen]


# --- End to end: the editor, a participant's answer, the score against the pack's key ---


def test_a_picked_quiz_is_scored_revealed_and_recorded_like_the_shipped_one(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    url = reverse("live:item_add", kwargs={"slug": cast.initiative.slug, "session_id": session.pk})
    editor = cast.client("member")
    page = editor.get(url + "?kind=classify").content.decode()
    assert "Pick statements from the Who/How/Why table" in page
    assert PACK.leadership_approach("bottom_up").name["en"] in page
    picks = [b.key for b in BULLETS if b.column == "how"][:4]
    response = editor.post(
        url,
        {"kind": "classify", "prompt": "Which approach?", "statement_source": "pick",
         "draw_picks": picks},
    )  # fmt: skip
    assert response.status_code == 302
    item = Item.objects.get(session=session)
    assert [s["key"] for s in item.config["statements"]] == picks

    services.start_session(session=session, actor=owner)
    services.go_to_item(session=session, item=item, actor=owner)
    services.open_item(item=item, actor=owner)
    phone = Client()
    phone.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Lucía", "location": "", "language": "es"},
    )
    question = phone.get(reverse("join:session", args=[session.join_code])).content.decode()
    first = next(b for b in BULLETS if b.key == picks[0])
    assert first.text["es"] in question
    assert PACK.leadership_approach("top_down").name["es"] in question
    # Three right by the pack's key, the last one wrong.
    answers = {key: _pack_answer(next(b.label for b in BULLETS if b.key == key)) for key in picks}
    wrong = next(a for a in APPROACHES if a != answers[picks[-1]])
    answers[picks[-1]] = wrong
    phone.post(
        reverse("join:answer", args=[session.join_code]),
        {"item": item.pk, **{f"c:{k}": v for k, v in answers.items()}},
    )
    vote = Vote.objects.get(item=item)
    assert vote.score == pytest.approx(0.75)

    services.reveal_key(item=item, actor=owner)
    services.reveal_results(item=item, actor=owner)
    after = phone.get(reverse("join:current", args=[session.join_code])).content.decode()
    assert "75%" in after
    assert "is-wrong" in after
    participant = Participant.objects.get(session=session)
    records = editor.get(
        reverse("live:records", kwargs={"slug": cast.initiative.slug, "session_id": session.pk})
    ).content.decode()
    assert participant.display_name in records
    assert "75" in records
