"""Use cases for initiatives, their perspective taxonomy and their team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.core.mail import send_message
from convener.core.tokens import hash_token, new_token
from convener.framework.services import active_pack
from convener.initiatives.models import (
    DEFAULT_PERSPECTIVES,
    AuditEntry,
    Initiative,
    Invitation,
    InvitationStatus,
    Membership,
    Perspective,
    default_time_zone,
    target_total_problem,
)
from convener.initiatives.roles import Role, roles_grantable_by


class TeamError(Exception):
    """A team change that would break a rule (for example, removing the last owner)."""


class InvitationError(Exception):
    """An invitation that cannot be used; ``reason`` is an InvitationStatus value."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def unique_slug(title: str) -> str:
    """Return a URL slug for ``title`` that no initiative uses yet."""
    base = slugify(title)[:60].strip("-") or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def create_initiative(
    *,
    owner: User,
    title: str,
    issue: str,
    start_date: dt.date,
    practice_problem: str = "",
    time_zone: str = "",
    perspectives: Iterable[tuple[str, str, bool]] | None = None,
    slug: str | None = None,
    translations: dict[str, Any] | None = None,
    plans: str = "",
) -> Initiative:
    """Create an initiative owned by ``owner`` with the default (or given) perspectives."""
    pack = active_pack()
    initiative = Initiative.objects.create(
        slug=slug or unique_slug(title),
        title=title,
        translations=translations or {},
        issue=issue,
        practice_problem=practice_problem,
        start_date=start_date,
        time_zone=time_zone or default_time_zone(),
        plans=plans,
        pack_key=pack.key,
        pack_version=pack.version,
        created_by=owner,
    )
    Membership.objects.create(initiative=initiative, user=owner, role=Role.OWNER)
    Perspective.objects.bulk_create(
        Perspective(initiative=initiative, key=key, label=label, is_family_youth=fy, position=i)
        for i, (key, label, fy) in enumerate(perspectives or DEFAULT_PERSPECTIVES)
    )
    return initiative


def update_initiative(*, initiative: Initiative, **fields: Any) -> Initiative:
    """Change the editable details of an initiative."""
    allowed = {
        "title",
        "issue",
        "practice_problem",
        "start_date",
        "time_zone",
        "translations",
        "plans",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.save(update_fields=[*fields, "updated_at"])
    return initiative


def archive_initiative(*, initiative: Initiative) -> None:
    """Make the initiative read-only and move it to the archived list."""
    if initiative.archived_at is None:
        initiative.archived_at = timezone.now()
        initiative.save(update_fields=["archived_at", "updated_at"])


def restore_initiative(*, initiative: Initiative) -> None:
    """Bring an archived initiative back into use."""
    if initiative.archived_at is not None:
        initiative.archived_at = None
        initiative.save(update_fields=["archived_at", "updated_at"])


# --- Perspective taxonomy -------------------------------------------------------------------


class TargetsError(ValueError):
    """Participation targets that cannot make a mix of 100 %; the message shows the total."""


def _check_targets(
    initiative: Initiative, target: int | None, *, instead_of: Perspective | None = None
) -> None:
    others = initiative.perspectives.all()
    if instead_of is not None:
        others = others.exclude(pk=instead_of.pk)
    problem = target_total_problem([p.target_percent for p in others] + [target])
    if problem:
        raise TargetsError(problem)


def add_perspective(
    *,
    initiative: Initiative,
    label: str,
    is_family_youth: bool = False,
    target_percent: int | None = None,
    translations: dict[str, Any] | None = None,
) -> Perspective:
    """Append a perspective with a key derived from its label.

    Raise ``TargetsError`` when its target would make the mix of targets impossible.
    """
    _check_targets(initiative, target_percent)
    base = slugify(label).replace("-", "_")[:50] or "perspective"
    key, n = base, 2
    while initiative.perspectives.filter(key=key).exists():
        key = f"{base}_{n}"
        n += 1
    last = initiative.perspectives.aggregate(m=Max("position"))["m"]
    return Perspective.objects.create(
        initiative=initiative,
        key=key,
        label=label,
        translations=translations or {},
        is_family_youth=is_family_youth,
        target_percent=target_percent,
        position=(last + 1) if last is not None else 0,
    )


def update_perspective(
    *,
    perspective: Perspective,
    label: str,
    is_family_youth: bool,
    target_percent: int | None = None,
    check_targets: bool = True,
    translations: dict[str, Any] | None = None,
) -> None:
    """Rename a perspective or change its target; its key stays stable for API and exports.

    ``check_targets=False`` is for a caller that has checked the whole new set of targets.
    """
    if check_targets:
        _check_targets(perspective.initiative, target_percent, instead_of=perspective)
    perspective.label = label
    perspective.is_family_youth = is_family_youth
    perspective.target_percent = target_percent
    fields = ["label", "is_family_youth", "target_percent"]
    if translations is not None:
        perspective.translations = translations
        fields.append("translations")
    perspective.save(update_fields=fields)


@transaction.atomic
def move_perspective(*, perspective: Perspective, offset: int) -> None:
    """Move a perspective up (-1) or down (+1) in its initiative's list."""
    siblings = list(perspective.initiative.perspectives.all())
    index = next(i for i, p in enumerate(siblings) if p.pk == perspective.pk)
    target = min(max(index + offset, 0), len(siblings) - 1)
    siblings.insert(target, siblings.pop(index))
    for position, item in enumerate(siblings):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def delete_perspective(*, perspective: Perspective) -> None:
    """Remove a perspective from the taxonomy."""
    perspective.delete()


# --- Team -------------------------------------------------------------------------------------


def _owner_count(initiative: Initiative) -> int:
    return initiative.memberships.filter(role=Role.OWNER).count()


def invite_member(
    *,
    initiative: Initiative,
    invited_by: User,
    inviter_role: str,
    email: str,
    role: str,
    base_url: str | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link; return it with the one copy of the secret."""
    email = email.strip().lower()
    if role not in roles_grantable_by(inviter_role):
        raise TeamError(
            _("Your role cannot invite someone as %(role)s.") % {"role": Role(role).label}
        )
    if initiative.memberships.filter(user__email__iexact=email).exists():
        raise TeamError(_("%(email)s is already on this team.") % {"email": email})
    secret = new_token()
    with transaction.atomic():
        # A newer invitation to the same address replaces any earlier one still waiting.
        initiative.invitations.filter(
            email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            initiative=initiative,
            email=email,
            role=role,
            token_hash=hash_token(secret),
            invited_by=invited_by,
        )
        link = (base_url or settings.SITE_URL).rstrip("/") + reverse(
            "initiatives:join_token", kwargs={"token": secret}
        )
        transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation, secret


def _send_invitation(invitation: Invitation, link: str) -> None:
    context = {"invitation": invitation, "link": link, "inviter": invitation.invited_by}
    inviter = invitation.invited_by
    send_message(
        to=invitation.email,
        subject=_("You are invited to join “%(title)s” on Convener")
        % {"title": invitation.initiative.title},
        template="initiatives/email/invitation.txt",
        context=context,
        reply_to=[inviter.email] if inviter else [],
    )


def check_usable(invitation: Invitation) -> None:
    """Raise InvitationError unless ``invitation`` can still be accepted."""
    status = invitation.status
    messages = {
        InvitationStatus.ACCEPTED: _(
            "This invitation has already been used. Each link works once."
        ),
        InvitationStatus.EXPIRED: _(
            "This invitation has expired. Ask the person who invited you for a new one."
        ),
        InvitationStatus.REVOKED: _(
            "This invitation was withdrawn. Ask the initiative's "
            "conveners if you still need access."
        ),
    }
    if status != InvitationStatus.PENDING:
        raise InvitationError(status, messages[status])


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Join the team with the invitation's role; the invitation cannot be used again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    if invitation.initiative.is_archived:
        raise InvitationError("archived", _("This initiative has been archived."))
    existing = invitation.initiative.memberships.filter(user=user).first()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if existing is not None:
        return existing  # already on the team: keep the role they have
    membership = Membership.objects.create(
        initiative=invitation.initiative, user=user, role=invitation.role
    )
    record_audit(
        initiative=invitation.initiative,
        actor=user,
        action="create",
        target_type="membership",
        target_id=membership.pk,
        fields=["role"],
        detail=f"joined by invitation as {invitation.role}",
    )
    return membership


def revoke_invitation(*, invitation: Invitation) -> None:
    if invitation.status == InvitationStatus.PENDING:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def change_role(*, membership: Membership, role: str, actor: User | None = None) -> Membership:
    """Give a team member another role; the last owner cannot stop being one."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Role.values:
        raise TeamError(_("Unknown role."))
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and _owner_count(membership.initiative) <= 1
    ):
        raise TeamError(
            _("An initiative needs at least one owner. Make someone else an owner first.")
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    if previous != role:
        record_audit(
            initiative=membership.initiative,
            actor=actor,
            action="role_change",
            target_type="membership",
            target_id=membership.pk,
            fields=["role"],
            detail=f"{previous} → {role}",
        )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, actor: User | None = None) -> None:
    """Take someone off the team; the last owner cannot be removed."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER and _owner_count(membership.initiative) <= 1:
        raise TeamError(
            _("An initiative needs at least one owner. Make someone else an owner first.")
        )
    record_audit(
        initiative=membership.initiative,
        actor=actor,
        action="delete",
        target_type="membership",
        target_id=membership.pk,
        fields=["role"],
        detail=f"was {membership.role}",
    )
    membership.delete()


# --- Audit -------------------------------------------------------------------------------------


def record_audit(
    *,
    initiative: Initiative,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None = None,
    fields: Iterable[str] = (),
    detail: str = "",
) -> AuditEntry:
    """Write one audit entry. Pass field names, never field values."""
    return AuditEntry.objects.create(
        initiative=initiative,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        fields=sorted(fields),
        detail=detail[:200],
    )
