"""Values for the URL parameters of this app's routes, for the route inventory."""

from convener.initiatives import services
from convener.initiatives.models import Initiative
from convener.initiatives.roles import Role


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return a value belonging to ``initiative`` for each URL parameter this app uses."""
    owner = initiative.memberships.get(role=Role.OWNER)
    invitation = initiative.invitations.filter(
        email=f"route-check-{initiative.pk}@example.org"
    ).first()
    if invitation is None:
        invitation, _secret = services.invite_member(
            initiative=initiative,
            invited_by=owner.user,
            inviter_role=Role.OWNER,
            email=f"route-check-{initiative.pk}@example.org",
            role=Role.VIEWER,
        )
    return {
        "slug": initiative.slug,
        "habit": "coalescing",
        "perspective_id": initiative.perspectives.first().pk,
        "member_id": owner.pk,
        "invitation_id": invitation.pk,
    }
