"""The security gate, with real requests: CSP on every HTML page, ending a member's sessions,
the owners' audit log, generic error pages and the retention purge."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from convener.accounts.models import UserSession
from convener.core.routes import ACCOUNT, INVITEE, PARTICIPANT, PUBLIC
from convener.initiatives.models import AuditEntry
from convener.measuring.models import Instrument, Round, RoundLink, RoundStatus
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.registry import update_stakeholder
from tests.factories import PASSWORD
from tests.test_routes import all_routes, route_kwargs

pytestmark = pytest.mark.django_db


# --- Content-Security-Policy -----------------------------------------------------------------


def _assert_strict_csp(response: HttpResponse, where: str) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert policy, f"{where}: no Content-Security-Policy header"
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, f"{where}: no script-src"
    assert "'unsafe-inline'" not in scripts, f"{where}: inline scripts allowed"
    assert "'unsafe-eval'" not in scripts, f"{where}: eval allowed"


def _initiative_pages(initiative) -> list[tuple[str, str, str]]:
    """Return (name, URL, least role) for every initiative page that answers GET.

    A route whose parameters have no fixture value yet is left to tests/test_routes.py, which
    fails on it by itself.
    """
    values = route_kwargs(initiative)
    pages = []
    for name, route, access in all_routes():
        if isinstance(access, dict) and "GET" in access:
            params = re.findall(r"<(?:\w+:)?(\w+)>", route)
            if all(p in values for p in params):
                pages.append(
                    (name, reverse(name, kwargs={p: values[p] for p in params}), access["GET"])
                )
    return pages


def _is_html(response: HttpResponse) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


@pytest.mark.once  # a crawler over rendered pages: the same on every database
def test_every_html_page_sends_a_csp_without_unsafe_inline_scripts(cast):
    checked = 0
    for name, url, role in _initiative_pages(cast.initiative):
        response = cast.client(role).get(url)
        if _is_html(response):
            _assert_strict_csp(response, name)
            checked += 1
    for name, route, access in all_routes():
        if access not in (PUBLIC, ACCOUNT, PARTICIPANT, INVITEE) or "<" in route:
            continue
        client = cast.client("owner" if access == ACCOUNT else "anonymous")
        response = client.get(reverse(name))
        if _is_html(response):
            _assert_strict_csp(response, name)
            checked += 1
    for url in ("/no-such-page/", f"/i/{cast.other.slug}/"):  # 404 pages are HTML too
        response = cast.client("owner").get(url)
        assert response.status_code == 404
        _assert_strict_csp(response, url)
    assert checked > 20


@pytest.mark.once  # a crawler over rendered pages: the same on every database
def test_no_page_has_an_inline_script_or_inline_handler(cast):
    for name, url, role in _initiative_pages(cast.initiative):
        response = cast.client(role).get(url)
        if _is_html(response):
            html = response.content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html):
                assert "src=" in tag or "json" in tag, f"{name}: inline <script>"
            assert not re.search(r"\son(click|load|submit|change|input)=", html), name


# --- Owners end a member's sessions -----------------------------------------------------------


def _log_in(email: str) -> Client:
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": email, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def test_owner_ends_a_members_sessions_and_their_next_request_is_logged_out(cast):
    member = cast.users["member"]
    laptop, phone = _log_in(member.email), _log_in(member.email)
    home = reverse("initiatives:home", args=[cast.initiative.slug])
    assert laptop.get(home).status_code == 200
    assert phone.get(home).status_code == 200
    sessions_url = reverse(
        "initiatives:member_sessions", args=[cast.initiative.slug, cast.membership("member").pk]
    )
    owner = _log_in(cast.users["owner"].email)
    page = owner.get(sessions_url)
    assert page.status_code == 200
    assert page.content.decode().count("<time") == 2  # both browsers are listed

    response = owner.post(sessions_url)

    assert response.status_code == 302
    for browser in (laptop, phone):
        after = browser.get(home)
        assert after.status_code == 302
        assert after["Location"].startswith(reverse("accounts:login"))
    assert owner.get(home).status_code == 200  # the owner's own session is untouched
    assert not UserSession.objects.filter(user=member, ended_at__isnull=True).exists()
    entry = AuditEntry.objects.get(initiative=cast.initiative, action="end_sessions")
    assert entry.actor == cast.users["owner"]
    assert entry.detail == "2 session(s) ended"


def test_a_convener_cannot_end_sessions(cast):
    url = reverse(
        "initiatives:member_sessions", args=[cast.initiative.slug, cast.membership("member").pk]
    )
    assert cast.client("convener").post(url).status_code == 403


# --- The audit log ---------------------------------------------------------------------------


def test_audit_log_shows_who_did_what_and_when_for_owners_only(cast):
    owner = cast.client("owner")
    slug = cast.initiative.slug
    # A role change, a stakeholder consent change and an export, through the real paths.
    owner.post(
        reverse("initiatives:member_role", args=[slug, cast.membership("viewer").pk]),
        {"role": "member"},
    )
    person = Stakeholder.objects.create(initiative=cast.initiative, name="Lena Park")
    update_stakeholder(
        stakeholder=person,
        actor=cast.users["convener"],
        fields={"consent_date": dt.date(2026, 1, 5), "contact_permitted": True},
    )
    owner.post(reverse("archive:export", args=[slug]))

    url = reverse("initiatives:audit", args=[slug])
    html = owner.get(url).content.decode()
    assert "role_change" in html
    assert "viewer → member" in html
    assert "consent_date, contact_permitted" in html
    assert "export" in html
    assert "whole initiative" in html
    assert "Owner" in html
    assert "Convener" in html
    assert "<time datetime=" in html  # when
    assert "Lena Park" not in html  # what changed is named, never the personal data

    filtered = owner.get(url, {"action": "role_change"}).content.decode()
    assert "viewer → member" in filtered
    assert "whole initiative" not in filtered
    by_actor = owner.get(url, {"actor": str(cast.users["convener"].pk)}).content.decode()
    assert "consent_date" in by_actor
    assert "role_change" not in by_actor.split("<tbody>")[1]
    for persona in ("convener", "member", "viewer"):
        assert cast.client(persona).get(url).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404


def test_removing_a_member_is_audited(cast):
    cast.client("owner").post(
        reverse(
            "initiatives:member_remove", args=[cast.initiative.slug, cast.membership("viewer").pk]
        )
    )
    entry = AuditEntry.objects.get(initiative=cast.initiative, target_type="membership")
    assert (entry.action, entry.detail) == ("delete", "was viewer")


# --- Generic error pages ---------------------------------------------------------------------


def _explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail /srv/convener/settings.py")


urlpatterns = [path("explode/", _explode), path("", include("convener.urls"))]
handler404 = "convener.core.views.errors.page_not_found"
handler500 = "convener.core.views.errors.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_errors_show_a_generic_page_without_a_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    for leak in ("Traceback", "RuntimeError", "secret internal detail", "settings.py"):
        assert leak not in html


@override_settings(DEBUG=False)
def test_not_found_pages_are_generic(cast):
    response = cast.client("owner").get("/i/does-not-exist/stakeholders/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Traceback" not in html
    assert "urlpatterns" not in html
    assert "URLconf" not in html


# --- Retention -------------------------------------------------------------------------------


def test_the_purge_removes_survey_links_past_retention_and_records_it(cast, settings, capsys):
    settings.RETENTION_SURVEY_LINK_DAYS = 30
    instrument = Instrument.objects.create(
        initiative=cast.initiative, version=1, rows=[], pack_key="lbc", pack_version="1"
    )
    old = Round.objects.create(
        initiative=cast.initiative,
        instrument=instrument,
        name="Old round",
        status=RoundStatus.CLOSED,
        closes_at=timezone.now() - dt.timedelta(days=31),
    )
    recent = Round.objects.create(
        initiative=cast.initiative,
        instrument=instrument,
        name="Recent round",
        status=RoundStatus.CLOSED,
        closes_at=timezone.now() - dt.timedelta(days=29),
    )
    person = Stakeholder.objects.create(initiative=cast.initiative, name="Ada")
    RoundLink.objects.create(round=old, stakeholder=person, token_hash="a" * 64)
    RoundLink.objects.create(round=recent, stakeholder=person, token_hash="b" * 64)

    call_command("purge_participant_data", "--dry-run")
    assert "1 personal survey links would be purged." in capsys.readouterr().out
    assert RoundLink.objects.count() == 2

    call_command("purge_participant_data")
    assert "1 personal survey links were purged." in capsys.readouterr().out
    assert list(RoundLink.objects.values_list("round__name", flat=True)) == ["Recent round"]
    entry = AuditEntry.objects.get(initiative=cast.initiative, action="purge")
    assert entry.target_type == "round_link"
    assert entry.actor is None


def test_ending_sessions_also_catches_a_session_whose_key_changed_after_sign_in(cast, settings):
    member = cast.users["member"]
    browser = _log_in(member.email)
    session = browser.session
    session.cycle_key()  # what a password change does: same session, new key, untracked
    browser.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    home = reverse("initiatives:home", args=[cast.initiative.slug])
    assert browser.get(home).status_code == 200
    url = reverse(
        "initiatives:member_sessions", args=[cast.initiative.slug, cast.membership("member").pk]
    )

    cast.client("owner").post(url)

    assert browser.get(home).status_code == 302
