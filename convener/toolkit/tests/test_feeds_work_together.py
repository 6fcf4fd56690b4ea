"""The Doing the Work Together tools feed rubric rows, activities, chains, the purpose
statement and quadrant placements."""

from __future__ import annotations

import datetime as dt

import pytest

from convener.activities.models import Activity
from convener.activities.services.events import create_activity
from convener.measuring.models import CustomRow
from convener.toolkit.feeds import work_together
from convener.toolkit.models import GlossaryTerm, InitiativeStatement, StatementKind

pytestmark = pytest.mark.django_db

DECISION = {
    "title": "Families shape the agenda",
    "habit": "work_together",
    "makes_difference": "They know what is missing",
    "informing": "Agenda sent to families",
    "networking": "Families comment on the agenda",
    "collaborating": "Families co-write the agenda",
    "transforming": "Families chair the meeting",
}


def test_problems_come_bundled_creates_a_custom_rubric_row_once(cast):
    values = {
        "sides": {"technical": [{"aspect": "Privacy rules"}], "adaptive": []},
        "decisions": {"rows": [DECISION, {**DECISION, "title": "Half written", "informing": ""}]},
    }
    result = work_together.apply_rubric_rows(initiative=cast.initiative, actor=None, values=values)
    again = work_together.apply_rubric_rows(initiative=cast.initiative, actor=None, values=values)
    assert (result.created, again.created, again.linked) == (1, 0, 1)
    row = CustomRow.objects.get(initiative=cast.initiative)
    assert row.habit == "work_together"
    assert row.key.startswith("custom.")
    assert row.descriptors[3] == "Families chair the meeting"
    assert any("human side" in m for m in result.messages)
    assert any("four depths" in m for m in result.messages)


def test_bundle_gaps_names_the_empty_sides():
    assert work_together.bundle_gaps({}) == ["technical", "adaptive"]
    values = {"sides": {"technical": [{"aspect": "Rules"}], "adaptive": [{"aspect": " "}]}}
    assert work_together.bundle_gaps(values) == ["adaptive"]


def test_next_depth_goes_one_level_deeper():
    assert work_together.next_depth("informing") == "networking"
    assert work_together.next_depth("collaborating") == "transforming"
    assert work_together.next_depth("transforming") == ""


def test_building_engagement_plans_the_idea_and_its_deeper_version(cast):
    values = {
        "audience": {"circle": "extended"},
        "ideas": {
            "ideas": [
                {
                    "title": "Webinar on consent",
                    "kind": "webinar",
                    "depth": "informing",
                    "deepen": "Co-present it with two parents",
                    "date": "2030-05-05",
                }
            ]
        },
    }
    work_together.apply_engagement_activities(initiative=cast.initiative, actor=None, values=values)
    again = work_together.apply_engagement_activities(
        initiative=cast.initiative, actor=None, values=values
    )
    assert again.created == 0
    webinar = Activity.objects.get(initiative=cast.initiative, title="Webinar on consent")
    assert webinar.intended_depth == "informing"
    assert webinar.audience_circles == ["extended"]
    deeper = webinar.next_activity
    assert deeper is not None
    assert deeper.intended_depth == "networking"
    assert deeper.description == "Co-present it with two parents"
    assert Activity.objects.filter(initiative=cast.initiative).count() == 2


def test_defining_our_core_saves_the_purpose_and_flags_glossary_terms(cast):
    GlossaryTerm.objects.create(initiative=cast.initiative, term="SSIP", meaning="A state plan")
    values = {
        "statement": {
            "core": "We keep children in therapy. Our SSIP says how.",
            "versions": [{"audience": "family_youth", "text": "Your child keeps their therapist."}],
        }
    }
    result = work_together.apply_purpose(initiative=cast.initiative, actor=None, values=values)
    statement = InitiativeStatement.objects.get(
        initiative=cast.initiative, kind=StatementKind.PURPOSE
    )
    assert statement.variants == {"family_youth": "Your child keeps their therapist."}
    assert any("SSIP" in m for m in result.messages)


def test_quadrant_placement_reads_the_point():
    assert work_together.quadrant_placement({"x": 80, "y": 90}) == ("formal", "with")
    assert work_together.quadrant_placement({"x": 10, "y": 10}) == ("informal", "from")
    assert work_together.quadrant_placement(None) == ("", "")


def test_one_way_two_way_places_existing_and_new_activities(cast):
    logged = create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={
            "title": "Guidance release",
            "kind": "email_list",
            "starts_on": dt.date(2026, 1, 5),
        },
    )
    values = {
        "placements": {
            "activities": [
                {
                    "title": "guidance release",
                    "placement": {"x": 20, "y": 80},
                    "direction": "one_way",
                },
                {
                    "title": "Parent café",
                    "placement": {"x": 75, "y": 20},
                    "direction": "two_way",
                    "date": "2026-03-01",
                },
            ]
        }
    }
    result = work_together.apply_placements(initiative=cast.initiative, actor=None, values=values)
    assert (result.created, result.linked) == (1, 1)
    logged.refresh_from_db()
    assert (logged.formality, logged.learning, logged.direction) == ("formal", "from", "one_way")
    cafe = Activity.objects.get(initiative=cast.initiative, title="Parent café")
    assert (cafe.formality, cafe.learning, cafe.direction) == ("informal", "with", "two_way")
