"""The Relevant Participation tools feed circles, statements, related work, the glossary and
the Web of Connections."""

from __future__ import annotations

import pytest

from convener.activities.models import Relationship
from convener.stakeholders.models import CircleMove, Kind, Stakeholder
from convener.stakeholders.services.registry import create_stakeholder
from convener.toolkit.feeds import participation
from convener.toolkit.models import (
    GlossaryTerm,
    GroupPlan,
    InitiativeStatement,
    PlanKind,
    RelatedWork,
    StatementKind,
)

pytestmark = pytest.mark.django_db


def _link(name: str, stakeholder_id: int | None = None) -> dict[str, object]:
    return {"stakeholder_id": stakeholder_id, "name": name}


def test_whats_in_it_for_me_keeps_a_value_proposition_on_the_group(cast):
    values = {
        "value": {
            "groups": [
                {
                    "group": _link("Pediatricians"),
                    "professional": "Fewer missed visits",
                    "next_step": "Invite to co-present",
                }
            ]
        }
    }
    participation.apply_value_propositions(initiative=cast.initiative, actor=None, values=values)
    participation.apply_value_propositions(initiative=cast.initiative, actor=None, values=values)
    plan = GroupPlan.objects.get(kind=PlanKind.VALUE_PROPOSITION)
    assert plan.stakeholder.name == "Pediatricians"
    assert plan.details["next_step"] == "Invite to co-present"


def test_engaging_everybody_moves_circles_with_a_dated_move(cast):
    actor = cast.users["member"]
    clinic = create_stakeholder(
        initiative=cast.initiative, actor=actor, fields={"name": "Clinic A", "circle": "key"}
    )
    values = {
        "placements": {
            "people": [
                {"who": _link("", clinic.pk), "circle": "dissemination", "might_do": "Share posts"},
                {"who": _link("Radio Uno"), "circle": "dissemination"},
            ]
        }
    }
    result = participation.apply_circles(initiative=cast.initiative, actor=actor, values=values)
    assert (result.created, result.linked) == (1, 1)
    clinic.refresh_from_db()
    assert clinic.circle == "dissemination"
    assert clinic.what_they_might_do == "Share posts"
    move = CircleMove.objects.filter(stakeholder=clinic).first()
    assert (move.from_circle, move.to_circle, move.moved_by) == ("key", "dissemination", actor)
    radio = Stakeholder.objects.get(initiative=cast.initiative, name="Radio Uno")
    assert radio.circle == "dissemination"
    participation.apply_circles(initiative=cast.initiative, actor=actor, values=values)
    assert CircleMove.objects.filter(stakeholder=clinic, to_circle="dissemination").count() == 1


def test_learn_the_language_saves_alignment_connected_work_and_glossary(cast):
    values = {
        "major_initiative": {"name": "Teletherapy for all", "goal": "Keep children in care"},
        "connected": {
            "initiatives": [
                {"name": "School-based health", "group": _link("District 9"), "funded_by": "State"}
            ]
        },
        "alignment": {"alignment": "Both aim at continuity of care", "key_points": "Privacy"},
        "glossary": {
            "terms": [
                {
                    "term": {"term": "IEP", "meaning": "Individualized education program"},
                    "used_by": "Schools",
                },
                {"term": {"term": "iep", "meaning": "Individualized education program"}},
            ]
        },
    }
    for apply in (
        participation.apply_alignment,
        participation.apply_connected_initiatives,
        participation.apply_glossary,
    ):
        apply(initiative=cast.initiative, actor=None, values=values)
        apply(initiative=cast.initiative, actor=None, values=values)
    alignment = InitiativeStatement.objects.get(
        initiative=cast.initiative, kind=StatementKind.ALIGNMENT
    )
    assert alignment.text == "Both aim at continuity of care"
    assert alignment.variants["name"] == "Teletherapy for all"
    assert InitiativeStatement.objects.filter(kind=StatementKind.KEY_POINTS).count() == 1
    work = RelatedWork.objects.get(initiative=cast.initiative)
    assert (work.organization_name, work.funded_by) == ("District 9", "State")
    term = GlossaryTerm.objects.get(initiative=cast.initiative)
    assert (term.term, term.used_by) == ("IEP", "Schools")


def test_web_of_connections_records_arrows_both_ways_once(cast):
    org = create_stakeholder(
        initiative=cast.initiative,
        actor=None,
        fields={"name": "State Medicaid Office", "kind": Kind.ORGANIZATION},
    )
    perspective = cast.initiative.perspectives.first()
    values = {
        "arrows": {
            "connections": [
                {
                    "from_role": _link("", org.pk),
                    "to_role": _link(perspective.label),
                    "key_ideas": "Billing rules",
                    "both_ways": "two_way",
                },
                {"from_role": _link("School nurses"), "to_role": _link("School nurses")},
            ]
        }
    }
    first = participation.apply_network(initiative=cast.initiative, actor=None, values=values)
    second = participation.apply_network(initiative=cast.initiative, actor=None, values=values)
    assert (first.created, second.created, second.linked) == (2, 0, 2)
    edges = Relationship.objects.filter(initiative=cast.initiative)
    assert edges.count() == 2
    forward = edges.get(from_organization=org)
    assert forward.to_perspective == perspective
    assert forward.key_ideas == "Billing rules"
    assert edges.filter(from_perspective=perspective, to_organization=org).exists()
