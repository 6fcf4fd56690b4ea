"""The one place that decides who reaches an initiative and what they may do there.

Outsiders get 404, so that an initiative's existence is never revealed; members whose role
lacks the capability get 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from convener.core.page_zone import show_times_in
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import ROLE_CAPABILITIES, Capability, Role, roles_grantable_by


@dataclass(frozen=True)
class Access:
    """An initiative as seen by one team member."""

    initiative: Initiative
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    def can(self, capability: Capability | str) -> bool:
        return Capability(capability) in ROLE_CAPABILITIES[self.role]

    # Template-friendly spellings.
    @property
    def can_contribute(self) -> bool:
        return self.can(Capability.CONTRIBUTE) and not self.initiative.is_archived

    @property
    def can_manage(self) -> bool:
        return self.can(Capability.MANAGE) and not self.initiative.is_archived

    @property
    def can_own(self) -> bool:
        return self.can(Capability.OWN)

    @property
    def grantable_roles(self) -> list[str]:
        return roles_grantable_by(self.role)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def get_initiative_for(
    user: Any,
    slug: str,
    need: Capability = Capability.VIEW,
    *,
    allow_archived: bool = False,
) -> Access:
    """Return the initiative ``slug`` with ``user``'s membership, or raise 404/403.

    The page then shows times in the initiative's zone (``core.page_zone``). Raise Http404
    when the user is anonymous, not on the team, or the initiative does not
    exist; raise PermissionDenied when the role lacks ``need``, or when ``need`` writes to an
    archived initiative (unless ``allow_archived``).
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.select_related("initiative")
        .filter(initiative__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    access = Access(initiative=membership.initiative, membership=membership)
    if not access.can(need):
        raise PermissionDenied(_("Your role in this initiative does not allow this."))
    if need != Capability.VIEW and access.initiative.is_archived and not allow_archived:
        raise PermissionDenied(_("This initiative is archived. Restore it to make changes."))
    show_times_in(access.initiative.time_zone)
    return access


def may_end_sessions(actor: Any, member: Any) -> bool:
    """Return whether ``actor`` may see and end ``member``'s sign-ins (they are site-wide).

    A site administrator may. An owner may only while every team ``member`` is on is one the
    owner owns: signing someone out reaches every initiative they use, so an owner's power must
    not reach past their own initiatives (the way to end access to one initiative is removing
    the person from its team).
    """
    if getattr(actor, "is_staff", False):
        return True
    elsewhere = Membership.objects.filter(user=member).exclude(
        initiative__in=Membership.objects.filter(user=actor, role=Role.OWNER).values("initiative")
    )
    return not elsewhere.exists()
