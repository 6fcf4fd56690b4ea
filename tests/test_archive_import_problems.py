"""A malformed, foreign, newer or broken file changes nothing and says why."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import CommandError, call_command

from convener.archive.exporting import build_document
from convener.archive.graph import exported_models
from convener.archive.importing import ImportProblem, import_bytes, parse_document
from convener.demo.data import load_demo

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    from convener.accounts.models import User

    counts = {o.label: o.model._base_manager.count() for o in exported_models()}
    counts["accounts.User"] = User.objects.count()
    return counts


@pytest.fixture
def document() -> dict:
    return build_document(initiative=load_demo().initiative)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"format": "convener-initiative",\n "version": 1,\n "records": [}', "line 3, column"),
        (b"\xff\xfe not text", "not UTF-8 text"),
        (b'{"format": "something-else", "version": 1, "records": []}', "not a Convener"),
        (b"[1, 2, 3]", "not a Convener"),
        (b'{"format": "convener-initiative", "version": "one", "records": []}', "version"),
        (b'{"format": "convener-initiative", "version": 1, "records": {}}', '"records" list'),
    ],
)
def test_unusable_envelopes_are_refused_with_the_reason(data, message):
    with pytest.raises(ImportProblem, match=message):
        parse_document(data)


def test_a_newer_version_is_refused_and_nothing_changes(document):
    document["version"] = 2
    before = _counts()
    with pytest.raises(ImportProblem, match="version 2, newer than this server"):
        import_bytes(data=json.dumps(document))
    assert _counts() == before


def test_a_broken_record_late_in_the_file_rolls_back_everything(document):
    bad = next(r for r in document["records"] if r["model"] == "stakeholders.stakeholder")
    bad["fields"]["consent_date"] = "2024-13-45"
    bad_index = document["records"].index(bad) + 1
    assert bad_index > 20  # many good records are written before the bad one
    before = _counts()
    with pytest.raises(ImportProblem) as problem:
        import_bytes(data=json.dumps(document))
    assert f"Record {bad_index} ({bad['key']})" in str(problem.value)
    assert "consent_date" in str(problem.value)
    assert _counts() == before


def test_unknown_model_field_and_dangling_reference_are_named(document):
    bad = json.loads(json.dumps(document))
    bad["records"][-1]["model"] = "nowhere.thing"
    with pytest.raises(ImportProblem, match=re.escape("unknown model “nowhere.thing”")):
        import_bytes(data=json.dumps(bad))
    bad = json.loads(json.dumps(document))
    bad["records"][1]["fields"]["no_such_field"] = 1
    with pytest.raises(ImportProblem, match="unknown field"):
        import_bytes(data=json.dumps(bad))
    bad = json.loads(json.dumps(document))
    stakeholder = next(r for r in bad["records"] if r["model"] == "stakeholders.stakeholder")
    stakeholder["fields"]["initiative"] = "initiatives.initiative:999999"
    before = _counts()
    with pytest.raises(ImportProblem, match=re.escape("initiatives.initiative:999999")):
        import_bytes(data=json.dumps(bad))
    assert _counts() == before


def test_the_command_reports_the_problem_and_imports_nothing(tmp_path, document):
    document["version"] = 99
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(document))
    before = _counts()
    with pytest.raises(CommandError, match=r"Nothing was imported.*version 99"):
        call_command("import_initiative", str(path))
    assert _counts() == before


def test_the_command_imports_a_file_and_names_the_new_initiative(tmp_path, document, capsys):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    call_command("import_initiative", str(path), "--owner", "demo@convener.localhost")
    out = capsys.readouterr().out
    assert "Imported “Continuing teletherapy" in out
    assert "/i/continuing-teletherapy" in out
