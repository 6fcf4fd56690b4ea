"""`convener load_demo`: a realistic initiative, safe to run again."""

from io import StringIO

from django.core.management import call_command
from django.test import Client

from convener.activities.models import Activity, Attendance
from convener.demo.data import DEMO_PASSWORD, DEMO_SLUG
from convener.initiatives.models import Initiative
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
