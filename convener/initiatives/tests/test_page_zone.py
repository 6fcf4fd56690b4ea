"""An initiative's pages show times in its own zone; nothing else changes zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from convener.core.page_zone import PageTimeZoneMiddleware, show_times_in
from convener.initiatives.models import AuditEntry, Initiative
from convener.initiatives.services import record_audit
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db

# 18:05 UTC on a winter day: 1:05 p.m. in Boston (UTC-5), 10:05 a.m. in Los Angeles.
MOMENT = dt.datetime(2026, 1, 15, 18, 5, tzinfo=dt.UTC)


def _audit_page(client, zone: str) -> str:
    owner = UserFactory()
    initiative = make_initiative(owner=owner)
    Initiative.objects.filter(pk=initiative.pk).update(time_zone=zone)
    record_audit(
        initiative=initiative,
        actor=owner,
        action="initiative.updated",
        target_type="initiative",
        target_id=initiative.pk,
    )
    AuditEntry.objects.filter(initiative=initiative).update(created_at=MOMENT)
    client.force_login(owner)
    return client.get(reverse("initiatives:audit", args=[initiative.slug])).content.decode()


def test_an_initiatives_page_shows_times_in_its_own_zone(client):
    assert "1:05 p.m." in _audit_page(client, "America/New_York")
    assert "10:05 a.m." in _audit_page(client, "America/Los_Angeles")


def test_the_zone_does_not_outlive_the_request(client):
    _audit_page(client, "America/New_York")
    assert timezone.get_current_timezone_name() == "UTC"
    assert client.get("/healthz").status_code == 200


def test_a_request_starts_in_the_sites_zone_whatever_the_thread_last_showed():
    show_times_in("Pacific/Honolulu")
    seen: list[str] = []

    def respond(request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    middleware = PageTimeZoneMiddleware(respond)
    middleware(RequestFactory().get("/"))
    assert seen == ["UTC"]
    assert timezone.get_current_timezone_name() == "UTC"


def test_an_unknown_zone_name_leaves_the_sites_zone():
    show_times_in("Nowhere/Atlantis")
    assert timezone.get_current_timezone_name() == "UTC"
