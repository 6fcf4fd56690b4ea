"""The audience of a proposal and their personal links."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.consensus.models import (
    Proposal,
    ProposalLink,
)
from convener.consensus.services.proposals import (
    PARTICIPANT_LANGUAGES,
    TEAM_ROLES,
    ConsensusError,
    is_accepting,
)
from convener.core import personal_links
from convener.core.jobs import enqueue
from convener.core.mail import send_message
from convener.core.translated import shown
from convener.initiatives.models import Membership
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.unsubscribe import unsubscribe_url

# --- Audience and personal links ---------------------------------------------------------------


def audience(proposal: Proposal) -> QuerySet[Stakeholder]:
    """Return the registry stakeholders the proposal is put to (not erased).

    Circles and perspectives combine (a person must match both when both are given);
    hand-picked people are always in.
    """
    base = Stakeholder.objects.active().filter(initiative=proposal.initiative)
    perspective_ids = [p.pk for p in proposal.audience_perspectives.all()]
    picked = Q(pk__in=proposal.audience_stakeholders.values("pk"))
    if proposal.audience_circles or perspective_ids:
        by_group = Q()
        if proposal.audience_circles:
            by_group &= Q(circle__in=proposal.audience_circles)
        if perspective_ids:
            by_group &= Q(perspective_id__in=perspective_ids)
        return base.filter(by_group | picked).distinct()
    return base.filter(picked).distinct()


def team(proposal: Proposal) -> QuerySet[Membership]:
    """Return the team memberships that take part when the team is in the audience."""
    return Membership.objects.filter(initiative=proposal.initiative, role__in=TEAM_ROLES)


def issue_link(
    *, proposal: Proposal, stakeholder: Stakeholder, actor: User | None, replace: bool = False
) -> str:
    """Return a personal link secret for ``stakeholder``, who must not hold one yet.

    Only the digest is stored, so the secret can be shown once and never again. With
    ``replace`` (an explicit action whose page says so) an existing link gets a new secret and
    the old one stops working; without it, a person who already has a link is refused.
    """
    if stakeholder.initiative_id != proposal.initiative_id or stakeholder.is_erased:
        raise ConsensusError(_("This person cannot be given a link."))
    existing = proposal.links.filter(stakeholder=stakeholder).first()
    if existing is not None and not replace:
        raise ConsensusError(
            _(
                "%(name)s already has a personal link, and it still works. Replace it only if "
                "it was lost: the old link will stop working."
            )
            % {"name": stakeholder.name}
        )
    if existing is not None:
        secret = personal_links.replace_link(existing)
        action = "replace_link"
    else:
        _link, secret = personal_links.make_link(links=proposal.links, stakeholder=stakeholder)
        action = "issue_link"
    record_audit(
        initiative=proposal.initiative, actor=actor, action=action,
        target_type="proposal", target_id=proposal.pk,
    )  # fmt: skip
    return secret


def link_url(secret: str, base_url: str | None = None) -> str:
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("positions:link", kwargs={"token": secret})


def request_link_emails(
    *, proposal: Proposal, actor: User | None, base_url: str | None = None
) -> None:
    """Queue the e-mailing of personal links to the audience members not yet sent one."""
    if not is_accepting(proposal):
        raise ConsensusError(_("Open the proposal before sending links."))
    record_audit(
        initiative=proposal.initiative, actor=actor, action="invite", target_type="proposal",
        target_id=proposal.pk,
    )  # fmt: skip
    enqueue(send_link_emails, proposal_id=proposal.pk, base_url=base_url)


def send_link_emails(*, proposal_id: int, base_url: str | None = None) -> int:
    """E-mail a personal link to every contactable audience member who has none (a job).

    Anyone already holding a link (e-mailed, or made by hand and copied) is skipped: their link
    keeps working.
    """
    proposal = Proposal.objects.select_related("initiative").get(pk=proposal_id)
    if not is_accepting(proposal):
        return 0
    people = audience(proposal).filter(contact_permitted=True).exclude(email="")
    return personal_links.send_new_links(
        links=proposal.links,
        people=people,
        mail=lambda link, secret: _mail(proposal, link.stakeholder, link_url(secret, base_url)),
    )


def _mail(proposal: Proposal, stakeholder: Stakeholder, url: str) -> None:
    language = stakeholder.preferred_language
    language = language if language in PARTICIPANT_LANGUAGES else "en"
    convener = proposal.created_by
    with translation.override(language):
        context = {"proposal": proposal, "initiative": proposal.initiative, "url": url}
        subject = _("“%(title)s”: where do you stand on a proposal?") % {
            "title": shown(proposal.initiative, "title")
        }
        send_message(
            to=stakeholder.email,
            subject=subject,
            template="consensus/position_email.txt",
            context=context,
            reply_to=[convener.email] if convener else [],
            unsubscribe_url=unsubscribe_url(stakeholder),
        )


def find_link(secret: str) -> ProposalLink | None:
    """Return the usable link whose token is ``secret``: proposal accepting, person not erased."""
    link = personal_links.find_by_secret(
        ProposalLink.objects.select_related("proposal", "stakeholder"), secret
    )
    if link is None or link.stakeholder.is_erased or not is_accepting(link.proposal):
        return None
    return link
