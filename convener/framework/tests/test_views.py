"""The public Learn pages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from convener.framework.packs import builtin_pack
from convener.framework.services import install_pack
from convener.framework.tests.helpers import copy_builtin_pack, edit

pytestmark = pytest.mark.django_db

PAGES = [
    ("framework:learn", {}),
    ("framework:habit", {"key": "coalescing"}),
    ("framework:habit", {"key": "participation"}),
    ("framework:habit", {"key": "work_together"}),
    ("framework:habit", {"key": "bringing_together"}),
    ("framework:rubrics", {}),
    ("framework:tools", {}),
    ("framework:leadership", {}),
]


class Structure(HTMLParser):
    """Collect what the accessibility checks below need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.header_cells: list[tuple[str | None, str]] = []
        self.links: list[str] = []
        self._th: list[str] | None = None
        self._th_scope: str | None = None
        self._link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th":
            self._th, self._th_scope = [], dict(attrs).get("scope")
        elif tag == "a":
            self._link = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._th is not None:
            self.header_cells.append((self._th_scope, "".join(self._th).strip()))
            self._th = None
        elif tag == "a" and self._link is not None:
            self.links.append("".join(self._link).strip())
            self._link = None

    def handle_data(self, data: str) -> None:
        for buffer in (self._th, self._link):
            if buffer is not None:
                buffer.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_learn_page_is_public_and_well_formed(client: Client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    page = structure(response.content.decode())
    assert page.headings.count(1) == 1
    # Headings never skip a level on the way down.
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1
    assert page.tables == page.captions
    assert all(text for _, text in page.header_cells), "empty table header"
    assert all(scope in {"col", "row"} for scope, _ in page.header_cells)
    assert all(page.links), "a link without text"


def test_the_index_is_named_learn_at_the_root_of_the_include():
    assert reverse("framework:learn") == "/learn/"


def test_overview_shows_habits_layers_and_depths(client):
    html = client.get(reverse("framework:learn")).content.decode()
    pack = builtin_pack()
    for habit in pack.habits:
        assert str(habit.name) in html
        assert reverse("framework:habit", kwargs={"key": habit.key}) in html
    for level in pack.depth_levels:
        assert str(level.name) in html
        assert f'class="depth-{level.key}"' in html
    assert "Depth of interaction" in html


def test_habit_page_shows_its_rubric_grid_and_tools(client):
    response = client.get(reverse("framework:habit", kwargs={"key": "coalescing"}))
    html = response.content.decode()
    pack = builtin_pack()
    for row in pack.rows_for_habit("coalescing"):
        assert f'<th scope="row">{row.title}</th>' in html
    for level in pack.depth_levels:
        assert f'<th scope="col" class="depth-{level.key}">' in html
    for tool in pack.tools_for_habit("coalescing"):
        assert str(tool.name) in html
    assert '<div class="table-scroll">' in html
    assert "Value every perspective." in html


def test_rubrics_page_shows_every_row(client):
    html = client.get(reverse("framework:rubrics")).content.decode()
    for row in builtin_pack().rubric_rows:
        assert str(row.title) in html
        assert str(row.descriptors[3]).replace("'", "&#x27;") in html
    assert html.count("<table") == 3


def test_tools_page_lists_all_sixteen(client):
    html = client.get(reverse("framework:tools")).content.decode()
    for tool in builtin_pack().tools:
        assert str(tool.name).replace("'", "&#x27;") in html


def test_leadership_page_shows_who_how_why_and_the_quiz(client):
    html = client.get(reverse("framework:leadership")).content.decode()
    for approach in builtin_pack().leadership_approaches:
        assert str(approach.name) in html
    for label in ("Who", "How", "Why"):
        assert f"{label}\n" in html or f"{label}<" in html
    assert "Which approach to leadership is it?" in html


def test_unknown_habit_is_404(client):
    assert client.get("/learn/habits/leadership/").status_code == 404


def test_spanish_from_accept_language(client):
    response = client.get(reverse("framework:rubrics"), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Investigar y acordar los datos pertinentes" in html
    assert "Informar" in html
    assert "Transformar" in html
    assert "Rúbricas" in html


def test_spanish_from_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = client.get(reverse("framework:learn")).content.decode()
    assert "Unirse en torno a los temas" in html
    assert "Profundidad de la interacción" in html
    assert "Coalescing around issues" not in html


def test_pages_follow_the_active_installed_pack(client, tmp_path):
    pack_dir = copy_builtin_pack(tmp_path)
    edit(pack_dir, "pack.yaml", 'version: "1.0.0"', 'version: "1.1.0"')
    edit(pack_dir, "rubrics.yaml", "en: Making decisions by consensus", "en: Deciding together")
    install_pack(path=pack_dir)
    html = client.get(reverse("framework:rubrics")).content.decode()
    assert "Deciding together" in html
    assert "Making decisions by consensus" not in html
