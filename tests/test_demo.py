"""`convener load_demo`: a realistic initiative, safe to run again."""

from io import StringIO

from django.core.management import call_command
from django.test import Client

from convener.activities.models import Activity, Attendance
from convener.demo.data import DEMO_PASSWORD, DEMO_SLUG
from convener.initiatives.models import Initiative, default_time_zone
from convener.initiatives.roles import Role
from convener.measuring.models import Answer, Round
from convener.stakeholders.models import Stakeholder


def _counts() -> tuple[int, ...]:
    return (
        Initiative.objects.count(),
        Stakeholder.objects.count(),
        Activity.objects.count(),
        Attendance.objects.count(),
        Round.objects.count(),
        Answer.objects.count(),
    )


def test_load_demo_builds_the_initiative_once_and_prints_the_login(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    initiative = Initiative.objects.get(slug=DEMO_SLUG)
    roles = set(initiative.memberships.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert initiative.stakeholders.count() >= 100
    assert initiative.activities.count() >= 12
    assert initiative.rounds.count() >= 4
    assert "demo@convener.localhost" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_the_printed_demo_login_works(db):
    call_command("load_demo", stdout=StringIO())
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "demo@convener.localhost", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(f"/i/{DEMO_SLUG}/").status_code == 200


def test_load_demo_prints_the_login_and_a_count_not_every_email(db, settings, capsys):
    # The console backend of development, which printed every invitation in full before.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue() + capsys.readouterr().out
    for mime in ("Content-Type:", "Subject:", "BEGIN:VCALENDAR", "/invitation/"):
        assert mime not in printed
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 6
    assert lines[1].strip() == "Log in at http://127.0.0.1:8000/accounts/login/ with"
    assert lines[4].strip() == f"then open http://127.0.0.1:8000/i/{DEMO_SLUG}/"
    sent = int(lines[-1].split()[0])
    assert sent > 0
    assert (
        lines[-1].strip() == f"{sent} demo e-mails sent to made-up addresses (counted, not shown)."
    )
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert again.getvalue().strip().splitlines()[-1].strip() == (
        "No e-mails sent (the demo was already loaded)."
    )
    assert settings.EMAIL_BACKEND.endswith("console.EmailBackend")  # restored after loading


def test_the_demo_initiative_keeps_the_time_zone_of_its_convenings(db):
    call_command("load_demo", stdout=StringIO())
    initiative = Initiative.objects.get(slug=DEMO_SLUG)
    assert initiative.time_zone == "America/New_York"
    zones = set(initiative.activities.exclude(time_zone="").values_list("time_zone", flat=True))
    assert zones == {initiative.time_zone}
    # A demo loaded before the zone was set is brought up to date on the next run.
    Initiative.objects.filter(pk=initiative.pk).update(time_zone=default_time_zone())
    call_command("load_demo", stdout=StringIO())
    assert Initiative.objects.get(pk=initiative.pk).time_zone == "America/New_York"
