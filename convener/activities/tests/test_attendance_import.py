"""Attendance from meeting reports: matched to the registry, all or nothing, never twice."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.activities.models import (
    Attendance,
    EngagementEvent,
    LadderSummary,
    MeetingReportUpload,
)
from convener.activities.services import attendance_import as importing
from convener.activities.services import events
from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import Stakeholder
from tests.factories import RegisteredStakeholderFactory

SAMPLES = Path(__file__).parent / "meeting_reports"
FORUM_DAY = dt.date(2026, 12, 3)


@pytest.fixture
def forum(cast):
    activity = events.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={"title": "Regional family forum", "kind": "meeting", "starts_on": FORUM_DAY},
    )
    registry = {
        "maria": RegisteredStakeholderFactory(
            initiative=cast.initiative, name="María López", kind="person"
        ),
        "chidi": RegisteredStakeholderFactory(
            initiative=cast.initiative,
            name="Chidi Okafor",
            kind="person",
            email="chidi.okafor@example.net",
        ),
        "jose": RegisteredStakeholderFactory(
            initiative=cast.initiative, name="José Núñez", kind="person"
        ),
        "ana1": RegisteredStakeholderFactory(
            initiative=cast.initiative, name="Ana Convener", kind="person"
        ),
        "ana2": RegisteredStakeholderFactory(
            initiative=cast.initiative,
            name="Ana Convener",
            kind="person",
            email="ana.other@example.org",
        ),
        "teresa": RegisteredStakeholderFactory(
            initiative=cast.initiative, name="Teresa Gómez", kind="person"
        ),
    }
    # Someone of the same name in another initiative is never a candidate here.
    RegisteredStakeholderFactory(initiative=cast.other, name="Pat Unknown-Visitor", kind="person")
    return activity, registry


def upload(activity, report: str | None = None, chat: str | None = None) -> MeetingReportUpload:
    return MeetingReportUpload.objects.create(
        activity=activity,
        report=(SAMPLES / report).read_bytes() if report else b"",
        chat=(SAMPLES / chat).read_bytes() if chat else b"",
    )


def test_review_matches_everyone_and_changes_nothing(forum) -> None:
    activity, registry = forum
    review = importing.review_upload(upload(activity, "zoom_participants.csv", "zoom_chat.txt"))
    found = {p.name: p for p in review.people}
    assert found["María López"].match.stakeholder_id == registry["maria"].pk
    assert found["María López"].minutes == 87
    assert found["María López"].location == "Springfield"
    assert found["Chidi Okafor"].match.by == "email"
    assert found["José Núñez"].match.stakeholder_id == registry["jose"].pk
    # The phone called "Galaxy A52" signed in in the chat as Teresa Gómez.
    assert found["Teresa Gómez"].match.stakeholder_id == registry["teresa"].pk
    assert found["Teresa Gómez"].other_names == ["Galaxy A52"]
    assert found["Ana Convener"].status == "ambiguous"
    assert found["Pat Unknown-Visitor"].status == "new"
    assert found["Pat Unknown-Visitor"].role == "school psychologist"
    assert review.warnings == []
    assert Attendance.objects.count() == 0


def test_recording_is_all_or_nothing_and_needs_every_ambiguous_decision(forum) -> None:
    activity, _registry = forum
    stored = upload(activity, "zoom_participants.csv", "zoom_chat.txt")
    with pytest.raises(importing.ImportProblem) as problem:
        importing.record_upload(upload=stored, actor=None, decisions={})
    assert list(problem.value.fields) == ["p1"]  # Ana Convener, first in the report
    assert Attendance.objects.count() == 0
    assert Stakeholder.objects.filter(name="Pat Unknown-Visitor").count() == 1  # the other's


def test_a_foreign_stakeholder_id_in_the_decisions_is_refused(cast, forum) -> None:
    activity, _registry = forum
    foreign = Stakeholder.objects.get(initiative=cast.other, name="Pat Unknown-Visitor")
    stored = upload(activity, "zoom_participants.csv", "zoom_chat.txt")
    with pytest.raises(importing.ImportProblem):
        importing.record_upload(
            upload=stored, actor=None, decisions={"p1": "skip", "p6": str(foreign.pk)}
        )
    assert Attendance.objects.count() == 0


def test_recording_checks_people_in_with_minutes_and_feeds_the_ladder(cast, forum) -> None:
    activity, registry = forum
    stored = upload(activity, "zoom_participants.csv", "zoom_chat.txt")
    result = importing.record_upload(
        upload=stored, actor=cast.users["member"], decisions={"p1": str(registry["ana1"].pk)}
    )
    assert (result.attended, result.created, result.already, result.skipped) == (6, 1, 0, 0)
    maria = Attendance.objects.get(activity=activity, stakeholder=registry["maria"])
    assert (maria.source, maria.minutes) == ("zoom", 87)
    assert EngagementEvent.objects.filter(
        activity=activity, kind="attended", stakeholder=registry["maria"]
    ).exists()
    # The ladder's stored summary follows the bulk write, as it does a check-in at the door.
    assert LadderSummary.objects.get(stakeholder=registry["maria"]).times_attended == 1
    new = Stakeholder.objects.get(initiative=cast.initiative, name="Pat Unknown-Visitor")
    assert "Shelbyville" in new.notes
    entry = AuditEntry.objects.get(action="import_attendance")
    assert entry.target_id == activity.pk
    assert "6 recorded" in entry.detail
    assert not MeetingReportUpload.objects.exists()


def test_the_same_report_twice_adds_nothing(cast, forum) -> None:
    activity, registry = forum
    decisions = {"p1": str(registry["ana1"].pk)}
    importing.record_upload(
        upload=upload(activity, "zoom_participants.csv", "zoom_chat.txt"),
        actor=None,
        decisions=decisions,
    )
    before = (Attendance.objects.count(), Stakeholder.objects.count())
    second = importing.record_upload(
        upload=upload(activity, "zoom_participants.csv", "zoom_chat.txt"),
        actor=None,
        decisions=decisions,
    )
    assert (second.attended, second.created, second.already) == (0, 0, 6)
    assert (Attendance.objects.count(), Stakeholder.objects.count()) == before


def test_a_report_for_another_day_warns_before_recording(cast) -> None:
    activity = events.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={"title": "Other day", "kind": "meeting", "starts_on": dt.date(2026, 11, 30)},
    )
    review = importing.review_upload(upload(activity, "zoom_participants.csv"))
    assert len(review.warnings) == 1
    assert "right activity" in review.warnings[0]


def call(cast, persona: str, activity, files: dict[str, str], **form: str):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    data = {name: (SAMPLES / sample).open("rb") for name, sample in files.items()} | form
    return Client().post(
        f"/api/v1/initiatives/{cast.initiative.slug}/activities/{activity.pk}/attendance/import",
        data=data,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_api_dry_run_lists_each_person_and_changes_nothing(cast, forum) -> None:
    activity, registry = forum
    response = call(cast, "member", activity, {"file": "teams_attendance.csv"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True
    assert body["source"] == "teams"
    maria = next(p for p in body["people"] if p["name"] == "María López")
    assert maria["status"] == "matched"
    assert maria["stakeholder_id"] == registry["maria"].pk
    assert maria["minutes"] == 86
    assert maria["rows"] == [19, 20]
    assert Attendance.objects.count() == 0
    assert not MeetingReportUpload.objects.exists()


def test_api_records_with_decisions_and_refuses_without(cast, forum) -> None:
    activity, _registry = forum
    refused = call(cast, "member", activity, {"file": "teams_attendance.csv"}, dry_run="false")
    assert refused.status_code == 422
    assert "p1" in refused.json()["error"]["fields"]
    assert Attendance.objects.count() == 0
    done = call(
        cast,
        "member",
        activity,
        {"file": "teams_attendance.csv"},
        dry_run="false",
        decisions=json.dumps({"p1": "skip"}),
    )
    assert done.status_code == 200, done.content
    assert done.json()["recorded"] == 3
    assert done.json()["added_to_registry"] == 1
    assert done.json()["left_out"] == 1


def test_api_refuses_an_unknown_format_with_what_it_expected(cast, forum) -> None:
    activity, _registry = forum
    response = call(cast, "member", activity, {"file": "../test_meeting_reports.py"})
    assert response.status_code == 422
    assert "Zoom participant report" in response.json()["error"]["message"]


def test_api_outsider_gets_404_and_viewer_403(cast, forum) -> None:
    activity, _registry = forum
    assert call(cast, "outsider", activity, {"file": "meet_attendance.csv"}).status_code == 404
    assert call(cast, "viewer", activity, {"file": "meet_attendance.csv"}).status_code == 403
