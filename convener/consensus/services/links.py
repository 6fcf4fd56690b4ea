"""The audience of a proposal and their personal links."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
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
from convener.core.jobs import enqueue
from convener.core.mail import send_message
from convener.core.tokens import hash_token, new_token
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


def issue_link(*, proposal: Proposal, stakeholder: Stakeholder, actor: User | None) -> str:
    """Return a fresh personal link secret for ``stakeholder``; an earlier link stops working.

    Only the digest is stored, so the secret can be shown once and never again.
    """
    if stakeholder.initiative_id != proposal.initiative_id or stakeholder.is_erased:
        raise ConsensusError(_("This person cannot be given a link."))
    secret = new_token()
    ProposalLink.objects.update_or_create(
        proposal=proposal, stakeholder=stakeholder, defaults={"token_hash": hash_token(secret)}
    )
    record_audit(
        initiative=proposal.initiative, actor=actor, action="issue_link",
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
    """E-mail a personal link to every contactable audience member not yet sent one (a job)."""
    proposal = Proposal.objects.select_related("initiative").get(pk=proposal_id)
    if not is_accepting(proposal):
        return 0
    sent_to = set(
        proposal.links.filter(sent_at__isnull=False).values_list("stakeholder_id", flat=True)
    )
    people = audience(proposal).filter(contact_permitted=True).exclude(email="")
    sent = 0
    for stakeholder in people.exclude(pk__in=sent_to):
        secret = new_token()
        ProposalLink.objects.update_or_create(
            proposal=proposal,
            stakeholder=stakeholder,
            defaults={"token_hash": hash_token(secret), "sent_at": timezone.now()},
        )
        _mail(proposal, stakeholder, link_url(secret, base_url))
        sent += 1
    return sent


def _mail(proposal: Proposal, stakeholder: Stakeholder, url: str) -> None:
    language = stakeholder.preferred_language
    language = language if language in PARTICIPANT_LANGUAGES else "en"
    convener = proposal.created_by
    with translation.override(language):
        context = {"proposal": proposal, "initiative": proposal.initiative, "url": url}
        subject = _("“%(title)s”: where do you stand on a proposal?") % {
            "title": proposal.initiative.title
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
    link = (
        ProposalLink.objects.select_related("proposal", "stakeholder")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if link is None or link.stakeholder.is_erased or not is_accepting(link.proposal):
        return None
    return link
