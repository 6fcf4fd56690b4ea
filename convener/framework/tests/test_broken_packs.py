"""A broken pack is refused with the file, the line and the reason."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from convener.framework.packs import (
    BUILTIN_PACK_DIR,
    PackError,
    builtin_pack,
    load_pack,
    localize,
    pack_from_documents,
)
from convener.framework.tests.helpers import copy_builtin_pack, edit, line_of

DATA_DESCRIPTOR_EN = "      - en: Personal and professional anecdotes are the main evidence.\n"
DATA_DESCRIPTOR_ES = (
    "        es: Las anécdotas personales y profesionales son la principal evidencia.\n"
)


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return copy_builtin_pack(tmp_path)


def refused(pack_dir: Path) -> PackError:
    with pytest.raises(PackError) as caught:
        load_pack(pack_dir)
    return caught.value


def test_a_row_with_three_descriptors_is_refused(pack_dir):
    edit(pack_dir, "rubrics.yaml", DATA_DESCRIPTOR_EN + DATA_DESCRIPTOR_ES, "")
    error = refused(pack_dir)
    line = line_of(pack_dir, "rubrics.yaml", "descriptors:", after="key: coalescing.data")
    assert str(error) == (
        f"rubrics.yaml, line {line}: row 'coalescing.data' has 3 descriptors; "
        "a row needs exactly 4 (informing … transforming)"
    )
    assert (error.file, error.line) == ("rubrics.yaml", line)


def test_a_row_of_an_unknown_habit_is_refused(pack_dir):
    line = edit(pack_dir, "rubrics.yaml", "    habit: participation\n", "    habit: joining\n")
    error = refused(pack_dir)
    assert error.file == "rubrics.yaml"
    assert error.line == line
    assert "row 'participation.ensure' belongs to unknown habit 'joining'" in error.reason


def test_a_tool_of_an_unknown_habit_is_refused(pack_dir):
    line = edit(pack_dir, "tools.yaml", "habit: work_together", "habit: working")
    error = refused(pack_dir)
    assert (error.file, error.line) == ("tools.yaml", line)
    assert "unknown habit 'working'" in error.reason


def test_a_duplicate_tool_key_is_refused(pack_dir):
    first = line_of(pack_dir, "tools.yaml", "key: how_people_are")
    line = edit(pack_dir, "tools.yaml", "key: seeds_of_trust", "key: how_people_are")
    error = refused(pack_dir)
    assert str(error) == (
        f"tools.yaml, line {line}: tool key 'how_people_are' is used twice (first on line {first})"
    )


def test_a_duplicate_rubric_row_key_is_refused(pack_dir):
    line = edit(pack_dir, "rubrics.yaml", "key: coalescing.consensus", "key: coalescing.data")
    error = refused(pack_dir)
    assert (error.file, error.line) == ("rubrics.yaml", line)
    assert "row key 'coalescing.data' is used twice" in error.reason


def test_a_key_given_twice_in_one_mapping_is_refused(pack_dir):
    line = edit(pack_dir, "pack.yaml", "title:\n", "title: Another\ntitle:\n") + 1
    error = refused(pack_dir)
    assert (error.file, error.line) == ("pack.yaml", line)
    assert error.reason == f"duplicate key 'title' (first given on line {line - 1})"


def test_bad_yaml_syntax_names_the_file_and_line(pack_dir):
    line = edit(pack_dir, "habits.yaml", "  - key: participation\n", "  - key: [participation\n")
    error = refused(pack_dir)
    assert error.file == "habits.yaml"
    assert error.line is not None
    assert line <= error.line <= line + 1
    assert error.reason.startswith("invalid YAML:")


def test_a_wrong_type_is_refused_with_its_path(pack_dir):
    edit(
        pack_dir,
        "habits.yaml",
        "      es: Asegurar una participación pertinente\n",
        "      es: [Asegurar]\n",
    )
    error = refused(pack_dir)
    line = line_of(pack_dir, "habits.yaml", "es: [Asegurar]")
    assert str(error) == (
        f"habits.yaml, line {line}: habits[participation].name.es: expected a string, "
        "found a list of 1"
    )


def test_a_number_where_a_text_belongs_is_refused(pack_dir):
    line = edit(
        pack_dir,
        "tools.yaml",
        "    name:\n      en: Your brand\n      es: Su marca\n",
        "    name: 42\n",
    )
    error = refused(pack_dir)
    assert (error.file, error.line) == ("tools.yaml", line)
    assert error.reason.startswith("tools[your_brand].name: expected a text")


def test_an_undeclared_language_is_refused(pack_dir):
    line = edit(pack_dir, "depth_levels.yaml", "      es: Informar\n", "      fr: Informer\n")
    error = refused(pack_dir)
    assert (error.file, error.line) == ("depth_levels.yaml", line)
    assert "language 'fr' is not among the languages declared in pack.yaml" in error.reason


def test_a_text_without_english_is_refused(pack_dir):
    edit(pack_dir, "depth_levels.yaml", "      en: Informing\n", "")
    error = refused(pack_dir)
    assert error.file == "depth_levels.yaml"
    assert "needs an English version" in error.reason


def test_an_unknown_field_is_refused(pack_dir):
    line = (
        edit(
            pack_dir,
            "tools.yaml",
            "    habit: coalescing\n",
            "    habit: coalescing\n    colour: red\n",
        )
        + 1
    )
    error = refused(pack_dir)
    assert (error.file, error.line) == ("tools.yaml", line)
    assert "unknown field 'colour'" in error.reason


def test_a_missing_field_is_refused(pack_dir):
    edit(pack_dir, "pack.yaml", "languages: [en, es]\n", "")
    error = refused(pack_dir)
    assert error.file == "pack.yaml"
    assert error.reason == "missing 'languages'"


def test_depth_levels_must_be_the_four_in_order(pack_dir):
    line = edit(pack_dir, "depth_levels.yaml", "key: networking", "key: exchanging")
    error = refused(pack_dir)
    assert (error.file, error.line) == ("depth_levels.yaml", line)
    assert "depth level 2 is 'exchanging' but should be 'networking'" in error.reason


def test_an_unquoted_version_is_refused(pack_dir):
    line = edit(pack_dir, "pack.yaml", 'version: "1.0.0"', "version: 1.0")
    error = refused(pack_dir)
    assert (error.file, error.line) == ("pack.yaml", line)
    assert 'quoted string like "1.0.0"' in error.reason


def test_a_quiz_answer_must_be_a_category(pack_dir):
    line = edit(pack_dir, "leadership.yaml", "answer: bottom_up", "answer: sideways")
    error = refused(pack_dir)
    assert (error.file, error.line) == ("leadership.yaml", line)
    assert "answer 'sideways'" in error.reason


def test_a_missing_file_is_named(pack_dir):
    (pack_dir / "tools.yaml").unlink()
    assert str(refused(pack_dir)) == "tools.yaml: file is missing from the pack"


def test_the_leadership_file_is_optional(pack_dir):
    (pack_dir / "leadership.yaml").unlink()
    pack = load_pack(pack_dir)
    assert pack.leadership_approaches == ()
    assert pack.leadership_quiz is None


def test_an_empty_file_is_refused(pack_dir):
    (pack_dir / "habits.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert str(refused(pack_dir)) == "habits.yaml, line 1: the file is empty"


def test_a_path_that_is_not_a_pack_is_refused(tmp_path):
    with pytest.raises(PackError, match="is not a pack directory"):
        load_pack(tmp_path / "nowhere")


def test_every_problem_is_reported_not_just_the_first(pack_dir):
    edit(pack_dir, "tools.yaml", "habit: work_together", "habit: working")
    edit(pack_dir, "rubrics.yaml", "    habit: participation\n", "    habit: joining\n")
    error = refused(pack_dir)
    assert {problem.file for problem in error.problems} == {"tools.yaml", "rubrics.yaml"}
    assert len(str(error).splitlines()) == len(error.problems) == 2


def test_stored_documents_are_checked_without_lines():
    documents = yaml.safe_load((BUILTIN_PACK_DIR / "tools.yaml").read_text(encoding="utf-8"))
    with pytest.raises(PackError) as caught:
        pack_from_documents({"tools": documents})
    assert caught.value.line is None
    assert caught.value.file == "pack.yaml"


# -- properties ------------------------------------------------------------------------------

ROW_COUNT = len(builtin_pack().rubric_rows)


def _rubrics() -> dict:
    return yaml.safe_load((BUILTIN_PACK_DIR / "rubrics.yaml").read_text(encoding="utf-8"))


@settings(max_examples=25, deadline=None)
@given(
    row=st.integers(min_value=0, max_value=ROW_COUNT - 1),
    count=st.integers(min_value=0, max_value=8).filter(lambda n: n != 4),
)
def test_any_row_with_other_than_four_descriptors_is_refused_at_its_line(row, count):
    rubrics = _rubrics()
    target = rubrics["rows"][row]
    descriptors = target["descriptors"]
    target["descriptors"] = (descriptors * 2)[:count]
    with tempfile.TemporaryDirectory() as directory:
        pack_dir = copy_builtin_pack(Path(directory))
        text = yaml.safe_dump(rubrics, allow_unicode=True, sort_keys=False, width=1000)
        (pack_dir / "rubrics.yaml").write_text(text, encoding="utf-8")
        error = refused(pack_dir)
        lines = text.splitlines()
    assert error.file == "rubrics.yaml"
    assert error.line is not None
    assert lines[error.line - 1].strip().startswith("descriptors:")
    assert f"row {target['key']!r} has {count} descriptor" in error.reason


BAD_VALUES = st.one_of(
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.text(string.ascii_letters, min_size=1), min_size=1, max_size=3),
    st.just(""),
)


@settings(max_examples=25, deadline=None)
@given(
    row=st.integers(min_value=0, max_value=ROW_COUNT - 1),
    field=st.sampled_from(["title", "question"]),
    value=BAD_VALUES,
)
def test_any_bad_text_in_a_row_is_refused_at_its_line(row, field, value):
    rubrics = _rubrics()
    rubrics["rows"][row][field] = value
    with tempfile.TemporaryDirectory() as directory:
        pack_dir = copy_builtin_pack(Path(directory))
        text = yaml.safe_dump(rubrics, allow_unicode=True, sort_keys=False, width=1000)
        (pack_dir / "rubrics.yaml").write_text(text, encoding="utf-8")
        error = refused(pack_dir)
        lines = text.splitlines()
    assert error.file == "rubrics.yaml"
    assert error.line is not None
    assert lines[error.line - 1].strip().startswith(f"{field}:")
    assert error.reason.startswith(f"rows[{rubrics['rows'][row]['key']}].{field}: ")


@given(
    texts=st.dictionaries(
        st.sampled_from(["en", "es", "fr", "pt"]), st.text(min_size=1), min_size=1
    ).filter(lambda texts: "en" in texts),
    language=st.one_of(st.none(), st.sampled_from(["en", "es", "es-MX", "fr", "de", "pt_BR"])),
)
def test_localize_returns_the_language_or_falls_back_to_english(texts, language):
    result = localize(texts, language)
    base = (language or "").replace("_", "-").split("-")[0].lower()
    assert result == texts.get(base, texts["en"])
