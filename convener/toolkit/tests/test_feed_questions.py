"""Issue 16, break 5: a worksheet feed asks "a person or a group?" and "this person?" first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convener.stakeholders.models import Kind, Stakeholder
from convener.stakeholders.services.registry import create_stakeholder
from convener.toolkit import services
from convener.toolkit.feed_questions import FeedQuestions

pytestmark = pytest.mark.django_db


def _placements(cast, *rows):
    actor = cast.users["member"]
    sheet = services.create_worksheet(
        initiative=cast.initiative, tool_key="engaging_everybody", actor=actor
    )
    saved = services.set_value(
        worksheet=sheet,
        section="placements",
        field="people",
        value=[
            {"who": {"stakeholder_id": None, "name": name}, "circle": circle}
            for name, circle in rows
        ],
        actor=actor,
        base_version=None,
    )
    assert saved.saved
    return sheet


def test_a_new_name_is_asked_about_and_nothing_is_written_until_answered(cast):
    sheet = _placements(cast, ("Dr. Priya Natarajan", "dissemination"))
    with pytest.raises(FeedQuestions) as asked:
        services.run_feed(worksheet=sheet, section_key="placements", actor=None, answers={})
    [new] = asked.value.names
    assert new.name == "Dr. Priya Natarajan"
    assert new.ask_kind
    assert not Stakeholder.objects.filter(name__icontains="Priya").exists()
    services.run_feed(
        worksheet=sheet, section_key="placements", actor=None, answers={new.key: "person"}
    )
    priya = Stakeholder.objects.get(name="Dr. Priya Natarajan")
    assert priya.kind == Kind.PERSON
    assert priya.circle == "dissemination"


def test_a_name_like_someone_in_the_registry_is_offered_as_this_person(cast):
    lupe = create_stakeholder(
        initiative=cast.initiative, actor=None, fields={"name": "Guadalupe Reyes"}
    )
    sheet = _placements(cast, ("guadalupe reyes.", "key"))
    with pytest.raises(FeedQuestions) as asked:
        services.run_feed(worksheet=sheet, section_key="placements", actor=None, answers={})
    [new] = asked.value.names
    assert new.matches == [lupe]
    services.run_feed(
        worksheet=sheet, section_key="placements", actor=None, answers={new.key: str(lupe.pk)}
    )
    assert Stakeholder.objects.count() == 1
    lupe.refresh_from_db()
    assert lupe.circle == "key"


def test_the_feed_page_asks_then_places_the_answered_names(cast):
    client = cast.client("member")
    sheet = _placements(cast, ("Dr. Priya Natarajan", "dissemination"))
    url = reverse("toolkit:feed", args=[cast.initiative.slug, sheet.pk])
    page = client.post(url, {"section": "placements"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Who is “Dr. Priya Natarajan”?" in text
    assert 'value="person"' in text
    assert not Stakeholder.objects.filter(name="Dr. Priya Natarajan").exists()
    client.post(url, {"section": "placements", "answer:natarajan priya": "person"})
    assert Stakeholder.objects.get(name="Dr. Priya Natarajan").kind == Kind.PERSON


def test_value_propositions_are_shown_on_the_registry_entry_as_the_help_text_says(cast):
    actor = cast.users["member"]
    youth = create_stakeholder(
        initiative=cast.initiative,
        actor=None,
        fields={"name": "Youth Voices United", "kind": Kind.ORGANIZATION},
    )
    sheet = services.create_worksheet(
        initiative=cast.initiative, tool_key="whats_in_it_for_me", actor=actor
    )
    services.set_value(
        worksheet=sheet,
        section="value",
        field="groups",
        value=[
            {
                "group": {"stakeholder_id": youth.pk, "name": youth.name},
                "professional": "A say in the county plan",
                "next_step": "Invite them to the March forum",
            }
        ],
        actor=actor,
        base_version=None,
    )
    services.run_feed(worksheet=sheet, section_key="value", actor=actor, answers={})
    page = cast.client("viewer").get(
        reverse("stakeholders:detail", args=[cast.initiative.slug, youth.pk])
    )
    text = page.content.decode()
    assert "What&#x27;s in it for them: the value proposition" in text
    assert "Professional value they could gain" in text
    assert "A say in the county plan" in text
    assert "Invite them to the March forum" in text
