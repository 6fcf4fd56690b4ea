"""A small initiative with real data in every report section, built through the services."""

from __future__ import annotations

import datetime as dt

from convener.accounts.models import User
from convener.activities.models import Milestone
from convener.activities.services import events
from convener.consensus import services as consensus
from convener.initiatives.models import Initiative
from convener.initiatives.services import update_perspective
from convener.measuring.tests.results_data import make_round
from convener.reports.summaries import Period
from convener.stakeholders.services.registry import create_stakeholder, move_circle

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 10, 31))

# (perspective key, how many, circle, side, power, stance)
PEOPLE = (
    ("state_agency", 12, "core", "internal", "authority", "supporter"),
    ("family_youth", 6, "key", "external", "influence", "neutral"),
    ("school_district", 2, "extended", "external", "influence", "critic"),
    ("health_provider", 5, "key", "external", "both", "supporter"),
)


def _answers(level: str, families: str) -> list[tuple[str | None, str, dict[str, str]]]:
    rows = ("coalescing.diversity", "coalescing.data", "coalescing.consensus")
    out: list[tuple[str | None, str, dict[str, str]]] = []
    out += [("state_agency", "core", dict.fromkeys(rows, level))] * 6
    out += [("family_youth", "key", dict.fromkeys(rows, families))] * 5
    out += [("school_district", "extended", dict.fromkeys(rows, "transforming"))] * 2
    return out


def build(initiative: Initiative, actor: User) -> None:
    """Fill ``initiative`` with stakeholders, activities, attendance, rounds and a milestone."""
    families = initiative.perspectives.get(key="family_youth")
    update_perspective(
        perspective=families, label=families.label, is_family_youth=True, target_percent=25
    )
    people = []
    for key, count, circle, side, power, stance in PEOPLE:
        perspective = initiative.perspectives.get(key=key)
        for i in range(count):
            people.append(
                create_stakeholder(
                    initiative=initiative,
                    actor=actor,
                    fields={
                        "name": f"{perspective.label} person {i + 1}",
                        "kind": "person",
                        "perspective": perspective,
                        "circle": circle,
                        "side": side,
                        "power": power,
                        "stance": stance,
                    },
                )
            )
    move_circle(stakeholder=people[-1], to_circle="dissemination", actor=actor)
    webinar = events.create_activity(
        initiative=initiative,
        actor=actor,
        fields={
            "title": "Teletherapy rules webinar",
            "kind": "webinar",
            "starts_on": dt.date(2026, 2, 10),
            "formality": "formal",
            "learning": "from",
            "direction": "one_way",
            "intended_depth": "informing",
        },
    )
    workgroup = events.create_activity(
        initiative=initiative,
        actor=actor,
        fields={
            "title": "Regional workgroup on privacy",
            "kind": "regional_workgroup",
            "starts_on": dt.date(2026, 5, 5),
            "formality": "informal",
            "learning": "with",
            "direction": "two_way",
            "intended_depth": "collaborating",
        },
    )
    events.create_activity(
        initiative=initiative,
        actor=actor,
        fields={
            "title": "Last year's kick-off",
            "kind": "meeting",
            "starts_on": dt.date(2025, 6, 1),
        },
    )
    # 24 people take part: every state agency, family and health provider person, one school.
    for person in people[:19]:
        events.check_in(activity=webinar, stakeholder=person, actor=actor)
    for person in people[10:18] + people[20:]:
        events.check_in(activity=workgroup, stakeholder=person, actor=actor)
    make_round(
        initiative,
        _answers("networking", "informing"),
        name="Spring round",
        closes=dt.date(2026, 3, 1),
    )
    make_round(
        initiative,
        _answers("collaborating", "networking"),
        name="Autumn round",
        closes=dt.date(2026, 9, 1),
    )
    Milestone.objects.create(
        initiative=initiative,
        occurred_on=dt.date(2026, 6, 20),
        title="Shared privacy guidance adopted",
        what_changed="Providers use one consent form.",
    )
    proposal = consensus.create_proposal(
        initiative=initiative,
        actor=actor,
        title="Focus year one on confidentiality",
        text="In year one we work on confidentiality and language access in teletherapy.",
        process="gradients",
        audience_circles=["key"],
        serves_kind="rubric_row",
        serves_ref="coalescing.consensus",
        serves_label="Making decisions by consensus",
    )
    consensus.open_proposal(proposal=proposal, actor=actor)
    consensus.record_member_position(proposal=proposal, user=actor, option="endorse")
    consensus.record_decision(
        proposal=proposal,
        actor=actor,
        outcome="adopted",
        statement="Year one focuses on confidentiality and language access.",
        decided_on=dt.date(2026, 7, 1),
        decided_by="Core team and key participants, by consensus",
    )
