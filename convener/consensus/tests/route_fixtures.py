"""URL parameter values for the route inventory (tests/test_routes.py)."""

from convener.consensus.models import Proposal, Revision
from convener.initiatives.models import Initiative


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return values for this app's URL parameters; must be idempotent."""
    proposal, _ = Proposal.objects.get_or_create(
        initiative=initiative, title="Route check proposal", defaults={"process": "gradients"}
    )
    Revision.objects.get_or_create(proposal=proposal, number=1, defaults={"text": "Route check."})
    return {"proposal_id": proposal.pk}
