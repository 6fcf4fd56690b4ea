"""Team roles and what each may do. The single source of truth for rights."""

from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    CONVENER = "convener", _("Convener")
    MEMBER = "member", _("Core team member")
    VIEWER = "viewer", _("Viewer")


class Capability(StrEnum):
    VIEW = "view"  # read everything in the initiative except what privacy rules hide
    CONTRIBUTE = "contribute"  # add and edit the initiative's working content
    MANAGE = "manage"  # settings, perspectives, invite members and viewers, run convenings
    OWN = "own"  # roles, removal, invite conveners and owners, archive, erase


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.OWNER: frozenset(Capability),
    Role.CONVENER: frozenset({Capability.VIEW, Capability.CONTRIBUTE, Capability.MANAGE}),
    Role.MEMBER: frozenset({Capability.VIEW, Capability.CONTRIBUTE}),
    Role.VIEWER: frozenset({Capability.VIEW}),
}

ROLE_DESCRIPTIONS: dict[str, str | Promise] = {
    Role.OWNER: _(
        "Everything a convener can do, plus manage the team, archive the initiative "
        "and erase personal data."
    ),
    Role.CONVENER: _(
        "Runs the initiative: edits its settings and perspectives, invites core team "
        "members and viewers, and works on everything."
    ),
    Role.MEMBER: _(
        "Core team: works on the initiative's content but does not change its settings or team."
    ),
    Role.VIEWER: _("Reads the initiative; sees no contact details and changes nothing."),
}


def roles_grantable_by(role: str) -> list[str]:
    """Return the roles a member with ``role`` may give in an invitation."""
    if Capability.OWN in ROLE_CAPABILITIES[role]:
        return [r.value for r in Role]
    if Capability.MANAGE in ROLE_CAPABILITIES[role]:
        return [Role.MEMBER.value, Role.VIEWER.value]
    return []
