"""People in the room: joining, finding them by their token, linking them to the registry."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.services.events import check_in
from convener.initiatives.models import Perspective
from convener.initiatives.services import record_audit
from convener.live.models import (
    LiveSession,
    Participant,
    SessionStatus,
)
from convener.live.services.common import LiveError
from convener.stakeholders.models import Stakeholder


@transaction.atomic
def join(
    *,
    session: LiveSession,
    display_name: str,
    location: str = "",
    perspective: Perspective | None = None,
    language: str = "en",
) -> tuple[Participant, str]:
    """Sign ``display_name`` in; return the participant and their secret token (shown once).

    A registry stakeholder with the same name is proposed as a match; the facilitator
    confirms it before anything is recorded against the stakeholder.
    """
    from convener.core.tokens import hash_token, new_token

    if session.status == SessionStatus.ENDED:
        raise LiveError(_("This session has ended."))
    name = display_name.strip()
    if not name:
        raise LiveError(_("Write your name."))
    if perspective is not None and perspective.initiative_id != session.initiative_id:
        perspective = None
    match = (
        Stakeholder.objects.filter(initiative=session.initiative, name__iexact=name)
        .filter(erased_at__isnull=True)
        .first()
    )
    token = new_token("lp_")
    participant = Participant.objects.create(
        session=session,
        token_hash=hash_token(token),
        display_name=name[:120],
        location=location.strip()[:120],
        perspective=perspective,
        language=language[:10] or "en",
        suggested_stakeholder=match,
    )
    return participant, token


def participant_for_token(*, session: LiveSession | None, token: str) -> Participant | None:
    """Return the participant holding ``token`` (in ``session`` when given), or None."""
    from convener.core.tokens import hash_token

    if not token:
        return None
    rows = Participant.objects.select_related("session", "perspective")
    if session is not None:
        rows = rows.filter(session=session)
    return rows.filter(token_hash=hash_token(token)).first()


@transaction.atomic
def confirm_link(*, participant: Participant, stakeholder: Stakeholder, actor: User | None) -> None:
    """Link ``participant`` to a registry stakeholder; after the session, check them in."""
    session = participant.session
    if stakeholder.initiative_id != session.initiative_id or stakeholder.is_erased:
        raise LiveError(_("Choose someone from this initiative's registry."))
    participant.stakeholder = stakeholder
    participant.suggested_stakeholder = None
    participant.save(update_fields=["stakeholder", "suggested_stakeholder"])
    if session.status == SessionStatus.ENDED and session.activity is not None:
        check_in(activity=session.activity, stakeholder=stakeholder, actor=actor)
    record_audit(
        initiative=session.initiative,
        actor=actor,
        action="update",
        target_type="live_participant",
        target_id=participant.pk,
        fields=["stakeholder"],
    )


@transaction.atomic
def reject_link(*, participant: Participant, actor: User | None) -> None:
    """Drop the proposed registry match (and any confirmed link) of ``participant``."""
    participant.suggested_stakeholder = None
    participant.stakeholder = None
    participant.save(update_fields=["stakeholder", "suggested_stakeholder"])
