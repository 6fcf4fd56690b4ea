"""What next on a real initiative: the facts are read from the registry, rounds and activities."""

from __future__ import annotations

import datetime as dt

import pytest

from convener.activities.services.events import create_activity
from convener.measuring.services import create_round, enter_paper_response, open_round
from convener.stakeholders.services.registry import create_stakeholder
from convener.toolkit import services
from convener.toolkit.feeds.bringing_together import round_row_keys
from convener.toolkit.models import InvitationLogEntry
from convener.toolkit.recommend import gather_facts, recommendations_for

pytestmark = pytest.mark.django_db


def test_gather_facts_reads_circles_rounds_activities_and_invitations(cast):
    initiative = cast.initiative
    family = initiative.perspectives.get(key="family_youth")
    school = initiative.perspectives.get(key="school_district")
    family.target_percent = 50
    family.save()
    people = [
        create_stakeholder(
            initiative=initiative, actor=None,
            fields={"name": f"Teacher {n}", "perspective": school, "circle": "core"},
        )
        for n in range(3)
    ]  # fmt: skip
    rnd = create_round(
        initiative=initiative,
        actor=None,
        name="Baseline",
        row_keys=round_row_keys(initiative, ["coalescing"]),
    )
    open_round(round=rnd, actor=None)
    first_row = rnd.instrument.row_keys[0]
    for _n in range(5):  # the round's threshold: fewer answers would name no row
        enter_paper_response(
            round=rnd, actor=None, perspective=school, answers={first_row: "informing"}
        )
    for n in range(3):
        create_activity(
            initiative=initiative,
            actor=None,
            fields={"title": f"Newsletter {n}", "kind": "email_list",
                    "starts_on": dt.date(2026, 1, 1 + n), "direction": "one_way"},
        )  # fmt: skip
    InvitationLogEntry.objects.create(
        initiative=initiative, stakeholder=people[0], invited_on=dt.date(2026, 1, 1),
        response="declined",
    )  # fmt: skip
    facts = gather_facts(initiative, "en")
    assert facts.stakeholders == 3
    assert facts.circles == {"core": 3}
    assert facts.latest_round == "Baseline"
    assert len(facts.informing_rows) == 1
    assert facts.answered_perspectives == frozenset({school.label})
    assert (facts.activities, facts.one_way) == (3, 3)
    assert facts.waiting_invitations == ("Teacher 0",)
    rules = {r.rule: r for r in recommendations_for(initiative, "en")}
    assert {
        "missing_perspectives", "second_circle", "stuck_informing", "keep_inviting",
        "one_way_heavy", "empty_glossary", "no_web", "no_related_work", "no_custom_rows",
    } <= set(rules)  # fmt: skip
    assert rules["missing_perspectives"].url.endswith("?tool=meet_the_stakeholders")


def test_a_started_tool_is_offered_to_continue(cast):
    sheet = services.create_worksheet(
        initiative=cast.initiative, tool_key="four_simple_questions", actor=None, title="Kick-off"
    )
    (first, *_rest) = recommendations_for(cast.initiative, "en")
    assert first.tool == "four_simple_questions"
    assert first.continue_title == "Kick-off"
    assert first.url.endswith(f"/w/{sheet.pk}/")
