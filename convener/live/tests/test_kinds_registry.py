"""The one table of live item kinds, and what the server decides for the participant's page."""

from __future__ import annotations

import pytest

from convener.live import kinds
from convener.live.forms.sessions import EDITABLE_KINDS
from convener.live.models import Item, ItemKind
from convener.live.views.charts import _CHARTS
from convener.live.views.common import item_view
from convener.live.views.run import _TEACHING

OPTIONS = [{"key": k, "label": k.title(), "emoji": "🙂"} for k in ("a", "b", "c")]


def test_every_item_kind_has_one_home_in_the_table():
    assert set(kinds.KINDS) == {str(k) for k in ItemKind}
    for key, rules in kinds.KINDS.items():
        assert rules.key == key
        assert rules.chart in _CHARTS  # every kind draws with a chart the views know
        assert bool(rules.form) == rules.votes  # a kind that takes answers has a form


def test_the_pages_and_forms_ask_the_kind_not_its_name():
    teaching = {key: rules.teaching for key, rules in kinds.KINDS.items() if rules.teaching}
    assert teaching == {"classify": "sorting", "ranking": "ranking"}
    assert set(teaching.values()) <= set(_TEACHING)  # the presenter knows every teaching aid
    assert {key for key, rules in kinds.KINDS.items() if rules.drawn} == {"classify"}
    assert {key for key, rules in kinds.KINDS.items() if rules.groups} == {"breakout"}
    assert "proposal" not in dict(EDITABLE_KINDS)  # proposals are edited in the decisions app
    # A Spanish line typed on the item form: the quiz's answer mark and the emoji stay English.
    assert kinds.get("quiz").typed_label("*Sí") == "Sí"
    assert kinds.get("emoji").typed_label("🙂 | Bien | x") == "Bien"
    assert kinds.get("single").typed_label("*Sí") == "*Sí"
    assert kinds.get("multi").suggested_max == 3
    assert kinds.get("single").suggested_max == 1


def test_an_unknown_kind_takes_no_answers_and_shows_only_its_count():
    with pytest.raises(kinds.InvalidVote) as refused:
        kinds.clean_value("drawing", {}, "a")
    assert refused.value.code == "no_answers"
    assert kinds.results("drawing", {}, {"_n": (3, 0.0)}) == {"n": 3}
    assert kinds.validate_config("drawing", {}) == ["Unknown kind of item: drawing"]


@pytest.mark.parametrize(
    ("kind", "config", "form", "instant", "reason"),
    [
        ("single", {"options": OPTIONS}, "choice", True, False),
        ("emoji", {"options": OPTIONS}, "choice", True, False),
        ("emoji", {"options": OPTIONS, "max": 2}, "choices", False, False),
        ("multi", {"options": OPTIONS}, "choices", False, False),
        ("proposal", {"options": OPTIONS}, "choice", True, True),
        ("true_false", {"answer": True}, "true_false", True, False),
        ("open_text", {}, "open_text", False, False),
        ("ranking", {"options": OPTIONS}, "ranking", False, False),
        ("prompt", {}, "", False, False),
    ],
)
def test_the_server_tells_the_page_which_form_to_show_and_how_it_sends(
    kind, config, form, instant, reason
):
    view = item_view(Item(kind=kind, prompt="?", config=config))
    assert (view["form"], view["instant"], view["reason"]) == (form, instant, reason)
    assert view["votes"] == (kind in kinds.VOTING_KINDS)


def test_a_2x2_without_statements_takes_one_dot_and_lists_no_statements():
    view = item_view(Item(kind="quadrant", prompt="?", config={}))
    assert [s["key"] for s in view["statements"]] == [kinds.ONE_DOT]
    assert view["statement_count"] == 0
    rating = item_view(Item(kind="rating", prompt="?", config={"statements": OPTIONS}))
    assert rating["statement_count"] == 3
    assert rating["scale"] == list(range(1, 11))
