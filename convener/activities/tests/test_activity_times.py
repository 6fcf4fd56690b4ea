"""Activities with a time of day and a time zone, and their calendar entries."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from convener.accounts.models import ApiToken
from convener.activities.models import Activity
from convener.activities.services import events

FORUM = {
    "title": "Regional family forum",
    "kind": "meeting",
    "starts_on": dt.date(2026, 12, 10),
    "start_time": dt.time(18, 0),
    "end_time": dt.time(19, 30),
    "time_zone": "America/New_York",
    "link": "https://meet.example.org/forum",
    "place": "",
}


def forum(cast, **fields) -> Activity:
    return events.create_activity(
        initiative=cast.initiative, actor=None, fields={**FORUM, **fields}
    )


def test_times_are_in_the_activity_time_zone(cast) -> None:
    activity = forum(cast)
    zone = ZoneInfo("America/New_York")
    assert activity.starts_at == dt.datetime(2026, 12, 10, 18, 0, tzinfo=zone)
    assert activity.ends_at == dt.datetime(2026, 12, 10, 19, 30, tzinfo=zone)
    assert activity.starts_at.astimezone(dt.UTC).hour == 23


def test_a_blank_time_zone_is_the_initiatives(cast) -> None:
    cast.initiative.time_zone = "Europe/Madrid"
    cast.initiative.save()
    activity = forum(cast, time_zone="")
    assert activity.zone_name == "Europe/Madrid"
    assert activity.starts_at.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_time": dt.time(17, 0)}, "after the start"),
        ({"start_time": None}, "start time too"),
        ({"time_zone": "Mars/Olympus"}, "time zone"),
    ],
)
def test_impossible_times_are_refused(cast, fields, message) -> None:
    with pytest.raises(events.ActivityError, match=message):
        forum(cast, **fields)
    assert not Activity.objects.exists()


def test_date_only_activities_keep_working(cast) -> None:
    activity = forum(cast, start_time=None, end_time=None)
    assert activity.starts_at is None
    page = cast.client("viewer").get(f"/i/{cast.initiative.slug}/activities/{activity.pk}/")
    assert page.status_code == 200


def test_a_change_of_time_raises_the_calendar_sequence_and_a_title_typo_too(cast) -> None:
    activity = forum(cast)
    events.update_activity(activity=activity, actor=None, fields={"start_time": dt.time(17)})
    assert activity.calendar_sequence == 1
    events.update_activity(activity=activity, actor=None, fields={"habit": ""})
    assert activity.calendar_sequence == 1


def test_the_detail_page_shows_the_time_in_the_viewers_language(cast) -> None:
    activity = forum(cast)
    url = f"/i/{cast.initiative.slug}/activities/{activity.pk}/"
    english = cast.client("viewer").get(url, headers={"accept-language": "en"}).content.decode()
    assert "6 p.m." in english
    assert "Eastern time, UTC\u22125" in english  # 10 December: winter time
    assert 'title="America/New_York"' in english  # the zone's name, on hover
    client = cast.client("member")
    client.cookies["django_language"] = "es"
    spanish = client.get(url).content.decode()
    assert "18:00" in spanish
    assert "19:30" in spanish
    assert "hora del Este, UTC\u22125" in spanish


def _event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert isinstance(event, icalendar.Event)
    return event


def test_the_calendar_file_opens_with_start_end_zone_and_link(cast) -> None:
    activity = forum(cast)
    response = cast.client("viewer").get(
        f"/i/{cast.initiative.slug}/activities/{activity.pk}/calendar.ics"
    )
    assert response["Content-Type"].startswith("text/calendar")
    event = _event(response.content)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == activity.starts_at
    assert end == activity.ends_at
    assert str(start.tzinfo) == "America/New_York"
    assert event["location"] == "https://meet.example.org/forum"
    assert str(event["uid"]).startswith(f"activity-{activity.pk}@")
    assert b"BEGIN:VTIMEZONE" in response.content


def test_an_all_day_activity_is_an_all_day_event(cast) -> None:
    activity = forum(cast, start_time=None, end_time=None, ends_on=dt.date(2026, 12, 11))
    response = cast.client("viewer").get(
        f"/i/{cast.initiative.slug}/activities/{activity.pk}/calendar.ics"
    )
    event = _event(response.content)
    assert event.decoded("dtstart") == dt.date(2026, 12, 10)
    assert event.decoded("dtend") == dt.date(2026, 12, 12)


def test_the_api_gives_the_calendar_and_the_times(cast) -> None:
    activity = forum(cast)
    token = ApiToken.issue(user=cast.users["viewer"], name="t")[1]
    headers = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/initiatives/{cast.initiative.slug}/activities/{activity.pk}"
    ics = cast.client("anonymous").get(base + "/calendar", headers=headers)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert _event(ics.content).decoded("dtstart") == activity.starts_at
    body = cast.client("anonymous").get(base, headers=headers).json()
    assert body["start_time"] == "18:00:00"
    assert body["time_zone"] == "America/New_York"


def test_the_api_refuses_a_bad_time_zone(cast) -> None:
    token = ApiToken.issue(user=cast.users["member"], name="t")[1]
    response = cast.client("anonymous").post(
        f"/api/v1/initiatives/{cast.initiative.slug}/activities",
        data={
            "title": "X",
            "kind": "meeting",
            "starts_on": "2026-12-10",
            "start_time": "18:00",
            "time_zone": "Nowhere/City",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert not Activity.objects.exists()
