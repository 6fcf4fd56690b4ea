"""Rounds: create, open and close them, their in-the-room token and their audience."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.core.tokens import hash_token
from convener.core.translated import set_spanish
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.services import record_audit
from convener.measuring.models import (
    Round,
    RoundKind,
    RoundStatus,
)
from convener.measuring.services.common import RESPONDENT_LANGUAGES, CollectionError
from convener.measuring.services.instruments import current_instrument
from convener.stakeholders.models import Stakeholder


def create_round(
    *,
    initiative: Initiative,
    actor: User | None,
    name: str,
    row_keys: Sequence[str],
    kind: str = RoundKind.STAKEHOLDERS,
    anonymous: bool = True,
    languages: Sequence[str] = RESPONDENT_LANGUAGES,
    audience_circles: Sequence[str] = (),
    audience_perspectives: Iterable[Perspective] = (),
    audience_stakeholders: Iterable[Stakeholder] = (),
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    allow_not_sure: bool = True,
    allow_comments: bool = True,
    suppression_threshold: int = 5,
) -> Round:
    """Create a draft round on the current instrument for ``row_keys``."""
    errors: dict[str, list[str]] = {}
    if kind not in RoundKind.values:
        errors["kind"] = [_("Choose stakeholders or self_assessment.")]
    bad_languages = [code for code in languages if code not in RESPONDENT_LANGUAGES]
    if bad_languages or not languages:
        errors["languages"] = [_("Offer English, Spanish or both.")]
    if suppression_threshold < 3:
        errors["suppression_threshold"] = [_("The smallest group shown is never below 3.")]
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = [_("The round must close after it opens.")]
    if errors:
        raise CollectionError(_("The round has invalid settings."), errors)
    with transaction.atomic():
        instrument = current_instrument(initiative=initiative, row_keys=row_keys)
        round_ = Round.objects.create(
            initiative=initiative,
            instrument=instrument,
            name=name.strip(),
            kind=kind,
            anonymous=anonymous,
            languages=[code for code in RESPONDENT_LANGUAGES if code in languages],
            audience_circles=list(audience_circles),
            opens_at=opens_at,
            closes_at=closes_at,
            allow_not_sure=allow_not_sure,
            allow_comments=allow_comments,
            suppression_threshold=suppression_threshold,
            created_by=actor,
        )
        round_.audience_perspectives.set(
            [p for p in audience_perspectives if p.initiative_id == initiative.pk]
        )
        round_.audience_stakeholders.set(
            [s for s in audience_stakeholders if s.initiative_id == initiative.pk]
        )
        round_.room_token_hash = hash_token(room_token(round_))
        round_.save(update_fields=["room_token_hash"])
        record_audit(
            initiative=initiative, actor=actor, action="create", target_type="round",
            target_id=round_.pk, fields=["name", "kind", "instrument"],
        )  # fmt: skip
    return round_


def open_round(*, round: Round, actor: User | None) -> Round:
    """Open a draft or closed round for answers from now on."""
    now = timezone.now()
    round.status = RoundStatus.OPEN
    if round.opens_at is None or round.opens_at > now:
        round.opens_at = now
    if round.closes_at is not None and round.closes_at <= now:
        round.closes_at = None  # reopened: the old end date is over
    round.save(update_fields=["status", "opens_at", "closes_at", "updated_at"])
    record_audit(
        initiative=round.initiative, actor=actor, action="open", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    return round


def rename_round(*, round: Round, actor: User | None, name: str, spanish: str) -> Round:
    """Rename a round in English and Spanish (empty Spanish: people see the English)."""
    name = name.strip()
    if not name:
        raise CollectionError(_("The round needs a name."))
    round.name = name
    set_spanish(round, {"name": spanish.strip()})
    round.save(update_fields=["name", "translations", "updated_at"])
    record_audit(
        initiative=round.initiative, actor=actor, action="rename", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    return round


def close_round(*, round: Round, actor: User | None) -> Round:
    """Close a round: links stop working and answers can no longer change."""
    now = timezone.now()
    round.status = RoundStatus.CLOSED
    if round.closes_at is None or round.closes_at > now:
        round.closes_at = now
    round.save(update_fields=["status", "closes_at", "updated_at"])
    record_audit(
        initiative=round.initiative, actor=actor, action="close", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    return round


def is_accepting(round: Round, *, now: dt.datetime | None = None) -> bool:
    """Return whether respondents may answer now: open, and inside the date window."""
    now = now or timezone.now()
    return (
        round.status == RoundStatus.OPEN
        and (round.opens_at is None or round.opens_at <= now)
        and (round.closes_at is None or now < round.closes_at)
    )


def room_token(round: Round) -> str:
    """Return the round's in-the-room token: 128 bits derived from the site secret.

    Derived rather than stored, so the QR code can be shown again; only its digest is kept.
    """
    digest = salted_hmac("convener.measuring.room", str(round.pk), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")


def ensure_room_token(round: Round) -> str:
    """Return the round's room token, re-recording its digest if the site secret changed."""
    token = room_token(round)
    digest = hash_token(token)
    if round.room_token_hash != digest:
        round.room_token_hash = digest
        Round.objects.filter(pk=round.pk).update(room_token_hash=digest)
    return token


def audience(round: Round) -> QuerySet[Stakeholder]:
    """Return the stakeholders a round invites: its circles/perspectives plus hand-picked people.

    Only people with an e-mail address who may be contacted, and whose data is not erased.
    """
    base = (
        Stakeholder.objects.active()
        .filter(initiative=round.initiative, contact_permitted=True)
        .exclude(email="")
    )
    perspective_ids = list(round.audience_perspectives.values_list("pk", flat=True))
    picked = Q(pk__in=round.audience_stakeholders.values("pk"))
    if round.audience_circles or perspective_ids:
        by_group = Q()
        if round.audience_circles:
            by_group &= Q(circle__in=round.audience_circles)
        if perspective_ids:
            by_group &= Q(perspective_id__in=perspective_ids)
        return base.filter(by_group | picked).distinct()
    return base.filter(picked).distinct()
