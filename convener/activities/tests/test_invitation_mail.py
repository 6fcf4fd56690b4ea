"""Invitations that reach people: e-mail in their language, a calendar entry, reply links."""

import datetime as dt
import re
from email import message_from_bytes, policy

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from convener.activities.models import Activity, ActivityInvitation, EngagementEvent
from convener.activities.services import events
from convener.activities.services import invitations as services
from tests.factories import RegisteredStakeholderFactory

SOON = timezone.localdate() + dt.timedelta(days=7)


@pytest.fixture
def forum(cast, django_capture_on_commit_callbacks):
    activity = events.create_activity(
        initiative=cast.initiative,
        actor=cast.users["member"],
        fields={
            "title": "Regional family forum",
            "kind": "meeting",
            "starts_on": SOON,
            "start_time": dt.time(18, 0),
            "end_time": dt.time(19, 30),
            "time_zone": "America/New_York",
            "link": "https://meet.example.org/forum",
        },
    )
    people = {
        "maria": ("María López", "maria@example.org", "es", True),
        "chidi": ("Chidi Okafor", "chidi@example.net", "en", True),
        "noaddress": ("Sin Correo", "", "es", True),
        "noconsent": ("No Contact", "nc@example.org", "en", False),
    }
    made = {}
    for key, (name, email, language, permitted) in people.items():
        made[key] = RegisteredStakeholderFactory(
            initiative=cast.initiative,
            name=name,
            kind="person",
            email=email,
            preferred_language=language,
            contact_permitted=permitted,
        )
    events.invite(activity=activity, actor=None, stakeholder_ids=[p.pk for p in made.values()])
    return activity, made


def _send(cast, activity, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("member").post(
            f"/i/{cast.initiative.slug}/activities/{activity.pk}/invitations/send/"
        )
    assert response.status_code == 302


def _parsed(message):
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)


def _links(text: str) -> dict[str, str]:
    return {
        m.group(2): m.group(1) for m in re.finditer(r"(http\S+/invitation/\S+\?answer=(\w+))", text)
    }


def test_each_person_gets_one_message_in_their_language_with_a_calendar(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["chidi@example.net", "maria@example.org"]
    maria = next(m for m in mail.outbox if m.to == ["maria@example.org"])
    assert maria.subject == "Invitación: Regional family forum"
    assert maria.reply_to == [cast.users["member"].email]
    assert maria.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parsed = _parsed(maria)
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "Asistiré" in text
    assert "Asistiré" in html
    calendar_part = next(
        p for p in parsed.iter_attachments() if p.get_content_type() == "text/calendar"
    )
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == activity.starts_at
    assert event.decoded("dtend") == activity.ends_at
    assert str(event.decoded("dtstart").tzinfo) == "America/New_York"
    assert calendar["method"] == "PUBLISH"
    links = _links(text)
    assert set(links) == {"yes", "no", "maybe"}
    secret = links["yes"].split("/invitation/")[1].split("/")[0]
    assert len(secret) >= 43  # 256 bits
    invitation = ActivityInvitation.objects.get(stakeholder=people["maria"])
    assert invitation.reply_token_hash != secret  # only the digest is stored
    assert invitation.sent_at is not None


def test_sending_twice_sends_nothing_more(cast, forum, django_capture_on_commit_callbacks) -> None:
    activity, _people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    _send(cast, activity, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_reply_link_asks_first_and_only_a_post_records(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    maria = next(m for m in mail.outbox if m.to == ["maria@example.org"])
    link = _links(maria.body)["yes"]
    phone = cast.client("anonymous")
    opened = phone.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert opened.status_code == 200
    page = opened.content.decode()
    assert '<html lang="es">' in page
    assert "¿Puede venir?" in page
    assert 'value="yes"\n                   checked' in page or 'value="yes" checked' in page
    invitation = ActivityInvitation.objects.get(stakeholder=people["maria"])
    assert invitation.status == "invited"  # opening the link changed nothing
    assert opened.redirect_chain[-1][0].endswith("/invitation/?answer=yes")  # secret dropped
    done = phone.post("/invitation/", {"answer": "yes"})
    assert "Gracias" in done.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert EngagementEvent.objects.filter(stakeholder=people["maria"], kind="accepted").exists()
    phone.post("/invitation/", {"answer": "maybe"})
    invitation.refresh_from_db()
    assert invitation.status == "maybe"


def test_a_bad_or_replaced_link_gets_the_neutral_page(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    maria = next(m for m in mail.outbox if m.to == ["maria@example.org"])
    link = _links(maria.body)["no"].replace("http://127.0.0.1:8000", "")
    assert cast.client("anonymous").get("/invitation/" + "x" * 43 + "/").status_code == 404
    services.replace_reply_link(ActivityInvitation.objects.get(stakeholder=people["maria"]))
    assert cast.client("anonymous").get(link).status_code == 404


def test_an_empty_answer_is_a_clear_message_tied_to_the_choices(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, _people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    chidi = next(m for m in mail.outbox if m.to == ["chidi@example.net"])
    phone = cast.client("anonymous")
    phone.get(_links(chidi.body)["maybe"].replace("http://127.0.0.1:8000", ""))
    refused = phone.post("/invitation/", {"answer": "perhaps"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Choose one of the three answers." in page
    assert 'aria-describedby="reply-error"' in page


def test_a_change_of_time_goes_out_as_a_calendar_update_with_the_same_links(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, _people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    first_links = _links(next(m for m in mail.outbox if m.to == ["chidi@example.net"]).body)
    events.update_activity(activity=activity, actor=None, fields={"start_time": dt.time(17, 30)})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cast.client("member").post(
            f"/i/{cast.initiative.slug}/activities/{activity.pk}/invitations/update/"
        )
    update = next(m for m in mail.outbox if m.to == ["chidi@example.net"])
    assert update.subject == "Updated: Regional family forum"
    assert _links(update.body) == first_links  # a copied link keeps working
    parsed = _parsed(update)
    part = next(p for p in parsed.iter_attachments() if p.get_content_type() == "text/calendar")
    (event,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert event.decoded("sequence") == 1
    assert event.decoded("dtstart").time() == dt.time(17, 30)


def test_cancelling_sends_a_calendar_cancellation_and_closes_replies(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, _people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    chidi_links = _links(next(m for m in mail.outbox if m.to == ["chidi@example.net"]).body)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cast.client("member").post(f"/i/{cast.initiative.slug}/activities/{activity.pk}/cancel/")
    assert len(mail.outbox) == 2
    cancel = next(m for m in mail.outbox if m.to == ["chidi@example.net"])
    part = next(
        p for p in _parsed(cancel).iter_attachments() if p.get_content_type() == "text/calendar"
    )
    calendar = icalendar.Calendar.from_ical(part.get_content())
    assert calendar["method"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert event["status"] == "CANCELLED"
    phone = cast.client("anonymous")
    page = phone.get(chidi_links["yes"].replace("http://127.0.0.1:8000", ""), follow=True)
    assert "replies are closed" in page.content.decode()


def test_the_reminder_goes_the_day_before_to_those_who_have_not_said_no(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, people = forum
    _send(cast, activity, django_capture_on_commit_callbacks)
    ActivityInvitation.objects.filter(stakeholder=people["chidi"]).update(status="declined")
    mail.outbox.clear()
    two_days_before = activity.starts_at - dt.timedelta(days=2)
    assert services.send_due_reminders(now=two_days_before) == 0
    day_before = activity.starts_at - dt.timedelta(hours=20)
    assert services.send_due_reminders(now=day_before) == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["maria@example.org"]
    assert reminder.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "mañana" in reminder.subject
    assert services.send_due_reminders(now=day_before) == 0  # once


def test_the_reminders_run_every_day_with_the_other_daily_tasks(settings) -> None:
    assert "convener.activities.tasks.send_invitation_reminders" in settings.DAILY_TASKS


def test_the_activity_page_shows_replies_and_who_cannot_be_emailed(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, people = forum
    page = cast.client("member").get(f"/i/{cast.initiative.slug}/activities/{activity.pk}/")
    text = page.content.decode()
    assert "E-mail the invitation to 2 people not yet sent it" in text
    assert "Cannot be e-mailed (no address, or contact not permitted): 2." in text
    ActivityInvitation.objects.filter(stakeholder=people["maria"]).update(status="maybe")
    page = cast.client("member").get(f"/i/{cast.initiative.slug}/activities/{activity.pk}/")
    assert "María López" in page.content.decode()


def test_outsiders_and_viewers_cannot_send(cast, forum) -> None:
    activity, _people = forum
    url = f"/i/{cast.initiative.slug}/activities/{activity.pk}/invitations/send/"
    assert cast.client("outsider").post(url).status_code == 404
    assert cast.client("viewer").post(url).status_code == 403
    assert not mail.outbox


def test_once_the_activity_is_over_the_page_offers_no_e_mail_to_send(cast, forum) -> None:
    activity, _people = forum
    Activity.objects.filter(pk=activity.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=3), end_time=None
    )
    page = cast.client("member").get(f"/i/{cast.initiative.slug}/activities/{activity.pk}/")
    text = page.content.decode()
    assert "E-mail the invitation" not in text
    assert "Cancel the activity" not in text
    assert "Cannot be e-mailed (no address, or contact not permitted): 2." in text


def test_a_spanish_reader_gets_the_place_in_spanish_and_the_time_zone_in_words(
    cast, forum, django_capture_on_commit_callbacks
) -> None:
    activity, _people = forum
    member = cast.client("member")
    edit = f"/i/{cast.initiative.slug}/activities/{activity.pk}/edit/"
    form = member.get(edit).content.decode()
    assert 'name="place_es"' in form
    activity.place = "Public library, room 2"
    activity.translations = {"es": {"place": "Biblioteca pública, sala 2"}}
    activity.save()
    _send(cast, activity, django_capture_on_commit_callbacks)
    maria = next(m for m in mail.outbox if m.to == ["maria@example.org"])
    chidi = next(m for m in mail.outbox if m.to == ["chidi@example.net"])
    assert "Biblioteca pública, sala 2" in maria.body
    assert "(hora del Este, UTC\u2212" in maria.body
    assert "America/New_York" not in maria.body
    assert "Public library, room 2" in chidi.body
    assert "(Eastern time, UTC\u2212" in chidi.body
    opened = cast.client("anonymous").get(
        _links(maria.body)["yes"].replace("http://127.0.0.1:8000", ""), follow=True
    )
    page = opened.content.decode()
    assert "Biblioteca pública, sala 2" in page
    assert "hora del Este" in page
    assert "Public library" not in page
