"""The Bringing It All Together tools feed milestones, value offers, brand pulses and rounds."""

from __future__ import annotations

import datetime as dt

import pytest

from convener.activities.models import Milestone
from convener.measuring.models import Round, RoundStatus
from convener.toolkit.feeds import bringing_together as bt
from convener.toolkit.models import BrandPulse, GroupPlan, PlanKind

pytestmark = pytest.mark.django_db


def _link(name: str) -> dict[str, object]:
    return {"stakeholder_id": None, "name": name}


def test_quick_chronology_adds_milestones_once(cast):
    perspective = cast.initiative.perspectives.first()
    values = {
        "moments": {
            "entries": [
                {
                    "date": "2025-09-01",
                    "title": "First joint meeting",
                    "habit": "coalescing",
                    "who": f"{perspective.label} and the agency",
                    "value": "Trust",
                }
            ]
        }
    }
    bt.apply_milestones(initiative=cast.initiative, actor=None, values=values)
    again = bt.apply_milestones(initiative=cast.initiative, actor=None, values=values)
    assert again.linked == 1
    milestone = Milestone.objects.get(initiative=cast.initiative)
    assert milestone.occurred_on == dt.date(2025, 9, 1)
    assert milestone.habit == "coalescing"
    assert list(milestone.perspectives.all()) == [perspective]


def test_give_value_first_keeps_the_offer_on_the_partner(cast):
    values = {"offers": {"partners": [{"group": _link("Head Start"), "offer": "Free training"}]}}
    bt.apply_value_offers(initiative=cast.initiative, actor=None, values=values)
    bt.apply_value_offers(initiative=cast.initiative, actor=None, values=values)
    plan = GroupPlan.objects.get(initiative=cast.initiative, kind=PlanKind.VALUE_FIRST)
    assert plan.stakeholder.name == "Head Start"
    assert plan.summary == "Free training"


def test_your_brand_stores_a_pulse_per_group_and_day(cast):
    values = {
        "perception": {"groups": [{"group": _link("Parents"), "now": "Distant"}]},
        "pulse": {
            "pulses": [
                {"group": _link("Parents"), "date": "2026-01-01", "words": "Slow, distant, slow"},
                {"group": _link("Parents"), "date": "2026-06-01", "words": "helpful; slow"},
            ]
        },
    }
    bt.apply_brand_perception(initiative=cast.initiative, actor=None, values=values)
    bt.apply_brand_pulse(initiative=cast.initiative, actor=None, values=values)
    again = bt.apply_brand_pulse(initiative=cast.initiative, actor=None, values=values)
    assert again.linked == 2
    pulses = BrandPulse.objects.filter(initiative=cast.initiative).order_by("taken_on")
    assert [p.words for p in pulses] == [["slow", "distant"], ["helpful", "slow"]]
    assert GroupPlan.objects.get(kind=PlanKind.BRAND).summary == "Distant"


def test_parse_words_and_words_over_time():
    assert bt.parse_words(" Caring ,caring\nSlow;  very  slow ") == ["caring", "slow", "very slow"]
    groups = bt.words_over_time(
        [
            ("Parents", dt.date(2026, 6, 1), ["helpful", "slow"]),
            ("Parents", dt.date(2026, 1, 1), ["slow", "distant"]),
        ]
    )
    (parents,) = groups
    assert [p.taken_on.month for p in parents.pulses] == [1, 6]
    assert parents.pulses[1].new_words == ("helpful",)
    assert parents.common[0] == ("slow", 2)


def test_measuring_progress_opens_a_round_once(cast):
    values = {
        "round": {"name": "Spring check-in", "habits": ["coalescing"], "circles": ["core", "key"]}
    }
    result = bt.apply_open_round(initiative=cast.initiative, actor=None, values=values)
    again = bt.apply_open_round(initiative=cast.initiative, actor=None, values=values)
    assert (result.created, again.created, again.linked) == (1, 0, 1)
    round_ = Round.objects.get(initiative=cast.initiative)
    assert round_.status == RoundStatus.OPEN
    assert round_.audience_circles == ["core", "key"]
    assert round_.instrument.rows
    assert all(r["habit"] == "coalescing" for r in round_.instrument.rows)


def test_measuring_progress_needs_a_name_and_a_habit(cast):
    result = bt.apply_open_round(initiative=cast.initiative, actor=None, values={})
    assert result.created == 0
    assert result.messages
    assert not Round.objects.exists()


def test_the_chronology_shows_worksheets_invitations_and_pulses(cast):
    from convener.core.timeline import build_timeline
    from convener.stakeholders.services.registry import create_stakeholder
    from convener.toolkit import services
    from convener.toolkit.models import InvitationLogEntry

    services.create_worksheet(
        initiative=cast.initiative, tool_key="your_brand", actor=None, title="Brand check"
    )
    group = create_stakeholder(initiative=cast.initiative, actor=None, fields={"name": "Parents"})
    InvitationLogEntry.objects.create(
        initiative=cast.initiative, stakeholder=group, invited_on=dt.date(2026, 2, 1),
        channel="e-mail", response="declined",
    )  # fmt: skip
    BrandPulse.objects.create(
        initiative=cast.initiative, stakeholder=group, group_name="Parents",
        taken_on=dt.date(2026, 3, 1), words=["slow", "kind"],
    )  # fmt: skip
    entries = {e.kind: e for e in build_timeline(cast.initiative)}
    assert entries["worksheet"].title == "worksheet started: Brand check"
    assert entries["worksheet"].habit == "bringing_together"
    assert entries["invitation"].detail == "e-mail · Declined"
    assert entries["brand_pulse"].detail == "slow, kind"


def test_measuring_progress_lets_only_conveners_open_a_round(cast):
    values = {"round": {"name": "Member's round", "habits": ["coalescing"]}}
    refused = bt.apply_open_round(
        initiative=cast.initiative, actor=cast.users["member"], values=values
    )
    assert refused.created == 0
    assert "conveners" in refused.messages[0]
    assert not Round.objects.exists()
    opened = bt.apply_open_round(
        initiative=cast.initiative, actor=cast.users["convener"], values=values
    )
    assert opened.created == 1
