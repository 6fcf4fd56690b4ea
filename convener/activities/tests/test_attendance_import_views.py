"""The attendance-import pages: upload, review, decide, record — and the mistakes on the way."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from convener.activities.models import Attendance, MeetingReportUpload
from convener.activities.services import events
from convener.stakeholders.models import Stakeholder
from tests.factories import RegisteredStakeholderFactory

SAMPLES = Path(__file__).parent / "meeting_reports"


@pytest.fixture
def forum(cast):
    activity = events.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={"title": "Forum", "kind": "meeting", "starts_on": dt.date(2026, 12, 3)},
    )
    for name in ("María López", "Ana Convener", "Ana Convener"):
        RegisteredStakeholderFactory(initiative=cast.initiative, name=name, kind="person")
    return activity


def base(cast, activity) -> str:
    return f"/i/{cast.initiative.slug}/activities/{activity.pk}/attendance/import/"


def sample(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def test_the_activity_page_links_to_the_import(cast, forum) -> None:
    page = cast.client("member").get(f"/i/{cast.initiative.slug}/activities/{forum.pk}/")
    assert base(cast, forum).encode() in page.content


def test_an_unknown_file_is_refused_with_what_was_expected_and_nothing_kept(cast, forum) -> None:
    response = cast.client("member").post(
        base(cast, forum), {"report": SimpleUploadedFile("notes.csv", b"a,b\n1,2\n")}
    )
    assert response.status_code == 200
    assert "Zoom participant report" in response.content.decode()
    assert not MeetingReportUpload.objects.exists()


def test_nothing_chosen_is_a_clear_message(cast, forum) -> None:
    response = cast.client("member").post(base(cast, forum), {})
    assert "Choose a report, a saved chat, or both." in response.content.decode()


def test_upload_review_decide_and_record(cast, forum) -> None:
    client = cast.client("member")
    response = client.post(
        base(cast, forum), {"report": sample("teams_attendance.csv")}, follow=True
    )
    page = response.content.decode()
    assert "Review who was there" in page
    assert "María López" in page
    assert "Pat Visitor" in page
    upload = MeetingReportUpload.objects.get()
    review_url = f"{base(cast, forum)}{upload.pk}/"
    # Ana Convener is two people in the registry: recording without choosing is refused.
    refused = client.post(review_url, {})
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.content.decode()
    assert Attendance.objects.count() == 0
    ana = Stakeholder.objects.filter(name="Ana Convener").first()
    done = client.post(review_url, {"decision-p1": str(ana.pk)}, follow=True)
    assert done.redirect_chain[-1][0].endswith(f"/activities/{forum.pk}/")
    assert Attendance.objects.filter(activity=forum).count() == 4
    assert not MeetingReportUpload.objects.exists()


def test_another_initiatives_upload_is_404(cast, forum) -> None:
    other = events.create_activity(
        initiative=cast.other,
        actor=None,
        fields={"title": "Theirs", "kind": "meeting", "starts_on": dt.date(2026, 12, 3)},
    )
    theirs = MeetingReportUpload.objects.create(
        activity=other, report=(SAMPLES / "meet_attendance.csv").read_bytes()
    )
    response = cast.client("member").get(f"{base(cast, forum)}{theirs.pk}/")
    assert response.status_code == 404
