"""Class: nobody is made a member without accepting (issue 15, findings 2 and 4).

Imports bring people in as pending team invitations, never as memberships, and never create
accounts; an owner's power to end sign-ins reaches no further than the owner's own initiatives.
"""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from convener.accounts.models import User, UserSession
from convener.archive.exporting import build_document
from convener.archive.importing import import_bytes
from convener.initiatives.models import Membership
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _document_naming(cast, email: str, role: str = "owner") -> str:
    document = build_document(initiative=cast.other)
    initiative_key = next(
        r["key"] for r in document["records"] if r["model"] == "initiatives.initiative"
    )
    document["records"].append(
        {
            "model": "initiatives.membership",
            "key": "initiatives.membership:900",
            "fields": {"initiative": initiative_key, "user": email, "role": role},
        }
    )
    return json.dumps(document)


def test_an_import_naming_an_existing_account_only_invites_it(
    cast, django_capture_on_commit_callbacks
):
    """Finding 2: the victim is not made a member; they get an invitation they may ignore."""
    victim = cast.users["owner"]
    victim.display_name = "Dana Whitfield"
    victim.save(update_fields=["display_name"])
    with django_capture_on_commit_callbacks(execute=True):
        result = import_bytes(
            data=_document_naming(cast, victim.email), actor=cast.users["outsider"]
        )

    assert not Membership.objects.filter(initiative=result.initiative, user=victim).exists()
    invitation = result.initiative.invitations.get(email=victim.email)
    assert invitation.accepted_at is None
    assert invitation.role == "owner"
    assert result.invited == [victim.email]
    assert [m.to for m in mail.outbox] == [[victim.email]]
    team = cast.client("outsider").get(reverse("initiatives:team", args=[result.initiative.slug]))
    assert victim.display_name not in team.content.decode()


def test_people_named_as_authors_are_not_attached_either(cast):
    document = json.loads(_document_naming(cast, "someone@example.org", role="viewer"))
    initiative = next(r for r in document["records"] if r["model"] == "initiatives.initiative")
    initiative["fields"]["created_by"] = cast.users["owner"].email

    result = import_bytes(data=json.dumps(document), actor=cast.users["outsider"])

    assert result.initiative.created_by is None


def test_an_import_naming_an_unknown_address_creates_no_account_and_they_can_sign_up(cast):
    """Finding 4: the address is not squatted; the real person signs up normally."""
    before = User.objects.count()
    import_bytes(
        data=_document_naming(cast, "squat-victim@newcomer.test"), actor=cast.users["outsider"]
    )
    assert User.objects.count() == before
    assert not User.objects.filter(email="squat-victim@newcomer.test").exists()

    signup = Client().post(
        reverse("accounts:signup"),
        {
            "display_name": "Real Person",
            "email": "squat-victim@newcomer.test",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert signup.status_code == 302, signup.content.decode()[:2000]
    assert User.objects.get(email="squat-victim@newcomer.test").is_active


def _signed_in(user: User) -> Client:
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def test_an_owner_cannot_sign_out_someone_who_also_works_elsewhere(cast):
    """Finding 2: powers over a member do not reach their sessions site-wide."""
    member = cast.users["member"]
    Membership.objects.create(initiative=cast.other, user=member, role="viewer")
    browser = _signed_in(member)
    url = reverse(
        "initiatives:member_sessions", args=[cast.initiative.slug, cast.membership("member").pk]
    )

    page = cast.client("owner").get(url)
    refused = cast.client("owner").post(url)

    assert page.status_code == 200
    assert "<time" not in page.content.decode()  # no sign-in times shown
    assert 'id="sessions-elsewhere"' in page.content.decode()
    assert refused.status_code == 302
    assert UserSession.objects.filter(user=member, ended_at__isnull=True).exists()
    assert browser.get(reverse("initiatives:home", args=[cast.initiative.slug])).status_code == 200


def test_a_site_administrator_can_sign_anyone_out(cast):
    member = cast.users["member"]
    Membership.objects.create(initiative=cast.other, user=member, role="viewer")
    admin = UserFactory(email="admin@example.org", is_staff=True)
    Membership.objects.create(initiative=cast.initiative, user=admin, role="owner")
    browser = _signed_in(member)
    client = Client()
    client.force_login(admin)
    url = reverse(
        "initiatives:member_sessions", args=[cast.initiative.slug, cast.membership("member").pk]
    )

    client.post(url)

    assert browser.get(reverse("initiatives:home", args=[cast.initiative.slug])).status_code == 302
