"""The toolkit pages: rendering every field type, saving, autosave conflicts, exports, roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convener.framework.packs import LocalizedText, builtin_pack
from convener.framework.packs.content import FieldChoice, FieldDef, SectionDef, WorksheetDef
from convener.stakeholders.models import Stakeholder
from convener.toolkit import breakouts, exports, services
from convener.toolkit.models import SectionComment, Worksheet
from tests import pdf_reading

FSQ = "four_simple_questions"


@pytest.fixture
def sheet(cast) -> Worksheet:
    return services.create_worksheet(
        initiative=cast.initiative, tool_key=FSQ, actor=cast.users["member"], title="Our FSQ"
    )


def url(name: str, cast, sheet: Worksheet | None = None) -> str:
    args = [cast.initiative.slug] + ([sheet.pk] if sheet else [])
    return reverse(f"toolkit:{name}", args=args)


def text(label: str) -> LocalizedText:
    return LocalizedText({"en": label, "es": label + " (es)"})


EVERY_TYPE = WorksheetDef(
    tool=FSQ,
    sections=(
        SectionDef(
            key="all",
            title=text("Every type"),
            prompt=text("Fill them all"),
            fields=(
                FieldDef("t", "text", text("A text")),
                FieldDef("l", "long_text", text("A long text")),
                FieldDef(
                    "c",
                    "choice",
                    text("A choice"),
                    choices=(FieldChoice("a", text("Alpha")), FieldChoice("b", text("Beta"))),
                ),
                FieldDef(
                    "m",
                    "multi_choice",
                    text("Several"),
                    choices=(FieldChoice("a", text("Alpha")), FieldChoice("b", text("Beta"))),
                ),
                FieldDef("r", "registry_link", text("Somebody")),
                FieldDef(
                    "rows",
                    "rows",
                    text("Rows"),
                    columns=(
                        FieldDef("who", "registry_link", text("Who")),
                        FieldDef("d", "date", text("When")),
                    ),
                ),
                FieldDef("ci", "circle", text("Circle")),
                FieldDef(
                    "q",
                    "quadrant",
                    text("Where"),
                    x_axis=text("Technical"),
                    y_axis=text("Adaptive"),
                ),
                FieldDef("g", "glossary_term", text("Term")),
                FieldDef("d", "date", text("A date")),
            ),
        ),
    ),
)


@pytest.fixture
def every_type(monkeypatch):
    monkeypatch.setattr(services, "definition_for", lambda key, pack=None: EVERY_TYPE)
    return EVERY_TYPE


def test_the_engine_renders_and_saves_every_field_type(cast, sheet, every_type):
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana Ruiz")
    client = cast.client("member")
    page = client.get(url("worksheet", cast, sheet)).content.decode()
    for needle in (
        'name="all.t"',
        '<textarea id="f-all-l"',
        '<select id="f-all-c"',
        'type="checkbox"\n               name="all.m"',
        'name="all.r.name"',
        'list="ws-stakeholders"',
        'name="all.rows.0.who.name"',
        'name="all.rows.__i__.d"',
        'type="radio"\n               name="all.ci"',
        'name="all.q.x"',
        "data-quadrant-grid",
        "Technical",
        'name="all.g.term"',
        'type="date"',
        '<option value="Ana Ruiz">',
    ):
        assert needle in page, needle
    response = client.post(
        url("worksheet", cast, sheet),
        {
            **{
                f"_v.all.{key}": "0"
                for key in ("t", "l", "c", "m", "r", "rows", "ci", "q", "g", "d")
            },
            "all.t": "Short",
            "all.l": "Long\ntext",
            "all.c": "b",
            "all.m": ["a", "b"],
            "all.r.name": "ana ruiz",
            "all.rows.0.who.name": "New group",
            "all.rows.0.d": "2026-04-01",
            "all.rows.1.who.name": "",
            "all.ci": "key",
            "all.q.x": "20",
            "all.q.y": "80",
            "all.g.term": "IEP",
            "all.g.meaning": "Individual plan",
            "all.d": "2026-05-06",
        },
    )
    assert response.status_code == 302
    values = services.worksheet_values(sheet)["all"]
    ana = Stakeholder.objects.get(name="Ana Ruiz")
    assert values == {
        "t": "Short",
        "l": "Long\ntext",
        "c": "b",
        "m": ["a", "b"],
        "r": {"stakeholder_id": ana.pk, "name": "Ana Ruiz"},
        "rows": [{"who": {"stakeholder_id": None, "name": "New group"}, "d": "2026-04-01"}],
        "ci": "key",
        "q": {"x": 20, "y": 80},
        "g": {"term": "IEP", "meaning": "Individual plan"},
        "d": "2026-05-06",
    }
    viewer_page = cast.client("viewer").get(url("worksheet", cast, sheet)).content.decode()
    assert 'name="all.t"' not in viewer_page
    assert "Individual plan" in viewer_page
    assert "Key Participants" in viewer_page


def test_the_toolkit_home_lists_the_tools_by_habit_with_worksheets(cast, sheet):
    page = cast.client("viewer").get(url("home", cast)).content.decode()
    assert page.count("<h1>") == 1
    assert "Four simple questions" in page
    assert "Our FSQ" in page
    assert "Coalescing" in page
    assert "Start a worksheet" not in page  # viewers cannot start one
    member_page = cast.client("member").get(url("home", cast)).content.decode()
    assert "Start a worksheet" in member_page


def test_a_member_starts_a_worksheet(cast):
    response = cast.client("member").post(url("worksheet_create", cast), {"tool": FSQ})
    sheet = Worksheet.objects.get(initiative=cast.initiative)
    assert response["Location"] == url("worksheet", cast, sheet)
    assert sheet.created_by == cast.users["member"]


def test_viewers_cannot_save_and_outsiders_do_not_see_worksheets(cast, sheet):
    data = {"_v.insights.notes": "0", "insights.notes": "x"}
    assert cast.client("viewer").post(url("worksheet", cast, sheet), data).status_code == 403
    assert cast.client("outsider").get(url("worksheet", cast, sheet)).status_code == 404
    assert cast.client("viewer").post(url("autosave", cast, sheet), data).status_code == 403
    assert services.worksheet_values(sheet)["insights"]["notes"] == ""


def test_autosave_saves_one_field_and_reports_a_conflict_with_their_version(cast, sheet):
    post = {"_field": "insights.notes", "_v.insights.notes": "0", "insights.notes": "Mine"}
    first = cast.client("member").post(url("autosave", cast, sheet), post)
    assert first.status_code == 200
    assert first.json() == {"status": "saved", "version": 1, "completion": 20}
    second = cast.client("owner").post(
        url("autosave", cast, sheet), {**post, "insights.notes": "Other"}
    )
    assert second.status_code == 409
    assert second.json() == {
        "status": "conflict",
        "theirs_text": "Mine",
        "theirs_value": "Mine",
        "theirs_version": 1,
    }
    kept = cast.client("owner").post(
        url("autosave", cast, sheet),
        {**post, "_v.insights.notes": "1", "insights.notes": "Mine\n\nOther"},
    )
    assert kept.json()["version"] == 2


def test_a_conflicting_save_without_script_shows_both_versions_and_keeps_the_typed_text(
    cast, sheet
):
    services.set_value(
        worksheet=sheet,
        section="insights",
        field="notes",
        value="Theirs",
        actor=cast.users["owner"],
        base_version=0,
    )
    response = cast.client("member").post(
        url("worksheet", cast, sheet), {"_v.insights.notes": "0", "insights.notes": "Mine typed"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert '<pre class="ws-theirs">Theirs</pre>' in page
    assert ">Mine typed</textarea>" in page
    assert 'name="_v.insights.notes"\n         value="1"' in page


def test_rows_can_be_removed_without_script(cast, sheet):
    rows = [{"title": "One"}, {"title": "Two"}]
    services.set_value(
        worksheet=sheet,
        section="shared_work",
        field="activities",
        value=rows,
        actor=None,
        base_version=None,
    )
    cast.client("member").post(
        url("worksheet", cast, sheet),
        {
            "_v.shared_work.activities": "1",
            "shared_work.activities.0.title": "One",
            "shared_work.activities.1.title": "Two",
            "_remove": "shared_work.activities.0",
        },
    )
    titles = [row["title"] for row in services.worksheet_values(sheet)["shared_work"]["activities"]]
    assert titles == ["Two"]


def test_history_shows_author_and_restores(cast, sheet):
    for version, words in enumerate(("First", "Second")):
        services.set_value(
            worksheet=sheet,
            section="insights",
            field="notes",
            value=words,
            actor=cast.users["member"],
            base_version=version,
        )
    page = cast.client("viewer").get(url("history", cast, sheet)).content.decode()
    assert "Member" in page
    assert "First" in page
    assert "Second" in page
    assert "Restore" not in page
    first = sheet.revisions.get(version=1)
    response = cast.client("member").post(url("history", cast, sheet), {"revision": first.pk})
    assert response.status_code == 302
    assert services.worksheet_values(sheet)["insights"]["notes"] == "First"


def test_comments_on_a_section(cast, sheet):
    cast.client("member").post(
        url("comment", cast, sheet), {"section": "who_cares", "body": "Add the parents' group"}
    )
    comment = SectionComment.objects.get()
    assert (comment.section_key, comment.author) == ("who_cares", cast.users["member"])
    page = cast.client("viewer").get(url("worksheet", cast, sheet)).content.decode()
    assert "Add the parents&#x27; group" in page


def test_breakout_pages_split_fill_and_merge(cast, sheet):
    client = cast.client("member")
    response = client.post(
        url("breakout", cast, sheet),
        {
            "team_1": "Group A",
            "team_2": "Group B",
            "team_3": "",
            "section_who_cares": "1",
            "section_work_underway": "1",
            "section_shared_work": "2",
            "section_deepen_connections": "2",
            "section_insights": "",
        },
    )
    assert response.status_code == 302
    breakout = breakouts.open_breakout(sheet)
    copy_a = breakout.teams.get(name="Group A").copy
    page = client.get(url("worksheet", cast, copy_a)).content.decode()
    assert "who_cares.people" in page
    assert "shared_work.activities" not in page
    client.post(
        url("worksheet", cast, copy_a),
        {"_v.who_cares.people": "0", "who_cares.people.0.who.name": "Parents' network"},
    )
    client.post(url("merge", cast, sheet))
    people = services.worksheet_values(sheet)["who_cares"]["people"]
    assert people[0]["who"]["name"] == "Parents' network"
    merged_copy = client.post(
        url("worksheet", cast, copy_a),
        {"_v.who_cares.people": "1", "who_cares.people.0.who.name": "Changed later"},
    )
    assert merged_copy.status_code == 302
    assert services.worksheet_values(copy_a)["who_cares"]["people"][0]["who"]["name"] == (
        "Parents' network"
    )


def test_print_view_markdown_and_pdf(cast, sheet, monkeypatch):
    services.set_value(
        worksheet=sheet,
        section="who_cares",
        field="people",
        value=[{"who": {"stakeholder_id": None, "name": "Ana | Ruiz"}, "why": "Runs the clinic"}],
        actor=None,
        base_version=None,
    )
    client = cast.client("viewer")
    page = client.get(url("print", cast, sheet)).content.decode()
    assert "<h1>Our FSQ</h1>" in page
    assert "Runs the clinic" in page
    assert "toolkit/print.css" in page
    markdown = client.get(url("export_markdown", cast, sheet))
    assert markdown["Content-Type"].startswith("text/markdown")
    body = markdown.content.decode()
    assert body.startswith("# Our FSQ\n")
    assert "## Who cares about this issue, and why?" in body
    assert "| Ana \\| Ruiz |" in body
    assert "| Runs the clinic |" in body
    rendered: list[str] = []
    real_render = exports.render_pdf

    def spy(html, css_path):
        rendered.append(html)
        return real_render(html, css_path)

    monkeypatch.setattr(exports, "render_pdf", spy)
    pdf = client.get(url("export_pdf", cast, sheet))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="our-fsq.pdf"'
    assert pdf.content.startswith(b"%PDF")
    assert pdf.content.rstrip().endswith(b"%%EOF")
    assert len(pdf.content) > 5000
    # The PDF's text is compressed; check what it was rendered from, and that it lays out.
    assert "Runs the clinic" in rendered[0]
    assert "<link" not in rendered[0]
    import weasyprint

    assert len(weasyprint.HTML(string=rendered[0]).render().pages) >= 1


def test_the_worksheet_pdf_is_tagged_in_the_readers_language(cast, sheet):
    client = cast.client("viewer")
    english = client.get(url("export_pdf", cast, sheet), HTTP_ACCEPT_LANGUAGE="en").content
    spanish = client.get(url("export_pdf", cast, sheet), HTTP_ACCEPT_LANGUAGE="es").content
    for pdf, language in ((english, "en"), (spanish, "es")):
        assert pdf_reading.language(pdf) == language
        tags = pdf_reading.structure(pdf)
        assert "/H1" in tags
        assert "/H2" in tags
    assert pdf_reading.headings(english)[0] == sheet.title


def test_stakeholder_search_finds_names_for_members(cast):
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana Ruiz")
    Stakeholder.objects.create(initiative=cast.other, name="Ana Other")
    found = cast.client("member").get(url("stakeholder_search", cast), {"q": "ana"}).json()
    assert [item["name"] for item in found["results"]] == ["Ana Ruiz"]


def test_the_toolkit_home_runs_the_same_queries_however_many_worksheets(cast, sheet):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cast.client("viewer")
    client.get(url("home", cast))  # warm caches (pack, session)
    with CaptureQueriesContext(connection) as one:
        client.get(url("home", cast))
    for _ in range(4):
        services.create_worksheet(initiative=cast.initiative, tool_key=FSQ, actor=None)
    with CaptureQueriesContext(connection) as five:
        client.get(url("home", cast))
    assert len(five) == len(one)


def test_the_worksheet_speaks_spanish(cast, sheet):
    from django.conf import settings

    client = cast.client("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(url("worksheet", cast, sheet)).content.decode()
    assert "¿A quién le importa este tema y por qué?" in page
    assert "Guardar" in page
    assert "Añadir una fila" in page
    assert "Equipo central: quienes hacen" in page


def test_the_feed_button_of_q1_adds_people_to_the_registry(cast, sheet):
    services.set_value(
        worksheet=sheet,
        section="who_cares",
        field="people",
        value=[{"who": {"stakeholder_id": None, "name": "Parents' network"}, "why": "Their kids"}],
        actor=None,
        base_version=None,
    )
    page = cast.client("member").get(url("worksheet", cast, sheet)).content.decode()
    assert f'action="{url("feed", cast, sheet)}"' in page  # the section shows its feed button
    response = cast.client("member").post(url("feed", cast, sheet), {"section": "who_cares"})
    assert response.status_code == 302
    assert response["Location"].endswith("#s-who_cares")
    assert Stakeholder.objects.filter(initiative=cast.initiative, name="Parents' network").exists()
    assert (
        cast.client("viewer").post(url("feed", cast, sheet), {"section": "who_cares"}).status_code
        == 403
    )


def test_a_large_registry_is_searched_instead_of_listed(cast, sheet, monkeypatch):
    from convener.toolkit.views import worksheets as views

    monkeypatch.setattr(views, "DATALIST_LIMIT", 2)
    for name in ("Ana", "Ben", "Cy"):
        Stakeholder.objects.create(initiative=cast.initiative, name=name)
    page = cast.client("member").get(url("worksheet", cast, sheet)).content.decode()
    assert '<option value="Ana">' not in page
    assert f'data-search-url="{url("stakeholder_search", cast)}"' in page


@pytest.mark.parametrize("tool", builtin_pack().tool_keys)
def test_every_tool_opens_saves_and_prints_with_the_one_engine(cast, tool):
    sheet = services.create_worksheet(initiative=cast.initiative, tool_key=tool, actor=None)
    member = cast.client("member")
    page = member.get(url("worksheet", cast, sheet))
    assert page.status_code == 200
    definition = services.definition_for(tool)
    section = definition.sections[0]
    fd = section.fields[0]
    name = f"{section.key}.{fd.key}"
    data = {"_v." + name: "0"}
    if fd.type == "rows":
        column = fd.columns[0]
        suffix = ".name" if column.type == "registry_link" else ""
        filled = "2026-01-02" if column.type == "date" else "Filled"
        data[f"{name}.0.{column.key}{suffix}"] = column.choices[0].key if column.choices else filled
    elif fd.type in {"text", "long_text"}:
        data[name] = "Filled"
    assert member.post(url("worksheet", cast, sheet), data).status_code == 302
    assert services.worksheet_values(sheet)[section.key][fd.key]
    assert cast.client("viewer").get(url("print", cast, sheet)).status_code == 200
    assert cast.client("viewer").get(url("export_markdown", cast, sheet)).status_code == 200
