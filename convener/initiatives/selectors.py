"""Read-only queries for initiatives and their teams (the use cases are in ``services``)."""

from __future__ import annotations

from django.db.models import QuerySet

from convener.accounts.models import User
from convener.core.tokens import hash_token
from convener.initiatives.models import Initiative, Invitation, InvitationStatus, Membership


def memberships_of(user: User) -> tuple[list[Membership], list[Membership]]:
    """Return the user's memberships by initiative title: (active, archived)."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("initiative")
        .order_by("initiative__title")
    )
    active = [m for m in memberships if not m.initiative.is_archived]
    archived = [m for m in memberships if m.initiative.is_archived]
    return active, archived


def team_members(initiative: Initiative) -> QuerySet[Membership]:
    """Return the initiative's members with their accounts, by role then address."""
    return initiative.memberships.select_related("user").order_by("role", "user__email")


def pending_invitations(initiative: Initiative) -> list[Invitation]:
    """Return the initiative's invitations that can still be accepted."""
    return [i for i in initiative.invitations.all() if i.status == InvitationStatus.PENDING]


def find_invitation(secret: str) -> Invitation | None:
    """Return the invitation whose token is ``secret``, whatever its status."""
    return find_invitation_by_hash(hash_token(secret))


def find_invitation_by_hash(token_hash: str) -> Invitation | None:
    """Return the invitation whose token digest is ``token_hash``, whatever its status."""
    return (
        Invitation.objects.select_related("initiative", "invited_by")
        .filter(token_hash=token_hash)
        .first()
    )
