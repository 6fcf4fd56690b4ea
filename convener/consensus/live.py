"""The bridge to live sessions: put a proposal to a session, record live votes as positions.

The live app offers ``convener.live.services.add_item`` and the ``vote_recorded`` signal
(sent with ``item``, ``participant``, ``value``, ``text`` after a vote is stored). They are
looked up when used, so this app works, without the live bridge, if they are missing.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.consensus import services
from convener.consensus.models import Proposal
from convener.consensus.processes import get_process

logger = logging.getLogger(__name__)
ITEM_KIND = "proposal"


def _live(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(f"convener.live.{module}"), name, None)
    except ImportError:
        return None


def available() -> bool:
    """Return whether the live app offers what the bridge needs."""
    return (
        _live("services", "add_item") is not None and _live("signals", "vote_recorded") is not None
    )


def live_sessions(proposal: Proposal) -> list[Any]:
    """Return the live sessions a proposal can be added to (not ended, not templates)."""
    model = _live("models", "LiveSession")
    if model is None:
        return []
    found = model.objects.filter(initiative=proposal.initiative)
    fields = {f.name for f in model._meta.get_fields()}
    if "is_template" in fields:
        found = found.filter(is_template=False)
    if "status" in fields:
        found = found.exclude(status="ended")
    return list(found.order_by("-created_at")) if "created_at" in fields else list(found)


def item_config(proposal: Proposal, language: str = "en") -> dict[str, Any]:
    """Return the live item's config: the options, the proposal and the revision it is about."""
    return {
        "options": get_process(proposal.process).choices(language),
        "proposal_id": proposal.pk,
        "revision": proposal.revision,
    }


def put_to_live(*, proposal: Proposal, session: Any, actor: User | None) -> Any:
    """Add the proposal's current revision to a live session as an item; return the item."""
    add_item = _live("services", "add_item")
    if add_item is None:
        raise services.ConsensusError(_("Live sessions are not available."))
    if getattr(session, "initiative_id", None) != proposal.initiative_id:
        raise services.ConsensusError(_("Unknown live session."))
    language = translation.get_language() or "en"
    prompt = f"{proposal.title}\n\n{services.current_revision(proposal).text}"
    refused = _live("services", "LiveError") or ValueError
    try:
        return add_item(
            session=session,
            kind=ITEM_KIND,
            prompt=prompt,
            config=item_config(proposal, language),
            actor=actor,
        )
    except refused as error:
        raise services.ConsensusError(str(error)) from error


def config_problems(initiative: Any, config: Any) -> list[str]:
    """Return what is wrong with a proposal item's ids: the proposal must be this initiative's."""
    proposal_id, revision = config.get("proposal_id"), config.get("revision")
    if isinstance(proposal_id, bool) or not isinstance(proposal_id, int):
        return [_("A proposal item needs the id of a proposal of this initiative.")]
    proposal = Proposal.objects.filter(pk=proposal_id, initiative=initiative).first()
    if proposal is None:
        return [_("There is no proposal %(id)s in this initiative.") % {"id": proposal_id}]
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        return [_("A proposal item needs the number of the revision it is about.")]
    if revision > proposal.revision:
        return [_("The proposal has no revision %(n)s.") % {"n": revision}]
    return []


def option_from_value(value: Any) -> str:
    """Return the option key carried by a live vote's value (a key, or {"key": …})."""
    if isinstance(value, dict):
        value = value.get("key") or value.get("option") or ""
    if isinstance(value, list) and value:
        value = value[0]
    return str(value or "")


def on_vote_recorded(
    sender: Any, *, item: Any, participant: Any, value: Any, text: str = "", **kwargs: Any
) -> None:
    """Record a live vote on a proposal item as a position on the same revision.

    Votes on an older revision than the proposal's current one are left in the live session
    only: the text people saw has since changed.
    """
    if getattr(item, "kind", "") != ITEM_KIND:
        return
    config = getattr(item, "config", None) or {}
    proposal_id = config.get("proposal_id")
    if not isinstance(proposal_id, int):
        return
    # Only a proposal of the item's own initiative: an id in JSON is just a number.
    initiative_id = (
        _live("models", "LiveSession")
        .objects.filter(  # type: ignore[union-attr]
            pk=getattr(item, "session_id", None)
        )
        .values("initiative_id")
    )
    proposal = Proposal.objects.filter(pk=proposal_id, initiative_id__in=initiative_id).first()
    if proposal is None or config.get("revision") != proposal.revision:
        return
    session_id = getattr(item, "session_id", "")
    try:
        services.record_live_position(
            proposal=proposal,
            option_key=option_from_value(value),
            reason=text or "",
            perspective=getattr(participant, "perspective", None),
            stakeholder=getattr(participant, "stakeholder", None),
            live_ref=f"live:{session_id}:{participant.pk}",
        )
    except services.ConsensusError as error:
        logger.info("Live vote not recorded as a position: %s", error.message)


def connect() -> None:
    """Connect the live-vote receiver when the live app sends the signal (idempotent).

    Also register the check that a proposal item's ``proposal_id`` is this initiative's.
    """
    register = _live("references", "register")
    if register is not None:
        register(ITEM_KIND, config_problems)
    signal = _live("signals", "vote_recorded")
    kind_sender = _live("signals", "kind_sender")
    if signal is not None and kind_sender is not None:
        signal.connect(
            on_vote_recorded, sender=kind_sender(ITEM_KIND), dispatch_uid="consensus.live_vote"
        )
