"""The Coalescing tools feed the registry, related work, planned activities and group plans."""

from __future__ import annotations

import pytest

from convener.activities.models import Activity
from convener.stakeholders.models import CircleMove, Stakeholder
from convener.stakeholders.services.registry import create_stakeholder, erase_stakeholder
from convener.toolkit.feeds import coalescing
from convener.toolkit.models import GroupPlan, InvitationLogEntry, PlanKind, RelatedWork

pytestmark = pytest.mark.django_db


def _link(name: str, stakeholder_id: int | None = None) -> dict[str, object]:
    return {"stakeholder_id": stakeholder_id, "name": name}


def test_fsq_q1_adds_people_to_the_registry_once(cast):
    initiative, actor = cast.initiative, cast.users["member"]
    values = {
        "who_cares": {
            "people": [
                {
                    "who": _link("Parent Network of the North"),
                    "role": "Family organization",
                    "why": "Their children lost therapy during the closures",
                    "concern": ["affected", "can_affect"],
                    "side": "external",
                    "circle": "key",
                }
            ]
        }
    }
    result = coalescing.apply_registry_people(initiative=initiative, actor=actor, values=values)
    assert (result.created, result.linked) == (1, 0)
    person = Stakeholder.objects.get(initiative=initiative, name="Parent Network of the North")
    assert person.concern_affected
    assert person.concern_can_affect
    assert not person.concern_interest
    assert person.side == "external"
    assert person.circle == "key"
    assert "lost therapy" in person.notes
    again = coalescing.apply_registry_people(initiative=initiative, actor=actor, values=values)
    assert (again.created, again.linked) == (0, 1)
    assert Stakeholder.objects.filter(initiative=initiative).count() == 1
    assert Stakeholder.objects.get(pk=person.pk).notes.count("lost therapy") == 1


def test_fsq_q1_links_an_existing_entry_by_id_and_moves_its_circle(cast):
    initiative, actor = cast.initiative, cast.users["member"]
    school = create_stakeholder(
        initiative=initiative,
        actor=actor,
        fields={"name": "Eastside Schools", "circle": "extended"},
    )
    values = {
        "who_cares": {
            "people": [{"who": _link("", school.pk), "why": "Counsellors", "circle": "core"}]
        }
    }
    result = coalescing.apply_registry_people(initiative=initiative, actor=actor, values=values)
    assert result.linked == 1
    assert result.created == 0
    school.refresh_from_db()
    assert school.circle == "core"
    assert CircleMove.objects.filter(stakeholder=school, to_circle="core").exists()


def test_fsq_q1_ignores_another_initiatives_stakeholder_id(cast):
    other = create_stakeholder(initiative=cast.other, actor=None, fields={"name": "Elsewhere"})
    values = {"who_cares": {"people": [{"who": _link("", other.pk)}]}}
    result = coalescing.apply_registry_people(initiative=cast.initiative, actor=None, values=values)
    assert result.created == result.linked == 0
    assert not Stakeholder.objects.filter(initiative=cast.initiative).exists()


def test_fsq_q2_lists_related_work(cast):
    values = {
        "work_underway": {
            "work": [
                {
                    "group": _link("County Health"),
                    "initiative": "Telehealth equity grant",
                    "scale": "regional",
                    "contact": "https://example.org",
                }
            ]
        }
    }
    coalescing.apply_related_work(initiative=cast.initiative, actor=None, values=values)
    coalescing.apply_related_work(initiative=cast.initiative, actor=None, values=values)
    work = RelatedWork.objects.get(initiative=cast.initiative)
    assert work.organization is not None
    assert work.organization.name == "County Health"
    assert (work.title, work.scale) == ("Telehealth equity grant", "regional")


def test_fsq_q3_creates_planned_activities_once(cast):
    values = {
        "shared_work": {
            "activities": [
                {
                    "title": "Joint webinar on privacy",
                    "kind": "joint_meeting",
                    "date": "2030-03-01",
                },
                {"title": "Shared tip sheet", "kind": "product", "groups": "Families"},
            ]
        }
    }
    first = coalescing.apply_planned_activities(
        initiative=cast.initiative, actor=None, values=values
    )
    second = coalescing.apply_planned_activities(
        initiative=cast.initiative, actor=None, values=values
    )
    assert (first.created, second.created, second.linked) == (2, 0, 2)
    meeting = Activity.objects.get(initiative=cast.initiative, title="Joint webinar on privacy")
    assert meeting.kind == "meeting"
    assert meeting.starts_on.isoformat() == "2030-03-01"
    sheet = Activity.objects.get(initiative=cast.initiative, title="Shared tip sheet")
    assert sheet.custom_kind == "Joint product"
    assert "Families" in sheet.description


def test_fsq_q4_keeps_a_two_way_plan_and_an_invitation_log(cast):
    values = {
        "deepen_connections": {
            "plans": [
                {
                    "group": _link("Youth Council"),
                    "we_support": "Share our data",
                    "they_support": "Test the new platform",
                }
            ],
            "invitations": [
                {
                    "group": _link("Youth Council"),
                    "date": "2026-01-10",
                    "channel": "e-mail",
                    "response": "declined",
                },
                {"group": _link("Youth Council"), "date": "2026-02-10", "channel": "meeting"},
            ],
        }
    }
    coalescing.apply_deepen_connections(initiative=cast.initiative, actor=None, values=values)
    coalescing.apply_deepen_connections(initiative=cast.initiative, actor=None, values=values)
    youth = Stakeholder.objects.get(initiative=cast.initiative, name="Youth Council")
    plan = GroupPlan.objects.get(stakeholder=youth, kind=PlanKind.TWO_WAY)
    assert plan.details["they_support"] == "Test the new platform"
    log = InvitationLogEntry.objects.filter(stakeholder=youth).order_by("invited_on")
    assert [e.response for e in log] == ["declined", "waiting"]


def test_how_people_are_keeps_a_response_plan_on_the_group(cast):
    values = {
        "reactions": {
            "plans": [
                {"group": _link("Therapists"), "reaction": "loss", "response": "Listen first"}
            ]
        }
    }
    coalescing.apply_reaction_plans(initiative=cast.initiative, actor=None, values=values)
    plan = GroupPlan.objects.get(initiative=cast.initiative, kind=PlanKind.REACTION)
    assert plan.stakeholder is not None
    assert plan.stakeholder.name == "Therapists"
    assert (plan.topic, plan.summary) == ("loss", "Listen first")


def test_seeds_of_trust_keeps_a_change_with_or_without_a_group(cast):
    values = {
        "practices": {
            "changes": [
                {"practice": "plain_language", "change": "Rewrite the invitation letter"},
                {"practice": "support", "change": "Offer child care", "group": _link("Families")},
            ]
        }
    }
    result = coalescing.apply_trust_changes(initiative=cast.initiative, actor=None, values=values)
    assert result.created == 2
    plans = GroupPlan.objects.filter(initiative=cast.initiative, kind=PlanKind.TRUST)
    assert {p.stakeholder.name if p.stakeholder else None for p in plans} == {None, "Families"}


def test_meet_the_stakeholders_profile_fills_the_registry_entry(cast):
    perspective = cast.initiative.perspectives.first()
    values = {
        "profile": {
            "group": _link("Rural Clinics Association"),
            "perspective": perspective.label,
            "scale": "regional",
            "side": "external",
            "concern": ["interest"],
            "power": "influence",
        },
        "reach": {"networks": "Newsletter to 40 clinics", "outreach": "contacted"},
    }
    coalescing.apply_stakeholder_profile(initiative=cast.initiative, actor=None, values=values)
    values["reach"]["outreach"] = "talking"
    result = coalescing.apply_stakeholder_profile(
        initiative=cast.initiative, actor=None, values=values
    )
    assert result.linked == 1
    entry = Stakeholder.objects.get(initiative=cast.initiative, name="Rural Clinics Association")
    assert entry.perspective == perspective
    assert (entry.scale, entry.side, entry.power) == ("regional", "external", "influence")
    assert entry.concern_interest
    assert not entry.concern_affected
    assert entry.notes.count("Newsletter to 40 clinics") == 1
    assert [t.name for t in entry.tags.all()] == ["outreach: talking"]


def test_fsq_q1_never_brings_back_an_erased_person(cast):
    person = create_stakeholder(
        initiative=cast.initiative, actor=None, fields={"name": "Jo Private"}
    )
    erase_stakeholder(stakeholder=person, actor=None)
    values = {"who_cares": {"people": [{"who": _link("Jo Private", person.pk)}]}}
    result = coalescing.apply_registry_people(initiative=cast.initiative, actor=None, values=values)
    assert result.created == 0
    assert not Stakeholder.objects.filter(name="Jo Private").exists()


def test_erasing_a_record_erases_what_the_tools_kept_about_it(cast):
    values = {
        "deepen_connections": {
            "plans": [{"group": _link("Ana Ruiz"), "we_support": "Call her weekly"}],
            "invitations": [{"group": _link("Ana Ruiz"), "date": "2026-01-10"}],
        },
        "work_underway": {"work": [{"group": _link("Ana Ruiz"), "initiative": "Her project"}]},
    }
    coalescing.apply_deepen_connections(initiative=cast.initiative, actor=None, values=values)
    coalescing.apply_related_work(initiative=cast.initiative, actor=None, values=values)
    person = Stakeholder.objects.get(initiative=cast.initiative, name="Ana Ruiz")
    erase_stakeholder(stakeholder=person, actor=None)
    assert not GroupPlan.objects.filter(initiative=cast.initiative).exists()
    assert not InvitationLogEntry.objects.filter(initiative=cast.initiative).exists()
    work = RelatedWork.objects.get(initiative=cast.initiative)
    assert "Ana" not in work.organization_name
