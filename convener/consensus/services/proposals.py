"""Proposals: creation, settings, revisions, opening and closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.consensus import results as res
from convener.consensus.models import (
    Proposal,
    ProposalStatus,
    Revision,
    ServesKind,
)
from convener.consensus.processes import PROCESSES
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.roles import Role
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Circle, Stakeholder

PARTICIPANT_LANGUAGES = ("en", "es")
TEAM_ROLES = (Role.OWNER, Role.CONVENER, Role.MEMBER)  # viewers read, they do not decide


class ConsensusError(Exception):
    """A use case refused its input; ``fields`` maps field names to messages."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


# --- Proposals ---------------------------------------------------------------------------------


def _check_window(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ConsensusError(
            _("The closing date must come after the opening date."),
            {"closes_at": [_("Must be after the opening date.")]},
        )


@transaction.atomic
def create_proposal(
    *,
    initiative: Initiative,
    actor: User | None,
    title: str,
    text: str,
    process: str,
    anonymous: bool = False,
    audience_team: bool = True,
    audience_circles: Sequence[str] = (),
    audience_perspectives: Sequence[Perspective] = (),
    audience_stakeholders: Sequence[Stakeholder] = (),
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    serves_kind: str = "",
    serves_ref: str = "",
    serves_label: str = "",
    suppression_threshold: int = res.DEFAULT_THRESHOLD,
) -> Proposal:
    """Create a draft proposal with its first revision."""
    if process not in PROCESSES:
        raise ConsensusError(_("Unknown decision process."), {"process": [_("Unknown.")]})
    if not title.strip() or not text.strip():
        raise ConsensusError(
            _("A proposal needs a title and a text."), {"text": [_("This field is required.")]}
        )
    if serves_kind not in ServesKind.values:
        raise ConsensusError(_("Unknown link."), {"serves_kind": [_("Unknown.")]})
    unknown = [c for c in audience_circles if c not in Circle.values]
    if unknown:
        raise ConsensusError(_("Unknown circle."), {"audience_circles": unknown})
    if any(p.initiative_id != initiative.pk for p in audience_perspectives) or any(
        s.initiative_id != initiative.pk for s in audience_stakeholders
    ):
        raise ConsensusError(_("The audience must come from this initiative."))
    _check_window(opens_at, closes_at)
    proposal = Proposal.objects.create(
        initiative=initiative,
        title=title.strip(),
        process=process,
        anonymous=anonymous,
        audience_team=audience_team,
        audience_circles=list(audience_circles),
        opens_at=opens_at,
        closes_at=closes_at,
        serves_kind=serves_kind,
        serves_ref=serves_ref.strip() if serves_kind else "",
        serves_label=serves_label.strip() if serves_kind else "",
        suppression_threshold=res.clamp_threshold(suppression_threshold),
        created_by=actor,
    )
    proposal.audience_perspectives.set(audience_perspectives)
    proposal.audience_stakeholders.set(audience_stakeholders)
    Revision.objects.create(proposal=proposal, number=1, text=text.strip(), created_by=actor)
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type="proposal",
        target_id=proposal.pk,
        fields=["title", "text", "process", "audience"],
    )
    return proposal


@transaction.atomic
def update_settings(
    *,
    proposal: Proposal,
    actor: User | None,
    anonymous: bool,
    audience_team: bool,
    audience_circles: Sequence[str],
    audience_perspectives: Sequence[Perspective],
    audience_stakeholders: Sequence[Stakeholder],
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    serves_kind: str,
    serves_ref: str,
    serves_label: str,
    suppression_threshold: int,
) -> Proposal:
    """Change a proposal's audience, dates, link and threshold (not its text or process).

    Positions given anonymously stay anonymous: once anyone has taken a position, an
    anonymous proposal cannot be made named.
    """
    if proposal.status == ProposalStatus.DECIDED:
        raise ConsensusError(_("A decided proposal cannot be changed."))
    if proposal.anonymous and not anonymous and proposal.positions.exists():
        raise ConsensusError(
            _("Positions were given anonymously: the proposal stays anonymous."),
            {"anonymous": [_("People took positions without their names being shown.")]},
        )
    if serves_kind not in ServesKind.values:
        raise ConsensusError(_("Unknown link."), {"serves_kind": [_("Unknown.")]})
    unknown = [c for c in audience_circles if c not in Circle.values]
    if unknown:
        raise ConsensusError(_("Unknown circle."), {"audience_circles": unknown})
    if any(p.initiative_id != proposal.initiative_id for p in audience_perspectives) or any(
        s.initiative_id != proposal.initiative_id for s in audience_stakeholders
    ):
        raise ConsensusError(_("The audience must come from this initiative."))
    _check_window(opens_at, closes_at)
    proposal.anonymous = anonymous
    proposal.audience_team = audience_team
    proposal.audience_circles = list(audience_circles)
    proposal.opens_at = opens_at
    proposal.closes_at = closes_at
    proposal.serves_kind = serves_kind
    proposal.serves_ref = serves_ref.strip() if serves_kind else ""
    proposal.serves_label = serves_label.strip() if serves_kind else ""
    proposal.suppression_threshold = res.clamp_threshold(suppression_threshold)
    proposal.save()
    proposal.audience_perspectives.set(audience_perspectives)
    proposal.audience_stakeholders.set(audience_stakeholders)
    record_audit(
        initiative=proposal.initiative,
        actor=actor,
        action="update",
        target_type="proposal",
        target_id=proposal.pk,
        fields=["anonymous", "audience", "opens_at", "closes_at", "serves", "threshold"],
    )
    return proposal


def current_revision(proposal: Proposal) -> Revision:
    """Return the proposal's current revision (from prefetched revisions when there are some)."""
    for revision in proposal.revisions.all():
        if revision.number == proposal.revision:
            return revision
    raise Revision.DoesNotExist(f"proposal {proposal.pk} has no revision {proposal.revision}")


@transaction.atomic
def revise_proposal(
    *,
    proposal: Proposal,
    actor: User | None,
    text: str,
    change_note: str = "",
    title: str | None = None,
) -> Revision:
    """Add a new revision: positions start afresh on it, earlier ones stay on record.

    A closed proposal opens again, since a revision is put to people to place themselves anew.
    """
    if proposal.status == ProposalStatus.DECIDED:
        raise ConsensusError(_("A decided proposal cannot be revised."))
    if not text.strip():
        raise ConsensusError(_("The revision needs a text."), {"text": [_("Required.")]})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    number = proposal.revision + 1
    revision = Revision.objects.create(
        proposal=proposal,
        number=number,
        text=text.strip(),
        change_note=change_note.strip(),
        created_by=actor,
    )
    proposal.revision = number
    fields = ["revision"]
    if title and title.strip():
        proposal.title = title.strip()
        fields.append("title")
    if proposal.status == ProposalStatus.CLOSED:
        proposal.status = ProposalStatus.OPEN
        fields.append("status")
    proposal.save(update_fields=[*fields, "updated_at"])
    record_audit(
        initiative=proposal.initiative,
        actor=actor,
        action="revise",
        target_type="proposal",
        target_id=proposal.pk,
        fields=["text", *fields],
        detail=f"revision {number}",
    )
    return revision


def open_proposal(*, proposal: Proposal, actor: User | None) -> Proposal:
    """Open the proposal for positions."""
    if proposal.status == ProposalStatus.DECIDED:
        raise ConsensusError(_("A decided proposal cannot be reopened."))
    proposal.status = ProposalStatus.OPEN
    if proposal.closes_at and proposal.closes_at <= timezone.now():
        proposal.closes_at = None  # reopening after the planned close: open-ended until closed
    proposal.save(update_fields=["status", "closes_at", "updated_at"])
    record_audit(
        initiative=proposal.initiative, actor=actor, action="open", target_type="proposal",
        target_id=proposal.pk, fields=["status"],
    )  # fmt: skip
    return proposal


def close_proposal(*, proposal: Proposal, actor: User | None) -> Proposal:
    """Close the proposal: positions are final, links stop working."""
    if proposal.status != ProposalStatus.OPEN:
        raise ConsensusError(_("Only an open proposal can be closed."))
    proposal.status = ProposalStatus.CLOSED
    proposal.save(update_fields=["status", "updated_at"])
    record_audit(
        initiative=proposal.initiative, actor=actor, action="close", target_type="proposal",
        target_id=proposal.pk, fields=["status"],
    )  # fmt: skip
    return proposal


def is_accepting(proposal: Proposal, *, now: dt.datetime | None = None) -> bool:
    """Return whether positions can be taken right now: open, and inside its date window."""
    if proposal.status != ProposalStatus.OPEN:
        return False
    now = now or timezone.now()
    if proposal.opens_at and now < proposal.opens_at:
        return False
    return not (proposal.closes_at and now >= proposal.closes_at)
