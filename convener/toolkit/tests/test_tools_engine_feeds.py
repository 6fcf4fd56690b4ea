"""The feeds through the engine: answers saved in a worksheet, the section's button pressed."""

from __future__ import annotations

import pytest

from convener.measuring.models import Round
from convener.stakeholders.models import CircleMove, Stakeholder
from convener.toolkit import services
from convener.toolkit.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def _sheet(cast, tool):
    return services.create_worksheet(
        initiative=cast.initiative, tool_key=tool, actor=cast.users["member"]
    )


def _save(sheet, actor, section, field, value):
    result = services.set_value(
        worksheet=sheet, section=section, field=field, value=value, actor=actor, base_version=None
    )
    assert result.saved


def test_four_simple_questions_q1_feeds_the_registry_through_the_engine(cast):
    actor = cast.users["member"]
    sheet = _sheet(cast, "four_simple_questions")
    _save(sheet, actor, "who_cares", "people", [
        {"who": {"stakeholder_id": None, "name": "Family Voices"}, "why": "Their children",
         "concern": ["affected"], "circle": "key"},
    ])  # fmt: skip
    result = services.run_feed(worksheet=sheet, section_key="who_cares", actor=actor)
    assert result.created == 1
    entry = Stakeholder.objects.get(initiative=cast.initiative, name="Family Voices")
    assert entry.circle == "key"
    assert entry.concern_affected
    again = services.run_feed(worksheet=sheet, section_key="who_cares", actor=actor)
    assert (again.created, again.linked) == (0, 1)


def test_engaging_everybody_through_the_engine_records_a_circle_move(cast):
    actor = cast.users["member"]
    sheet = _sheet(cast, "engaging_everybody")
    _save(sheet, actor, "placements", "people", [
        {"who": {"stakeholder_id": None, "name": "Clinic network"}, "circle": "extended"},
    ])  # fmt: skip
    services.run_feed(worksheet=sheet, section_key="placements", actor=actor)
    clinic = Stakeholder.objects.get(initiative=cast.initiative, name="Clinic network")
    assert CircleMove.objects.filter(stakeholder=clinic, to_circle="extended").exists()


def test_learn_the_language_glossary_through_the_engine(cast):
    actor = cast.users["member"]
    sheet = _sheet(cast, "learn_the_language")
    _save(sheet, actor, "glossary", "terms", [
        {"term": {"term": "Part C", "meaning": "Early intervention"}, "used_by": "State"},
    ])  # fmt: skip
    services.run_feed(worksheet=sheet, section_key="glossary", actor=actor)
    assert GlossaryTerm.objects.get(initiative=cast.initiative).meaning == "Early intervention"


def test_measuring_progress_through_the_engine_opens_a_round(cast):
    actor = cast.users["convener"]
    sheet = _sheet(cast, "measuring_progress")
    _save(sheet, actor, "round", "name", "Baseline")
    _save(sheet, actor, "round", "habits", ["participation"])
    services.run_feed(worksheet=sheet, section_key="round", actor=actor)
    assert Round.objects.get(initiative=cast.initiative).name == "Baseline"
