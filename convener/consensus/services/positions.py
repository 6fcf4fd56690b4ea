"""Positions by every channel, the results of a revision, and the decision record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.consensus import results as res
from convener.consensus.models import (
    Channel,
    Comment,
    Decision,
    Outcome,
    Position,
    Proposal,
    ProposalLink,
    ProposalStatus,
)
from convener.consensus.processes import Process, get_process
from convener.consensus.services.links import audience, team
from convener.consensus.services.proposals import ConsensusError, is_accepting
from convener.initiatives.models import Perspective
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Stakeholder

# --- Positions ---------------------------------------------------------------------------------


def check_position(process: Process, option: str, reason: str) -> None:
    """Raise ConsensusError when ``option`` is not in the process or lacks a needed reason."""
    if not process.has_option(option):
        raise ConsensusError(_("Choose one of the options."), {"option": [_("Choose one.")]})
    if process.option(option).needs_reason and not reason.strip():
        raise ConsensusError(
            _("This choice needs a reason: say what concerns you, so the group can respond."),
            {"reason": [_("Please give your reason.")]},
        )


def _take_position(
    *,
    proposal: Proposal,
    option: str,
    reason: str,
    channel: str,
    perspective: Perspective | None,
    who: dict[str, Any],
) -> Position:
    if not is_accepting(proposal):
        raise ConsensusError(_("This proposal is not taking positions now."))
    check_position(get_process(proposal.process), option, reason)
    values = {
        "option": option,
        "reason": reason.strip(),
        "channel": channel,
        "perspective": perspective,
    }
    lookup = {"proposal": proposal, "revision": proposal.revision, **who}
    try:
        with transaction.atomic():
            position, _created = Position.objects.update_or_create(**lookup, defaults=values)
    except IntegrityError:  # two saves raced; the other one created the row
        position, _created = Position.objects.update_or_create(**lookup, defaults=values)
    return position


def record_member_position(
    *,
    proposal: Proposal,
    user: User,
    option: str,
    reason: str = "",
    perspective: Perspective | None = None,
) -> Position:
    """Record (or change) a team member's position on the current revision."""
    if not team(proposal).filter(user=user).exists():
        raise ConsensusError(_("Only core team members take positions here."))
    if perspective is not None and perspective.initiative_id != proposal.initiative_id:
        raise ConsensusError(_("Unknown perspective."), {"perspective": [_("Unknown.")]})
    return _take_position(
        proposal=proposal,
        option=option,
        reason=reason,
        channel=Channel.TEAM,
        perspective=perspective,
        who={"user": user},
    )


def record_link_position(*, link: ProposalLink, option: str, reason: str = "") -> Position:
    """Record (or change) the position of the stakeholder holding ``link``."""
    return _take_position(
        proposal=link.proposal,
        option=option,
        reason=reason,
        channel=Channel.LINK,
        perspective=link.stakeholder.perspective,
        who={"stakeholder": link.stakeholder},
    )


def record_live_position(
    *,
    proposal: Proposal,
    option_key: str,
    reason: str,
    perspective: Perspective | None,
    stakeholder: Stakeholder | None = None,
    live_ref: str,
) -> Position:
    """Record a position taken in a live session, on the current revision.

    A participant linked to a registry stakeholder records that stakeholder's position (it
    replaces one given by link, since it is the same person); otherwise the position is
    anonymous, kept under ``live_ref`` (the live participant) with the perspective they gave.
    """
    if not live_ref:
        raise ConsensusError(_("A live position needs its participant reference."))
    if stakeholder is not None:
        if stakeholder.initiative_id != proposal.initiative_id:
            raise ConsensusError(_("Unknown stakeholder."))
        who: dict[str, Any] = {"stakeholder": stakeholder}
        perspective = stakeholder.perspective or perspective
    else:
        who = {"live_ref": live_ref}
    if perspective is not None and perspective.initiative_id != proposal.initiative_id:
        perspective = None
    return _take_position(
        proposal=proposal,
        option=option_key,
        reason=reason,
        channel=Channel.LIVE,
        perspective=perspective,
        who=who,
    )


def add_comment(*, proposal: Proposal, author: User, text: str) -> Comment:
    """Add a contribution to the proposal's discussion thread."""
    if not text.strip():
        raise ConsensusError(_("Write something first."), {"text": [_("Required.")]})
    return Comment.objects.create(
        proposal=proposal, revision=proposal.revision, author=author, text=text.strip()
    )


# --- Results -----------------------------------------------------------------------------------


def group_specs(proposal: Proposal, positions: Sequence[Position]) -> list[res.GroupSpec]:
    """Return the perspective groups to report: those invited, plus those who took part.

    A group's audience counts the invited stakeholders filed under that perspective; team
    members (when the team is invited) and people without a perspective count under
    "perspective not given".
    """
    invited: dict[int | None, int] = {}
    for perspective_id in audience(proposal).values_list("perspective_id", flat=True):
        invited[perspective_id] = invited.get(perspective_id, 0) + 1
    if proposal.audience_team:
        invited[None] = invited.get(None, 0) + team(proposal).count()
    took_part = {p.perspective_id for p in positions}
    specs = [
        res.GroupSpec(p.key, p.label, invited.get(p.pk, 0))
        for p in proposal.initiative.perspectives.all()
        if p.pk in invited or p.pk in took_part
    ]
    if None in invited or None in took_part:
        specs.append(res.GroupSpec(res.NO_GROUP, _("Perspective not given"), invited.get(None, 0)))
    return specs


def revision_positions(proposal: Proposal, revision: int | None = None) -> list[Position]:
    return list(
        proposal.positions.filter(revision=revision or proposal.revision).select_related(
            "perspective", "stakeholder", "user"
        )
    )


def proposal_results(proposal: Proposal, revision: int | None = None) -> res.Results:
    """Return the results of one revision (the current one by default)."""
    positions = revision_positions(proposal, revision)
    pairs = [(p.perspective.key if p.perspective else res.NO_GROUP, p.option) for p in positions]
    return res.summarise(
        get_process(proposal.process),
        pairs,
        group_specs(proposal, positions),
        proposal.suppression_threshold,
    )


# --- Decisions ---------------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    proposal: Proposal,
    actor: User | None,
    outcome: str,
    statement: str,
    decided_on: dt.date,
    decided_by: str,
    statement_es: str = "",
) -> Decision:
    """Record the decision on the current revision, freezing its distribution and participation.

    ``statement_es`` is the outcome statement in Spanish (empty: Spanish readers see the
    English). The proposal stops taking positions and cannot be revised afterwards.
    """
    if (
        proposal.status == ProposalStatus.DECIDED
        or Decision.objects.filter(proposal=proposal).exists()
    ):
        raise ConsensusError(_("This proposal already has a decision."))
    if outcome not in Outcome.values:
        raise ConsensusError(_("Unknown outcome."), {"outcome": [_("Unknown.")]})
    if not statement.strip() or not decided_by.strip():
        raise ConsensusError(
            _("Say what was decided and who decided."),
            {"statement": [_("Required.")], "decided_by": [_("Required.")]},
        )
    process = get_process(proposal.process)
    summary = proposal_results(proposal)
    decision = Decision.objects.create(
        initiative=proposal.initiative,
        proposal=proposal,
        title=proposal.title,
        revision=proposal.revision,
        outcome=outcome,
        statement=statement.strip(),
        translations={"es": {"statement": statement_es.strip()}} if statement_es.strip() else {},
        decided_on=decided_on,
        decided_by=decided_by.strip(),
        participants=summary.distribution.total,
        distribution=[
            {"key": o.key, "label": process.option(o.key).label(), "count": o.count}
            for o in summary.distribution.options
        ],
        participation=[
            {
                "key": g.key,
                "label": g.label,
                "audience": g.audience,
                "count": g.count,
                "suppressed": g.suppressed,
            }
            for g in summary.groups
        ],
        threshold=summary.threshold,
        serves_kind=proposal.serves_kind,
        serves_ref=proposal.serves_ref,
        serves_label=proposal.serves_label,
        recorded_by=actor,
    )
    proposal.status = ProposalStatus.DECIDED
    proposal.save(update_fields=["status", "updated_at"])
    record_audit(
        initiative=proposal.initiative,
        actor=actor,
        action="decide",
        target_type="proposal",
        target_id=proposal.pk,
        fields=["outcome", "statement", "decided_on", "decided_by"]
        + (["statement_es"] if statement_es.strip() else []),
    )
    return decision
