import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from convener.core.tokens import hash_token
from convener.initiatives import services
from convener.initiatives.models import DEFAULT_PERSPECTIVES, Invitation, Membership
from convener.initiatives.roles import Role
from tests.factories import UserFactory


def test_creating_an_initiative_makes_the_creator_owner_with_default_perspectives(db):
    user = UserFactory()
    initiative = services.create_initiative(
        owner=user,
        title="Family voice in IEPs",
        issue="Families are not heard.",
        start_date=dt.date(2026, 3, 1),
    )
    assert initiative.slug == "family-voice-in-ieps"
    assert Membership.objects.get(initiative=initiative).role == Role.OWNER
    labels = list(initiative.perspectives.values_list("label", flat=True))
    assert labels == [label for _key, label, _fy in DEFAULT_PERSPECTIVES]
    assert initiative.perspectives.get(key="family_youth").is_family_youth
    assert initiative.pack_key == "lbc"
    assert initiative.pack_version


def test_slugs_stay_unique(db):
    user = UserFactory()
    first = services.create_initiative(
        owner=user, title="Same", issue="x", start_date=dt.date(2026, 1, 1)
    )
    second = services.create_initiative(
        owner=user, title="Same", issue="x", start_date=dt.date(2026, 1, 1)
    )
    assert (first.slug, second.slug) == ("same", "same-2")


def test_invitation_token_is_long_random_and_stored_only_hashed(cast):
    invitation, secret = services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="New.Person@Example.org",
        role=Role.MEMBER,
    )
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64
    assert invitation.token_hash == hash_token(secret)
    assert secret not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.email == "new.person@example.org"


def test_invitation_e_mail_carries_the_link(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, secret = services.invite_member(
            initiative=cast.initiative,
            invited_by=cast.users["owner"],
            inviter_role=Role.OWNER,
            email="new@example.org",
            role=Role.VIEWER,
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert f"/join/{secret}/" in mail.outbox[0].body


def test_accepting_gives_exactly_the_invited_role_and_only_once(cast):
    invitation, _secret = services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="new@example.org",
        role=Role.VIEWER,
    )
    newcomer = UserFactory(email="new@example.org")
    membership = services.accept_invitation(invitation=invitation, user=newcomer)
    assert membership.role == Role.VIEWER
    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(invitation=invitation, user=UserFactory())
    assert error.value.reason == "accepted"


def test_expired_invitation_cannot_be_accepted(cast):
    invitation, _secret = services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="late@example.org",
        role=Role.MEMBER,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(services.InvitationError) as error:
        services.accept_invitation(invitation=invitation, user=UserFactory())
    assert error.value.reason == "expired"
    assert "expired" in error.value.message


def test_a_convener_can_invite_members_and_viewers_but_not_owners(cast):
    for role in (Role.MEMBER, Role.VIEWER):
        services.invite_member(
            initiative=cast.initiative,
            invited_by=cast.users["convener"],
            inviter_role=Role.CONVENER,
            email=f"new-{role}@example.org",
            role=role,
        )
    with pytest.raises(services.TeamError):
        services.invite_member(
            initiative=cast.initiative,
            invited_by=cast.users["convener"],
            inviter_role=Role.CONVENER,
            email="boss@example.org",
            role=Role.OWNER,
        )


def test_inviting_someone_already_on_the_team_is_refused(cast):
    with pytest.raises(services.TeamError, match="already on this team"):
        services.invite_member(
            initiative=cast.initiative,
            invited_by=cast.users["owner"],
            inviter_role=Role.OWNER,
            email="MEMBER@example.org",
            role=Role.VIEWER,
        )


def test_a_new_invitation_replaces_a_waiting_one_to_the_same_address(cast):
    first, _ = services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="twice@example.org",
        role=Role.VIEWER,
    )
    services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="twice@example.org",
        role=Role.MEMBER,
    )
    first.refresh_from_db()
    assert first.status == "revoked"


def test_the_last_owner_cannot_be_removed_or_demoted(cast):
    owner = cast.membership("owner")
    with pytest.raises(services.TeamError):
        services.remove_member(membership=owner)
    with pytest.raises(services.TeamError):
        services.change_role(membership=owner, role=Role.MEMBER)
    services.change_role(membership=cast.membership("convener"), role=Role.OWNER)
    services.change_role(membership=owner, role=Role.MEMBER)
    assert cast.membership("owner").role == Role.MEMBER


def test_perspectives_can_be_added_renamed_moved_and_removed(cast):
    initiative = cast.initiative
    added = services.add_perspective(initiative=initiative, label="Tribal nations")
    assert added.key == "tribal_nations"
    assert list(initiative.perspectives.all())[-1] == added
    services.move_perspective(perspective=added, offset=-1)
    assert list(initiative.perspectives.all())[-2] == added
    services.update_perspective(
        perspective=added, label="Tribal governments", is_family_youth=False
    )
    added.refresh_from_db()
    assert (added.key, added.label) == ("tribal_nations", "Tribal governments")
    services.delete_perspective(perspective=added)
    assert not initiative.perspectives.filter(key="tribal_nations").exists()
