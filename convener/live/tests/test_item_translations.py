"""The Spanish text of an item, edited in the agenda editor and shown to Spanish participants."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from convener.live import services, session_templates, translations
from convener.live.forms import ItemForm
from convener.live.models import Item
from convener.live.translations import SPANISH_FIELDS

pytestmark = pytest.mark.django_db

OPTIONS = [{"key": "o1", "label": "Yes"}, {"key": "o2", "label": "No"}]


def _url(name: str, cast, **kwargs) -> str:
    return reverse(f"live:{name}", kwargs={"slug": cast.initiative.slug, **kwargs})


def _form_data(kind: str, prompt: str, config: dict) -> dict:
    """Return what the editor's form shows for an item, as the browser would post it back."""
    initial = ItemForm.initial_for(kind, prompt, config)
    form = ItemForm(kind=kind, item_config=config)
    data = {}
    for name, field in form.fields.items():
        value = initial.get(name, field.initial)
        if value is None or value == []:
            continue
        data[name] = value
    return data


def _template_items() -> list[session_templates.TemplateItem]:
    return [
        item
        for template in session_templates.list_templates()
        for item in template.items
        if item.kind in SPANISH_FIELDS
    ]


@pytest.mark.parametrize("item", _template_items(), ids=lambda i: f"{i.kind}:{i.prompt[:30]}")
def test_saving_a_template_item_unchanged_keeps_its_spanish(item):
    form = ItemForm(
        _form_data(item.kind, item.prompt, item.config), kind=item.kind, item_config=item.config
    )
    assert form.is_valid(), form.errors
    spanish = item.config.get("translations", {}).get("es", {})
    assert form.config.get("translations", {}).get("es", {}) == spanish


def test_the_editor_shows_and_saves_the_spanish_prompt_and_options(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    item = services.add_item(
        session=session, kind="single", prompt="Ready?", config={"options": OPTIONS}, actor=owner
    )
    client = cast.client("member")
    agenda = client.get(_url("session_edit", cast, session_id=session.pk)).content.decode()
    assert "No Spanish text: Spanish speakers see the English." in agenda
    url = _url("item_edit", cast, session_id=session.pk, item_id=item.pk)
    page = client.get(url).content.decode()
    assert "Spanish (shown to participants who chose Español)" in page
    assert 'name="es_prompt"' in page
    assert 'name="es_options"' in page
    response = client.post(
        url,
        {
            "kind": "single",
            "prompt": "Ready?",
            "options": "Yes\nNo",
            "es_prompt": "¿Listos?",
            "es_options": "Sí\nNo",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.config["translations"]["es"] == {
        "prompt": "¿Listos?",
        "labels": {"o1": "Sí", "o2": "No"},
    }
    agenda = client.get(_url("session_edit", cast, session_id=session.pk)).content.decode()
    assert "Spanish text given." in agenda
    again = client.get(url).content.decode()
    assert "¿Listos?" in again
    assert "Sí\nNo" in again


def test_a_spanish_list_of_another_length_is_refused_and_the_typing_kept(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    client = cast.client("member")
    response = client.post(
        _url("item_add", cast, session_id=session.pk),
        {
            "kind": "single",
            "prompt": "Ready?",
            "options": "Yes\nNo\nMaybe",
            "es_prompt": "¿Listos?",
            "es_options": "Sí\nNo",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give one Spanish line for each English line: 3 in English, 2 in Spanish." in page
    assert "¿Listos?" in page
    assert "Sí\nNo" in page
    assert "Yes\nNo\nMaybe" in page
    assert not Item.objects.filter(session=session).exists()


def test_statements_and_categories_of_a_sorting_quiz_are_checked_too():
    form = ItemForm(
        {
            "prompt": "Sort",
            "categories": "Who\nHow",
            "classify_statements": "Sets it | Who\nDoes it | How",
            "es_categories": "Quién\nCómo\nPor qué",
            "es_statements": "Lo fija",
        },
        kind="classify",
    )
    assert not form.is_valid()
    assert "2 in English, 3 in Spanish" in str(form.errors["es_categories"])
    assert "2 in English, 1 in Spanish" in str(form.errors["es_statements"])


def test_quiz_emoji_images_and_grid_keep_their_spanish_extras():
    quiz = ItemForm(
        {"prompt": "Q", "quiz_options": "A\n*B", "es_options": "Una\n*Be", "es_explanation": "Sí"},
        kind="quiz",
    )
    assert quiz.is_valid(), quiz.errors
    assert quiz.config["translations"]["es"] == {
        "labels": {"o1": "Una", "o2": "Be"},
        "explanation": "Sí",
    }
    emoji = ItemForm(
        {"prompt": "Mood?", "emoji_options": "🙂 | Hopeful\n😟 | Worried",
         "es_options": "🙂 | Esperanzada\nPreocupada"},
        kind="emoji",
    )  # fmt: skip
    assert emoji.is_valid(), emoji.errors
    assert emoji.config["translations"]["es"]["labels"] == {"o1": "Esperanzada", "o2": "Preocupada"}
    image = ItemForm(
        {
            "prompt": "Which?",
            "image_options": "compass | Compass | A compass\nbridge | Bridge | A bridge",
            "es_image_options": "Brújula | Una brújula\nPuente |",
        },
        kind="image",
    )
    assert image.is_valid(), image.errors
    assert image.config["translations"]["es"] == {
        "labels": {"o1": "Brújula", "o2": "Puente"},
        "alt": {"o1": "Una brújula"},
    }
    grid = ItemForm(
        {
            "prompt": "Place it",
            **{k: k.upper() for k in ("x_low", "x_high", "y_low", "y_high")},
            "q_top_left": "TL",
            "q_top_right": "TR",
            "es_q_top_left": "AI",
        },
        kind="quadrant",
    )
    assert grid.is_valid(), grid.errors
    assert grid.config["translations"]["es"]["quadrant_labels"] == ["AI", "TR", "", ""]


def test_a_drawn_quiz_ignores_the_spanish_list_boxes():
    config = {"categories": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]}
    spanish, problems = translations.spanish_from_form(
        "classify", config, {"es_prompt": "¿Cuál?", "es_categories": "Una"}, drawn=True
    )
    assert spanish == {"prompt": "¿Cuál?"}
    assert problems == {}
    _spanish, problems = translations.spanish_from_form(
        "classify", config, {"es_categories": "Una"}
    )
    assert "1 in Spanish" in problems["es_categories"]


def test_emptied_spanish_boxes_are_dropped_and_other_languages_kept():
    config = {
        "options": OPTIONS,
        "translations": {"es": {"prompt": "¿Listos?"}, "fr": {"prompt": "Prêts ?"}},
    }
    form = ItemForm(
        {"prompt": "Ready?", "options": "Yes\nNo", "es_prompt": " "},
        kind="single",
        item_config=config,
    )
    assert form.is_valid(), form.errors
    assert form.config["translations"] == {"fr": {"prompt": "Prêts ?"}}


def _join_in_spanish(client: Client, session) -> None:
    client.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Lucía", "location": "", "language": "es"},
    )


def test_a_spanish_participant_sees_the_edited_text_and_english_where_it_is_empty(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    item = services.add_item(
        session=session, kind="single", prompt="Ready?", config={"options": OPTIONS}, actor=owner
    )
    editor = cast.client("member")
    editor.post(
        _url("item_edit", cast, session_id=session.pk, item_id=item.pk),
        {"kind": "single", "prompt": "Ready?", "options": "Yes\nNo", "es_prompt": "¿Listos ya?"},
    )
    services.start_session(session=session, actor=owner)
    services.go_to_item(session=session, item=item, actor=owner)
    services.open_item(item=item, actor=owner)
    phone = Client()
    _join_in_spanish(phone, session)
    page = phone.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "¿Listos ya?" in page
    assert "Ready?" not in page
    assert '<span lang="en">Yes</span>' in page  # no Spanish typed: the English, marked as such

    editor.post(
        _url("item_edit", cast, session_id=session.pk, item_id=item.pk),
        {
            "kind": "single",
            "prompt": "Ready?",
            "options": "Yes\nNo",
            "es_prompt": "¿Listos ya?",
            "es_options": "Claro que sí\nTodavía no",
        },
    )
    page = phone.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "<span>Claro que sí</span>" in page
    assert "<span>Todavía no</span>" in page
    english = Client()
    english.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Ann", "location": "", "language": "en"},
    )
    page = english.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "Ready?" in page
    assert "Claro que sí" not in page
