"""The initiatives part of the JSON API: a second door onto the same services."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import ACCOUNT, RouteAccess
from convener.initiatives import services
from convener.initiatives.models import Initiative, Invitation, Membership, Perspective
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability, Role

router = Router(tags=["initiatives"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class PerspectiveOut(Schema):
    key: str
    label: str
    is_family_youth: bool
    target_percent: int | None = Field(description="Target share of participants, in percent.")


class InitiativeOut(Schema):
    slug: str
    title: str
    issue: str
    practice_problem: str
    start_date: dt.date
    archived: bool
    role: str = Field(description="The caller's role on this initiative.")
    pack_key: str
    pack_version: str
    perspectives: list[PerspectiveOut]


class InitiativeIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    issue: str = Field(min_length=1)
    practice_problem: str = ""
    start_date: dt.date


class InitiativePatch(Schema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    issue: str | None = Field(default=None, min_length=1)
    practice_problem: str | None = None
    start_date: dt.date | None = None


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: Role


class RoleIn(Schema):
    role: Role


class InvitationIn(Schema):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    role: Role = Role.MEMBER


class TeamInvitationOut(Schema):
    id: int
    email: str
    role: Role
    status: str
    expires_at: dt.datetime


class PerspectiveIn(Schema):
    label: str = Field(min_length=1, max_length=100)
    is_family_youth: bool = False
    target_percent: int | None = Field(default=None, ge=0, le=100)


def _initiative_out(initiative: Initiative, role: str) -> InitiativeOut:
    return InitiativeOut(
        slug=initiative.slug,
        title=initiative.title,
        issue=initiative.issue,
        practice_problem=initiative.practice_problem,
        start_date=initiative.start_date,
        archived=initiative.is_archived,
        role=role,
        pack_key=initiative.pack_key,
        pack_version=initiative.pack_version,
        perspectives=[_perspective_out(p) for p in initiative.perspectives.all()],
    )


def _perspective_out(p: Perspective) -> PerspectiveOut:
    return PerspectiveOut(
        key=p.key, label=p.label, is_family_youth=p.is_family_youth, target_percent=p.target_percent
    )


def _member_out(m: Membership) -> MemberOut:
    return MemberOut(id=m.pk, email=m.user.email, name=m.user.name, role=Role(m.role))


def _invitation_out(i: Invitation) -> TeamInvitationOut:
    return TeamInvitationOut(
        id=i.pk, email=i.email, role=Role(i.role), status=i.status.value, expires_at=i.expires_at
    )


@router.get("/initiatives", response={200: list[InitiativeOut], 401: ErrorOut})
def list_initiatives(request: HttpRequest) -> list[InitiativeOut]:
    """List the initiatives the caller is on, with the caller's role."""
    memberships = (
        Membership.objects.filter(user=signed_in_user(request))
        .select_related("initiative")
        .prefetch_related("initiative__perspectives")
        .order_by("initiative__title")
    )
    return [_initiative_out(m.initiative, m.role) for m in memberships]


@router.post("/initiatives", response={201: InitiativeOut, **ERRORS})
def create_initiative(request: HttpRequest, payload: InitiativeIn) -> Status[InitiativeOut]:
    """Create an initiative; the caller becomes its owner."""
    initiative = services.create_initiative(owner=signed_in_user(request), **payload.dict())
    return Status(201, _initiative_out(initiative, Role.OWNER))


@router.get("/initiatives/{slug}", response={200: InitiativeOut, **ERRORS})
def get_initiative(request: HttpRequest, slug: str) -> InitiativeOut:
    access = get_initiative_for(request.user, slug)
    return _initiative_out(access.initiative, access.role)


@router.patch("/initiatives/{slug}", response={200: InitiativeOut, **ERRORS})
def update_initiative(request: HttpRequest, slug: str, payload: InitiativePatch) -> InitiativeOut:
    """Change an initiative's details (conveners and owners)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    services.update_initiative(initiative=access.initiative, **changes)
    return _initiative_out(access.initiative, access.role)


@router.post("/initiatives/{slug}/archive", response={200: InitiativeOut, **ERRORS})
def archive_initiative(request: HttpRequest, slug: str) -> InitiativeOut:
    access = get_initiative_for(request.user, slug, Capability.OWN)
    services.archive_initiative(initiative=access.initiative)
    return _initiative_out(access.initiative, access.role)


@router.post("/initiatives/{slug}/restore", response={200: InitiativeOut, **ERRORS})
def restore_initiative(request: HttpRequest, slug: str) -> InitiativeOut:
    access = get_initiative_for(request.user, slug, Capability.OWN, allow_archived=True)
    services.restore_initiative(initiative=access.initiative)
    return _initiative_out(access.initiative, access.role)


@router.get("/initiatives/{slug}/perspectives", response={200: list[PerspectiveOut], **ERRORS})
def list_perspectives(request: HttpRequest, slug: str) -> list[PerspectiveOut]:
    access = get_initiative_for(request.user, slug)
    return [_perspective_out(p) for p in access.initiative.perspectives.all()]


@router.post("/initiatives/{slug}/perspectives", response={201: PerspectiveOut, **ERRORS})
def add_perspective(
    request: HttpRequest, slug: str, payload: PerspectiveIn
) -> Status[PerspectiveOut]:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    if access.initiative.perspectives.filter(label__iexact=payload.label.strip()).exists():
        raise ApiError(409, "duplicate", "This initiative already has that perspective.")
    try:
        perspective = services.add_perspective(
            initiative=access.initiative,
            label=payload.label.strip(),
            is_family_youth=payload.is_family_youth,
            target_percent=payload.target_percent,
        )
    except services.TargetsError as error:
        raise ApiError(422, "invalid", str(error), {"target_percent": [str(error)]}) from None
    return Status(201, _perspective_out(perspective))


@router.get("/initiatives/{slug}/members", response={200: list[MemberOut], **ERRORS})
def list_members(request: HttpRequest, slug: str) -> list[MemberOut]:
    access = get_initiative_for(request.user, slug)
    return [_member_out(m) for m in access.initiative.memberships.select_related("user")]


@router.patch("/initiatives/{slug}/members/{member_id}", response={200: MemberOut, **ERRORS})
def change_member_role(
    request: HttpRequest, slug: str, member_id: int, payload: RoleIn
) -> MemberOut:
    """Change a member's role (owners only). The last owner cannot be demoted."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    membership = get_object_or_404(
        access.initiative.memberships.select_related("user"), pk=member_id
    )
    try:
        membership = services.change_role(
            membership=membership, role=payload.role, actor=signed_in_user(request)
        )
    except services.TeamError as error:
        raise ApiError(409, "last_owner", str(error)) from None
    return _member_out(membership)


@router.delete("/initiatives/{slug}/members/{member_id}", response={204: None, **ERRORS})
def remove_member(request: HttpRequest, slug: str, member_id: int) -> Status[None]:
    """Remove a member (owners), or leave (anyone, for themselves)."""
    access = get_initiative_for(request.user, slug)
    membership = get_object_or_404(access.initiative.memberships, pk=member_id)
    if membership.pk != access.membership.pk:
        get_initiative_for(request.user, slug, Capability.OWN)
    try:
        services.remove_member(membership=membership, actor=signed_in_user(request))
    except services.TeamError as error:
        raise ApiError(409, "last_owner", str(error)) from None
    return Status(204, None)


@router.get("/initiatives/{slug}/invitations", response={200: list[TeamInvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, slug: str) -> list[TeamInvitationOut]:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    return [_invitation_out(i) for i in access.initiative.invitations.all()]


@router.post("/initiatives/{slug}/invitations", response={201: TeamInvitationOut, **ERRORS})
def invite(request: HttpRequest, slug: str, payload: InvitationIn) -> Status[TeamInvitationOut]:
    """Invite a colleague by e-mail; the single-use link goes only to their inbox."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    try:
        invitation, _secret = services.invite_member(
            initiative=access.initiative,
            invited_by=signed_in_user(request),
            inviter_role=access.role,
            email=payload.email,
            role=payload.role,
        )
    except services.TeamError as error:
        raise ApiError(409, "cannot_invite", str(error)) from None
    return Status(201, _invitation_out(invitation))


@router.delete("/initiatives/{slug}/invitations/{invitation_id}", response={204: None, **ERRORS})
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> Status[None]:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    invitation = get_object_or_404(access.initiative.invitations, pk=invitation_id)
    services.revoke_invitation(invitation=invitation)
    return Status(204, None)


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/initiatives": ACCOUNT,
    "POST /api/v1/initiatives": ACCOUNT,
    "GET /api/v1/initiatives/{slug}": "viewer",
    "PATCH /api/v1/initiatives/{slug}": "convener",
    "POST /api/v1/initiatives/{slug}/archive": "owner",
    "POST /api/v1/initiatives/{slug}/restore": "owner",
    "GET /api/v1/initiatives/{slug}/perspectives": "viewer",
    "POST /api/v1/initiatives/{slug}/perspectives": "convener",
    "GET /api/v1/initiatives/{slug}/members": "viewer",
    "PATCH /api/v1/initiatives/{slug}/members/{member_id}": "owner",
    "DELETE /api/v1/initiatives/{slug}/members/{member_id}": "owner",
    "GET /api/v1/initiatives/{slug}/invitations": "convener",
    "POST /api/v1/initiatives/{slug}/invitations": "convener",
    "DELETE /api/v1/initiatives/{slug}/invitations/{invitation_id}": "convener",
}

# Request bodies the route inventory sends, so that checks reach the permission test.
api_sample_bodies: dict[str, dict[str, object]] = {
    "PATCH /api/v1/initiatives/{slug}": {"title": "Changed"},
    "POST /api/v1/initiatives/{slug}/perspectives": {"label": "Route check"},
    "PATCH /api/v1/initiatives/{slug}/members/{member_id}": {"role": "viewer"},
    "POST /api/v1/initiatives/{slug}/invitations": {"email": "route@example.org", "role": "viewer"},
}
