"""Use cases of a training series: create it, add its sessions, recognise its members.

A member is recognised, in order: by the participant already being linked; by a signed-in team
member's account; by the secret their device keeps for the series (cookie or personal link).
Otherwise a new anonymous member is made and its secret returned once, for the device to keep.
Only the secret's SHA-256 digest is stored (``convener.core.tokens``). Permission checks live in
the views; these functions trust their caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.core.tokens import hash_token, new_token
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.services import record_audit
from convener.live.models import LiveSession, Participant
from convener.live.series_models import (
    SeriesAttendance,
    SeriesMember,
    SeriesSession,
    TrainingSeries,
)
from convener.live.services import LiveError, create_session
from convener.live.session_templates import get_template

TARGET = "training_series"
FIRST_TEMPLATE = "blueprint_full_day"  # the deck's full day opens a series
FOLLOW_UP_TEMPLATE = "series_follow_up"
SECRET_PREFIX = "ls_"  # noqa: S105 (a readable prefix, not a secret)


@transaction.atomic
def create_series(
    *, initiative: Initiative, actor: User | None, title: str, title_es: str = ""
) -> TrainingSeries:
    """Create an empty series of ``initiative`` (its sessions are added one by one)."""
    title = title.strip()
    if not title:
        raise LiveError(_("Give the series a title."))
    spanish = title_es.strip()
    series = TrainingSeries.objects.create(
        initiative=initiative,
        title=title[:200],
        translations={"es": {"title": spanish[:200]}} if spanish else {},
        created_by=actor,
    )
    record_audit(
        initiative=initiative, actor=actor, action="create", target_type=TARGET, target_id=series.pk
    )
    return series


def _append(series: TrainingSeries, session: LiveSession) -> SeriesSession:
    last = series.series_sessions.aggregate(last=Max("position"))["last"] or 0
    return SeriesSession.objects.create(series=series, session=session, position=last + 1)


@transaction.atomic
def add_new_session(
    *, series: TrainingSeries, actor: User | None, template_key: str, title: str = ""
) -> LiveSession:
    """Create a session from a built-in template and put it last in ``series``."""
    if get_template(template_key) is None:
        raise LiveError(_("Choose one of the templates offered."))
    session = create_session(
        initiative=series.initiative, actor=actor, title=title, template_key=template_key
    )
    _append(series, session)
    record_audit(
        initiative=series.initiative,
        actor=actor,
        action="update",
        target_type=TARGET,
        target_id=series.pk,
        fields=["sessions"],
    )
    return session


@transaction.atomic
def add_existing_session(
    *, series: TrainingSeries, actor: User | None, session: LiveSession
) -> SeriesSession:
    """Put an existing session of the same initiative last in ``series``.

    Refuse a session of another initiative, a template, or one already in a series.
    """
    if session.initiative_id != series.initiative_id:
        raise LiveError(_("That session belongs to another initiative."))
    if session.is_template:
        raise LiveError(_("A template cannot be part of a series; start a session from it."))
    if SeriesSession.objects.filter(session=session).exists():
        raise LiveError(_("That session is already part of a series."))
    link = _append(series, session)
    record_audit(
        initiative=series.initiative,
        actor=actor,
        action="update",
        target_type=TARGET,
        target_id=series.pk,
        fields=["sessions"],
    )
    return link


def series_of(session: LiveSession) -> TrainingSeries | None:
    """Return the series ``session`` belongs to, or None."""
    link = SeriesSession.objects.select_related("series").filter(session=session).first()
    return link.series if link else None


def member_for_secret(series: TrainingSeries | None, secret: str) -> SeriesMember | None:
    """Return the member whose device or personal-link secret is ``secret`` (in ``series``)."""
    if not secret or len(secret) > 200:
        return None
    rows = SeriesMember.objects.select_related("series", "series__initiative")
    if series is not None:
        rows = rows.filter(series=series)
    return rows.filter(token_hash=hash_token(secret)).first()


@dataclass(frozen=True)
class Recognised:
    member: SeriesMember
    secret: str = ""  # a new secret for the device to keep ("" when it has one already)


@transaction.atomic
def recognise(
    *, participant: Participant, user: User | None = None, secret: str = ""
) -> Recognised | None:
    """Link ``participant`` to their member of the session's series; None outside a series.

    ``user`` counts only when they are on the initiative's team; ``secret`` is the device's.
    """
    series = series_of(participant.session)
    if series is None:
        return None
    known = (
        SeriesAttendance.objects.select_related("member")
        .filter(participant=participant, member__series=series)
        .first()
    )
    if known is not None:
        return Recognised(member=known.member)
    on_team = (
        user is not None
        and Membership.objects.filter(initiative_id=series.initiative_id, user=user).exists()
    )
    member = SeriesMember.objects.filter(series=series, user=user).first() if on_team else None
    if member is None:
        member = member_for_secret(series, secret)
    fresh = ""
    if member is None:
        fresh = new_token(SECRET_PREFIX)
        member = SeriesMember.objects.create(
            series=series, token_hash=hash_token(fresh), user=user if on_team else None
        )
    SeriesAttendance.objects.update_or_create(participant=participant, defaults={"member": member})
    return Recognised(member=member, secret=fresh)


def member_of(participant: Participant) -> SeriesMember | None:
    """Return the series member ``participant`` was recognised as, or None."""
    found = (
        SeriesAttendance.objects.select_related("member", "member__series")
        .filter(participant=participant)
        .first()
    )
    return found.member if found else None
