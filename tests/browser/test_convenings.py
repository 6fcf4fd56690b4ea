"""A convening as it really happens: a convener plans an online forum with a time, invites the
families and e-mails the invitations; a parent replies from a phone in Spanish through the link
in the e-mail; after the meeting the convener uploads Zoom's participant report, settles the one
name the registry holds twice and records the attendance. Every page is scanned with axe."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from convener.activities.models import Activity, ActivityInvitation, Attendance
from convener.stakeholders.models import Circle, Stakeholder
from convener.stakeholders.services.registry import create_stakeholder
from tests.browser.conftest import assert_accessible
from tests.browser.test_activities import log_in
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = Path(__file__).parents[2] / "convener/activities/tests/meeting_reports"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _people(initiative, owner) -> None:
    family = initiative.perspectives.get(key="family_youth")
    for name, email, language in (
        ("María López", "maria.lopez@example.org", "es"),
        ("José Núñez", "jose.nunez@example.com", "es"),
        ("Chidi Okafor", "chidi.okafor@example.net", "en"),
    ):
        create_stakeholder(
            initiative=initiative,
            actor=owner,
            fields={
                "name": name,
                "email": email,
                "preferred_language": language,
                "contact_permitted": True,
                "perspective": family,
                "circle": Circle.KEY,
            },
        )
    # Two people of the same name, neither invited: the report's "Ana Convener" is ambiguous.
    for email in ("ana.one@example.org", "ana.two@example.org"):
        create_stakeholder(
            initiative=initiative,
            actor=owner,
            fields={"name": "Ana Convener", "email": email, "kind": "person"},
        )


def _reply_link(to: str) -> str:
    message = next(m for m in mail.outbox if m.to == [to])
    body = message.body
    found = re.search(r"https?://\S+/invitation/\S+\?answer=yes", body)
    assert found, body
    return found.group(0)


def test_plan_invite_reply_from_a_phone_and_import_the_meeting_report(
    live_server, new_page, settings
) -> None:
    base = live_server.url
    settings.SITE_URL = base
    owner = UserFactory(email="convener@example.org", display_name="Dana Convener")
    initiative = make_initiative(owner=owner)
    _people(initiative, owner)
    day = timezone.localdate() + dt.timedelta(days=7)

    page = new_page(viewport=DESKTOP)
    log_in(page, base, "convener@example.org")
    assert_accessible(page)

    # Plan the forum: Thursday evening, New York time, online.
    page.goto(f"{base}/i/{initiative.slug}/activities/new/")
    assert_accessible(page)
    page.get_by_label("Title (required)").fill("Regional family forum")
    page.locator("#id_kind").select_option(label="Family event")
    page.locator("#id_starts_on").fill(day.isoformat())
    page.locator("#id_start_time").fill("18:00")
    page.locator("#id_end_time").fill("19:30")
    page.locator("#id_time_zone").select_option("America/New_York")
    page.get_by_label("Link").fill("https://zoom.example.org/j/81234567890")
    page.get_by_label("Informal", exact=True).check()
    page.get_by_label("Learning with", exact=True).check()
    page.get_by_label("Two-way", exact=True).check()
    page.get_by_role("button", name="Log activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional family forum")
    expect(page.locator("main")).to_contain_text(
        re.compile(r"6 p\.m\.\s+\u2013\s+7:30 p\.m\.\s+\(Eastern time, UTC\u2212[45]\)")
    )
    assert_accessible(page)
    activity = Activity.objects.get(title="Regional family forum")
    assert activity.start_time == dt.time(18)
    assert activity.zone_name == "America/New_York"

    # Invite the families, then e-mail them.
    page.get_by_role("link", name="Invite", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Perspective").select_option(label="Family/Youth")
    page.get_by_role("button", name="Filter").click()
    assert_accessible(page)
    page.get_by_role("button", name="Invite the ticked people").click()
    expect(page.locator(".messages")).to_contain_text("3 people invited.")
    assert_accessible(page)
    page.goto(f"{base}/i/{initiative.slug}/activities/{activity.pk}/")
    page.get_by_role("button", name="E-mail the invitation to 3 people not yet sent it").click()
    expect(page.locator("main")).to_contain_text("E-mailed: 3.")
    assert_accessible(page)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chidi.okafor@example.net",
        "jose.nunez@example.com",
        "maria.lopez@example.org",
    ]
    spanish = next(m for m in mail.outbox if m.to == ["maria.lopez@example.org"])
    assert spanish.subject.startswith("Invitación")

    # María opens her link on a phone set to Spanish and says she is coming.
    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.goto(_reply_link("maria.lopez@example.org"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Regional family forum")
    expect(phone.get_by_role("group", name="¿Puede venir?")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_label("Asistiré")).to_be_checked()  # the e-mail's "I'm coming" button
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone)
    phone.get_by_role("button", name="Enviar mi respuesta").click()
    expect(phone.get_by_role("status")).to_contain_text("hemos anotado que asistirá")
    assert_accessible(phone)
    invitation = ActivityInvitation.objects.get(
        activity=activity, stakeholder__email="maria.lopez@example.org"
    )
    assert invitation.status == "accepted"

    # The convener sees the reply on the activity page.
    page.reload()
    replies = page.get_by_role("table", name="Replies")
    expect(replies.get_by_role("row", name=re.compile("María López"))).to_contain_text("Accepted")
    assert_accessible(page)

    # The meeting took place (on the day the report was made): upload Zoom's report.
    Activity.objects.filter(pk=activity.pk).update(starts_on=dt.date(2026, 12, 3))
    page.reload()
    page.get_by_role("link", name="Attendance from a meeting report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance from a meeting report")
    assert_accessible(page)
    page.get_by_label("Participant or attendance report").set_input_files(
        str(SAMPLES / "zoom_participants.csv")
    )
    page.get_by_label("Saved chat (optional)").set_input_files(str(SAMPLES / "zoom_chat.txt"))
    page.get_by_role("button", name="Read the files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review who was there")
    assert_accessible(page)

    # Recording without choosing who "Ana Convener" is says what is missing.
    page.get_by_role("button", name="Record this attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("need a decision")
    assert_accessible(page)
    assert not Attendance.objects.filter(activity=activity).exists()
    ana = Stakeholder.objects.get(email="ana.one@example.org")
    # Two entries of one name are told apart by what the registry knows of them.
    page.get_by_label(f"Ana Convener (registry entry {ana.pk}) — ana.one@example.org").check()
    page.get_by_role("button", name="Record this attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional family forum")
    assert_accessible(page)

    came = dict(
        Attendance.objects.filter(activity=activity).values_list("stakeholder__email", "minutes")
    )
    assert came["ana.one@example.org"] == 91  # from the join and leave times
    assert came["maria.lopez@example.org"] == 87  # rejoined from her iPhone: one person
    assert came["chidi.okafor@example.net"] == 82  # "Okafor, Chidi" and "Chidi O."
    assert came["jose.nunez@example.com"] == 75
    # The phone that showed only "Galaxy A52" signed in in the chat as Teresa Gómez; she and
    # the unknown visitor are new to the registry, with what they said in the chat.
    teresa = Stakeholder.objects.get(initiative=initiative, name="Teresa Gómez")
    assert "Riverside County, family liaison" in teresa.notes
    assert Attendance.objects.filter(activity=activity, stakeholder=teresa, walk_in=True).exists()
    assert Stakeholder.objects.filter(initiative=initiative, name="Pat Unknown-Visitor").exists()
    assert "ana.two@example.org" not in came
    assert not Attendance.objects.get(
        activity=activity, stakeholder__email="maria.lopez@example.org"
    ).walk_in
