"""Worksheet definitions in a content pack: loaded, and refused with file and line when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from convener.framework.packs import PackError, builtin_pack, load_pack, missing_translations
from convener.framework.tests.helpers import copy_builtin_pack, edit, line_of

FSQ = "worksheets/four_simple_questions.yaml"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return copy_builtin_pack(tmp_path)


def refused(pack_dir: Path) -> PackError:
    with pytest.raises(PackError) as caught:
        load_pack(pack_dir)
    return caught.value


def test_the_builtin_pack_has_four_simple_questions_in_both_languages():
    pack = builtin_pack()
    sheet = pack.worksheet("four_simple_questions")
    assert sheet is not None
    assert [s.key for s in sheet.sections][:4] == [
        "who_cares",
        "work_underway",
        "shared_work",
        "deepen_connections",
    ]
    assert [s.feed for s in sheet.sections][:4] == [
        "registry_people",
        "related_work",
        "planned_activities",
        "deepen_connections",
    ]
    assert sheet.section("who_cares").field("people").column("who").type == "registry_link"
    assert missing_translations(pack) == []


def test_an_unknown_field_type_is_refused_with_file_and_line(pack_dir):
    line = edit(pack_dir, FSQ, "            type: long_text\n", "            type: essay\n")
    error = refused(pack_dir)
    assert error.file == FSQ
    assert error.line == line
    assert (
        "'essay' is not one of text, long_text" in error.reason
        or "unknown field type" in error.reason
    )
    assert str(error).startswith(f"{FSQ}, line {line}: ")


def test_a_worksheet_of_an_unknown_tool_is_refused(pack_dir):
    line = edit(pack_dir, FSQ, "tool: four_simple_questions\n", "tool: five_questions\n")
    error = refused(pack_dir)
    assert (error.file, error.line) == (FSQ, line)
    assert "unknown tool 'five_questions'" in error.reason


def test_a_choice_field_without_choices_is_refused(pack_dir):
    path = pack_dir / FSQ
    text = path.read_text(encoding="utf-8")
    start = text.index("          - key: side\n")
    end = text.index("          - key: circle\n")
    path.write_text(
        text[:start]
        + "          - key: side\n            type: choice\n            label: Side\n"
        + text[end:],
        encoding="utf-8",
    )
    error = refused(pack_dir)
    assert error.file == FSQ
    assert error.line == line_of(pack_dir, FSQ, "type: choice", after="key: side")
    assert "field 'side' of type choice needs choices" in error.reason


def test_a_duplicate_section_key_is_refused(pack_dir):
    line = edit(pack_dir, FSQ, "  - key: work_underway\n", "  - key: who_cares\n")
    error = refused(pack_dir)
    assert (error.file, error.line) == (FSQ, line)
    assert "section key 'who_cares' is used twice" in error.reason


def test_an_organization_pack_can_bring_its_own_worksheet(pack_dir):
    edit(pack_dir, FSQ, "en: Who cares about this issue, and why?", "en: Who is in this with us?")
    pack = load_pack(pack_dir)
    assert pack.worksheet("four_simple_questions").sections[0].title["en"] == (
        "Who is in this with us?"
    )


def test_worksheets_are_not_written_inside_tools_yaml(pack_dir):
    tools = pack_dir / "tools.yaml"
    tools.write_text(tools.read_text(encoding="utf-8") + "worksheets: {}\n", encoding="utf-8")
    error = refused(pack_dir)
    assert error.file == "tools.yaml"
    assert error.line == line_of(pack_dir, "tools.yaml", "worksheets: {}")
    assert "worksheets/ folder" in error.reason


@pytest.mark.django_db
def test_an_installed_pack_keeps_its_worksheets(pack_dir):
    from convener.framework.services import active_pack, install_pack

    edit(pack_dir, "pack.yaml", 'version: "1.0.0"', 'version: "1.1.0"')
    edit(pack_dir, FSQ, "en: What did we learn?", "en: What stays with us?")
    install_pack(path=pack_dir)
    sheet = active_pack().worksheet("four_simple_questions")
    assert sheet is not None
    assert sheet.section("insights").title["en"] == "What stays with us?"
