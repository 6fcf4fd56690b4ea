"""Breakout notes go into the toolkit worksheet sections the breakout names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convener.initiatives.models import AuditEntry
from convener.live import services
from convener.live.breakout_worksheets import copy_notes_to_worksheet, parse_target
from convener.live.models import BreakoutGroup
from convener.live.services import LiveError
from convener.toolkit.models import SectionComment, Worksheet
from convener.toolkit.services import create_worksheet

SECTIONS = "four_simple_questions:who_cares,work_underway"


def _breakout(cast, *, section: str = SECTIONS, people: int = 4):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="Day one")
    item = services.add_item(
        session=session,
        kind="breakout",
        prompt="Breakout 1: who cares?",
        config={"mode": "random", "group_count": 2, "worksheet_section": section},
        actor=owner,
    )
    services.start_session(session=session, actor=owner)
    for n in range(people):
        services.join(session=session, display_name=f"P{n}")
    groups = services.form_breakouts(item=item, mode="random", group_count=2, actor=owner)
    return item, groups


def _write(group: BreakoutGroup, notes: str) -> None:
    saved, _group = services.save_notes(group=group, notes=notes, base_version=group.notes_version)
    assert saved
    group.refresh_from_db()


def test_parse_target_reads_tool_and_sections():
    assert parse_target("four_simple_questions:who_cares, work_underway,who_cares") == (
        "four_simple_questions",
        ["who_cares", "work_underway"],
    )
    assert parse_target("") == ("", [])
    assert parse_target("no-colon") == ("", [])
    assert parse_target(":who_cares") == ("", [])


def test_each_groups_notes_are_appended_to_every_named_section_once(cast):
    item, groups = _breakout(cast)
    _write(groups[0], "Families and clinics care.")
    worksheet = create_worksheet(
        initiative=cast.initiative, tool_key="four_simple_questions", actor=None
    )
    services_comment = SectionComment.objects.create(
        worksheet=worksheet, section_key="who_cares", body="The team's own comment"
    )
    report = copy_notes_to_worksheet(item=item, worksheet=worksheet, actor=cast.users["owner"])
    assert [group for group, _section in report.copied] == ["Group 1", "Group 1"]
    assert report.empty_groups == ["Group 2"]
    comments = SectionComment.objects.filter(worksheet=worksheet).order_by("id")
    assert [c.section_key for c in comments] == ["who_cares", "who_cares", "work_underway"]
    assert comments[0] == services_comment  # appended after what was there, never overwritten
    assert "Families and clinics care." in comments[1].body
    assert "Group 1" in comments[1].body
    assert "Day one" in comments[1].body
    assert comments[1].author == cast.users["owner"]

    again = copy_notes_to_worksheet(item=item, worksheet=worksheet, actor=None)
    assert again.copied == []  # doing it twice does not duplicate
    assert len(again.already_there) == 2
    assert SectionComment.objects.filter(worksheet=worksheet).count() == 3

    _write(groups[1], "Schools already run a family night.")
    third = copy_notes_to_worksheet(item=item, worksheet=worksheet, actor=None)
    assert [group for group, _section in third.copied] == ["Group 2", "Group 2"]
    assert SectionComment.objects.filter(worksheet=worksheet).count() == 5
    assert AuditEntry.objects.filter(action="breakout_notes_copied").count() == 2


def test_without_a_worksheet_a_new_one_of_the_tool_is_started(cast):
    item, groups = _breakout(cast, section="engaging_everybody:placements")
    _write(groups[0], "Circle 3: clinic staff.")
    report = copy_notes_to_worksheet(item=item, worksheet=None, actor=None)
    assert report.worksheet.initiative == cast.initiative
    assert report.worksheet.tool_key == "engaging_everybody"
    assert report.worksheet.comments.get().section_key == "placements"


def test_a_worksheet_of_another_initiative_or_tool_is_refused(cast):
    item, groups = _breakout(cast)
    _write(groups[0], "Notes")
    foreign = create_worksheet(initiative=cast.other, tool_key="four_simple_questions", actor=None)
    with pytest.raises(LiveError, match="another initiative"):
        copy_notes_to_worksheet(item=item, worksheet=foreign, actor=None)
    other_tool = create_worksheet(
        initiative=cast.initiative, tool_key="engaging_everybody", actor=None
    )
    with pytest.raises(LiveError, match="not a worksheet of the tool"):
        copy_notes_to_worksheet(item=item, worksheet=other_tool, actor=None)
    assert not SectionComment.objects.exists()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("", "names no worksheet section"),
        ("no_such_tool:who", "no worksheet"),
        ("four_simple_questions:who_cares,nowhere", "no section nowhere"),
    ],
)
def test_a_breakout_without_a_usable_section_is_refused(cast, section, message):
    item, _groups = _breakout(cast, section=section)
    with pytest.raises(LiveError, match=message):
        copy_notes_to_worksheet(item=item, worksheet=None, actor=None)
    assert not Worksheet.objects.exists()


def _url(cast, item):
    return reverse(
        "live:breakout_to_worksheet", args=[cast.initiative.slug, item.session_id, item.pk]
    )


def test_the_facilitator_copies_from_the_run_page_and_is_told_what_was_copied(cast):
    item, groups = _breakout(cast)
    _write(groups[0], "Families care.")
    worksheet = create_worksheet(
        initiative=cast.initiative, tool_key="four_simple_questions", actor=None
    )
    client = cast.client("member")
    services.go_to_item(session=item.session, item=item, actor=None)
    page = client.get(
        reverse("live:facilitate", args=[cast.initiative.slug, item.session_id])
    ).content.decode()
    assert "Copy the notes into the worksheet" in page
    assert f'<option value="{worksheet.pk}">' in page
    response = client.post(_url(cast, item), {"worksheet": worksheet.pk}, follow=True)
    text = response.content.decode()
    assert "Copied into" in text
    assert "Group 1" in text
    assert "No notes yet: Group 2" in text
    assert worksheet.comments.count() == 2
    response = client.post(_url(cast, item), {"worksheet": worksheet.pk}, follow=True)
    assert "not copied again: 2" in response.content.decode()
    assert worksheet.comments.count() == 2


def test_a_forged_worksheet_of_another_initiative_gets_a_message_not_a_copy(cast):
    item, groups = _breakout(cast)
    _write(groups[0], "Secret plans")
    foreign = create_worksheet(initiative=cast.other, tool_key="four_simple_questions", actor=None)
    response = cast.client("member").post(_url(cast, item), {"worksheet": foreign.pk}, follow=True)
    assert response.status_code == 200
    assert "belongs to another initiative" in response.content.decode()
    assert not foreign.comments.exists()
    response = cast.client("member").post(_url(cast, item), {"worksheet": "x"}, follow=True)
    assert "Choose a worksheet from the list" in response.content.decode()


def test_only_contributors_of_the_initiative_may_copy(cast):
    item, _groups = _breakout(cast)
    assert cast.client("viewer").post(_url(cast, item), {}).status_code == 403
    assert cast.client("outsider").post(_url(cast, item), {}).status_code == 404
    assert cast.client("anonymous").post(_url(cast, item), {}).status_code == 302
