"""Open proposals, with how many have placed themselves, for the initiative's home page."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from convener.consensus.models import Proposal, ProposalStatus
from convener.consensus.services import audience
from convener.core.home import HAPPENING, HomeFigure, HomeItem
from convener.initiatives.models import Initiative


def home_items(initiative: Initiative) -> Iterator[HomeItem]:
    """Yield each open proposal with its positions against its audience."""
    for proposal in Proposal.objects.filter(initiative=initiative, status=ProposalStatus.OPEN)[:3]:
        invited = audience(proposal).count()
        if proposal.audience_team:
            invited += initiative.memberships.count()
        placed = (
            proposal.positions.filter(revision=proposal.revision)
            .values("user", "stakeholder", "live_ref")
            .distinct()
            .count()
        )
        if invited:
            value = _("%(rate)d %%") % {"rate": round(100 * placed / invited)}
            note = _("%(placed)d of %(invited)d placed themselves") % {
                "placed": placed,
                "invited": invited,
            }
        else:
            value, note = str(placed), _("positions so far")
        yield HomeFigure(
            section=HAPPENING,
            label=_("Open proposal: %(title)s") % {"title": proposal.title},
            value=value,
            url=reverse("consensus:proposal_detail", args=[initiative.slug, proposal.pk]),
            note=note,
            order=30,
        )
