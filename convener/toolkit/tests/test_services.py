"""Saving answers: conflicts, history and restore, registry links, breakouts, feeds."""

from __future__ import annotations

import dataclasses

import pytest

from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import Stakeholder
from convener.toolkit import breakouts, feeds_registry, services
from convener.toolkit.feeds_registry import FeedResult, feed_keys, get_feed, register_feed
from convener.toolkit.models import FieldRevision, Worksheet

FSQ = "four_simple_questions"


@pytest.fixture
def sheet(cast) -> Worksheet:
    return services.create_worksheet(
        initiative=cast.initiative, tool_key=FSQ, actor=cast.users["member"]
    )


def save(sheet, actor, value, *, base, section="insights", field="notes"):
    return services.set_value(
        worksheet=sheet, section=section, field=field, value=value, actor=actor, base_version=base
    )


def test_a_new_worksheet_is_named_after_its_tool_and_starts_empty(cast, sheet):
    assert sheet.title == "Four simple questions"
    values = services.worksheet_values(sheet)
    assert values["who_cares"]["people"] == []
    assert values["insights"]["notes"] == ""
    second = services.create_worksheet(initiative=cast.initiative, tool_key=FSQ, actor=None)
    assert second.title == "Four simple questions 2"


def test_an_unknown_tool_cannot_be_started(cast):
    with pytest.raises(services.UnknownTool):
        services.create_worksheet(initiative=cast.initiative, tool_key="nope", actor=None)


def test_the_second_of_two_editors_gets_a_conflict_with_both_versions(cast, sheet):
    first = save(sheet, cast.users["member"], "Ours", base=0)
    assert (first.saved, first.version) == (True, 1)
    second = save(sheet, cast.users["owner"], "Theirs", base=0)
    assert second.conflict
    assert not second.saved
    assert second.current_value == "Ours"
    assert second.current_version == 1
    assert second.value == "Theirs"
    assert services.worksheet_values(sheet)["insights"]["notes"] == "Ours"
    # Choosing to keep theirs over ours: save again against the version they saw.
    third = save(sheet, cast.users["owner"], "Theirs", base=second.current_version)
    assert (third.saved, third.version) == (True, 2)


def test_saving_the_same_value_again_writes_no_revision(cast, sheet):
    save(sheet, cast.users["member"], "Same", base=0)
    again = save(sheet, cast.users["member"], "Same", base=1)
    assert not again.saved
    assert not again.conflict
    assert FieldRevision.objects.filter(worksheet=sheet).count() == 1


def test_history_records_author_and_restore_brings_an_old_answer_back(cast, sheet):
    save(sheet, cast.users["member"], "First", base=0)
    save(sheet, cast.users["owner"], "Second", base=1)
    revisions = list(FieldRevision.objects.filter(worksheet=sheet))
    assert [(r.version, r.new_value, r.author) for r in revisions] == [
        (2, "Second", cast.users["owner"]),
        (1, "First", cast.users["member"]),
    ]
    result = services.restore_revision(revision=revisions[1], actor=cast.users["viewer"])
    assert result.saved
    assert result.version == 3
    assert services.worksheet_values(sheet)["insights"]["notes"] == "First"
    latest = FieldRevision.objects.filter(worksheet=sheet).first()
    assert latest.note == "restored version 1"
    assert latest.old_value == "Second"


def test_registry_links_are_matched_to_the_initiatives_stakeholders(cast, sheet):
    ana = Stakeholder.objects.create(initiative=cast.initiative, name="Ana Ruiz")
    elsewhere = Stakeholder.objects.create(initiative=cast.other, name="Ben")
    rows = [
        {"who": {"stakeholder_id": None, "name": "ana ruiz"}, "why": "Runs the clinic"},
        {"who": {"stakeholder_id": elsewhere.pk, "name": "Ben"}, "why": "Another initiative"},
        {"who": {"stakeholder_id": None, "name": "Parent network"}},
    ]
    result = save(sheet, cast.users["member"], rows, base=0, section="who_cares", field="people")
    people = result.value
    assert people[0]["who"] == {"stakeholder_id": ana.pk, "name": "Ana Ruiz"}
    assert people[1]["who"] == {"stakeholder_id": None, "name": "Ben"}
    assert people[2]["who"] == {"stakeholder_id": None, "name": "Parent network"}


def test_completion_follows_the_required_fields(cast, sheet):
    rows = [{"who": {"stakeholder_id": None, "name": "Ana"}}]
    save(sheet, cast.users["member"], rows, base=0, section="who_cares", field="people")
    sheet.refresh_from_db()
    assert sheet.completion == 20  # one of five sections


def test_breakout_splits_sections_and_merge_keeps_both_conflicting_texts(cast, sheet):
    actor = cast.users["member"]
    save(sheet, actor, "Before the breakout", base=0)
    breakout = breakouts.start_breakout(
        worksheet=sheet,
        teams=[
            ("Group A", ["who_cares", "work_underway"]),
            ("Group B", ["shared_work", "insights"]),
        ],
        actor=actor,
    )
    team_a, team_b = breakout.teams.all()
    copy_a, copy_b = team_a.copy, team_b.copy
    assert copy_a.team == team_a
    assert team_a.section_keys == ["who_cares", "work_underway"]
    assert services.worksheet_values(copy_b)["insights"]["notes"] == "Before the breakout"
    rows = [{"who": {"stakeholder_id": None, "name": "Ana"}, "why": "cares"}]
    save(copy_a, actor, rows, base=0, section="who_cares", field="people")
    activity = [{"title": "Joint webinar", "date": "2026-05-01"}]
    save(copy_b, actor, activity, base=0, section="shared_work", field="activities")
    save(copy_b, actor, "Team B's insight", base=0)
    save(sheet, cast.users["owner"], "Main changed meanwhile", base=1)  # same field as team B

    notes = breakouts.merge_breakout(breakout=breakout, actor=actor)

    values = services.worksheet_values(sheet)
    assert values["who_cares"]["people"][0]["why"] == "cares"
    assert values["shared_work"]["activities"][0]["title"] == "Joint webinar"
    assert values["insights"]["notes"] == "Main changed meanwhile\n\nTeam B's insight"
    assert len(notes) == 1
    assert "Group B" in notes[0]
    breakout.refresh_from_db()
    assert not breakout.is_open
    assert breakouts.open_breakout(sheet) is None
    with pytest.raises(breakouts.BreakoutError):
        breakouts.merge_breakout(breakout=breakout, actor=actor)


def test_a_section_can_go_to_one_team_only(cast, sheet):
    with pytest.raises(breakouts.BreakoutError):
        breakouts.start_breakout(
            worksheet=sheet, teams=[("A", ["who_cares"]), ("B", ["who_cares"])], actor=None
        )
    with pytest.raises(breakouts.BreakoutError):
        breakouts.start_breakout(worksheet=sheet, teams=[("A", ["who_cares"])], actor=None)


def test_a_feed_runs_in_a_transaction_and_is_audited(cast, sheet, monkeypatch):
    calls = []

    def fake_feed(*, worksheet, section_key, actor):
        calls.append((worksheet, section_key, actor))
        return FeedResult(created=2, linked=1, messages=["done"])

    monkeypatch.setitem(
        feeds_registry._FEEDS, "test_feed", feeds_registry.Feed("test_feed", fake_feed, "Test")
    )
    definition = services.definition_for(FSQ)
    section = dataclasses.replace(definition.sections[0], feed="test_feed")
    patched = dataclasses.replace(definition, sections=(section, *definition.sections[1:]))
    monkeypatch.setattr(services, "definition_for", lambda key, pack=None: patched)

    result = services.run_feed(worksheet=sheet, section_key="who_cares", actor=None)

    assert (result.created, result.linked, result.messages) == (2, 1, ["done"])
    assert calls == [(sheet, "who_cares", None)]
    assert AuditEntry.objects.filter(
        initiative=cast.initiative, action="feed", target_type="worksheet", target_id=sheet.pk
    ).exists()


def test_the_feed_registry_lists_registered_feeds():
    register_feed("zz_test_listing", lambda **kwargs: FeedResult(), "Label")
    try:
        assert "zz_test_listing" in feed_keys()
        feed = get_feed("zz_test_listing")
        assert feed is not None
        assert feed.label == "Label"
    finally:
        feeds_registry._FEEDS.pop("zz_test_listing")


def test_registry_links_of_many_rows_are_matched_in_two_queries(cast, sheet):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Stakeholder.objects.bulk_create(
        Stakeholder(initiative=cast.initiative, name=f"Person {i}") for i in range(40)
    )
    fd = services.definition_for(FSQ).section("who_cares").field("people")
    rows = [{"who": {"stakeholder_id": None, "name": f"person {i}"}} for i in range(60)]
    with CaptureQueriesContext(connection) as queries:
        resolved = services.resolve_links(cast.initiative, fd, rows)
    assert len(queries) == 1  # no ids given: only the name lookup
    assert sum(row["who"]["stakeholder_id"] is not None for row in resolved) == 40
    assert resolved[0]["who"]["name"] == "Person 0"
