"""Running a session: start and end it, move between items, open, close, reveal."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import Activity, ActivityKind
from convener.activities.services.events import check_in
from convener.initiatives.services import record_audit
from convener.live import kinds, realtime
from convener.live.models import (
    Item,
    ItemStatus,
    LiveSession,
    SessionStatus,
)
from convener.live.services.common import TARGET, LiveError, _bump, answer_shown


def _activity_translations(session: LiveSession) -> dict[str, dict[str, str]]:
    """The session's title and description in other languages, for its activity."""
    out = {}
    for language, texts in (session.translations or {}).items():
        kept = {k: v for k, v in (texts or {}).items() if k in ("title", "description") and v}
        if kept:
            out[language] = kept
    return out


@transaction.atomic
def start_session(*, session: LiveSession, actor: User | None) -> LiveSession:
    """Go live: create the session's activity (its attendance comes from the sign-ins)."""
    if session.status == SessionStatus.ENDED:
        raise LiveError(_("This session has ended. Copy it to run it again."))
    if session.status == SessionStatus.LIVE:
        return session
    if session.activity is None:
        session.activity = Activity.objects.create(
            initiative=session.initiative,
            title=session.title,
            kind=ActivityKind.MEETING,
            starts_on=timezone.localdate(),
            description=session.description,
            created_by=actor,
            translations=_activity_translations(session),
        )
    session.status = SessionStatus.LIVE
    session.started_at = timezone.now()
    session.save(update_fields=["activity", "status", "started_at", "updated_at"])
    record_audit(
        initiative=session.initiative,
        actor=actor,
        action="update",
        target_type=TARGET,
        target_id=session.pk,
        fields=["status"],
        detail="started",
    )
    _bump(session)
    return session


@transaction.atomic
def end_session(*, session: LiveSession, actor: User | None) -> int:
    """End the session: close its items and record attendance; return how many were checked in.

    Participants linked to a registry stakeholder become the activity's attendance; the others
    stay counted by perspective (see selectors.attendance_by_perspective).
    """
    if session.status == SessionStatus.ENDED:
        return 0
    if session.status == SessionStatus.DRAFT:
        start_session(session=session, actor=actor)
    now = timezone.now()
    session.items.filter(status=ItemStatus.OPEN).update(status=ItemStatus.CLOSED, closed_at=now)
    session.status = SessionStatus.ENDED
    session.ended_at = now
    session.save(update_fields=["status", "ended_at", "updated_at"])
    checked = _record_attendance(session, actor)
    record_audit(
        initiative=session.initiative,
        actor=actor,
        action="update",
        target_type=TARGET,
        target_id=session.pk,
        fields=["status"],
        detail=f"ended; {checked} linked participants checked in",
    )
    _bump(session)
    return checked


def _record_attendance(session: LiveSession, actor: User | None) -> int:
    if session.activity is None:
        return 0
    new = 0
    linked = session.participants.filter(stakeholder__isnull=False).select_related("stakeholder")
    for participant in linked:
        assert participant.stakeholder is not None
        if not participant.stakeholder.is_erased:
            new += check_in(
                activity=session.activity, stakeholder=participant.stakeholder, actor=actor
            )[1]
    return new


def _session_is_live(session: LiveSession) -> None:
    if session.status != SessionStatus.LIVE:
        raise LiveError(_("Start the session first."))


@transaction.atomic
def go_to_item(*, session: LiveSession, item: Item | None, actor: User | None) -> None:
    """Show ``item`` on every screen (None: back to the lobby)."""
    if item is not None and item.session_id != session.pk:
        raise LiveError(_("That item belongs to another session."))
    session.current_item = item
    session.save(update_fields=["current_item", "updated_at"])
    _bump(session)


@transaction.atomic
def next_item(*, session: LiveSession, actor: User | None) -> Item | None:
    """Move to the item after the current one; return it (None at the end)."""
    position = session.current_item.position if session.current_item else 0
    following = session.items.filter(position__gt=position).order_by("position").first()
    if following is not None:
        go_to_item(session=session, item=following, actor=actor)
    return following


@transaction.atomic
def open_item(*, item: Item, actor: User | None) -> Item:
    """Open ``item`` for answers and show it; a quiz whose answer was shown stays closed."""
    session = item.session
    _session_is_live(session)
    if answer_shown(item):
        raise LiveError(
            _("The right answer has been shown: this question cannot take answers again.")
        )
    item.status = ItemStatus.OPEN
    item.opened_at = item.opened_at or timezone.now()
    item.closed_at = None
    item.save(update_fields=["status", "opened_at", "closed_at"])
    session.current_item = item
    session.save(update_fields=["current_item", "updated_at"])
    _bump(session)
    return item


@transaction.atomic
def close_item(*, item: Item, actor: User | None) -> Item:
    """Stop taking answers for ``item``; answers already given stay."""
    item.status = ItemStatus.CLOSED
    item.closed_at = timezone.now()
    item.timer_ends_at = None
    item.save(update_fields=["status", "closed_at", "timer_ends_at"])
    _bump(item.session)
    return item


def _set_flags(item: Item, **flags: bool) -> Item:
    for name, value in flags.items():
        setattr(item, name, value)
    item.save(update_fields=list(flags))
    _bump(item.session)
    # After commit: the push reads the item on another connection, which must see the flags.
    transaction.on_commit(lambda: realtime.push_results(item))
    return item


def _close_quiz(item: Item) -> None:
    """Stop a quiz item taking answers before anything about its answers is shown."""
    if item.status == ItemStatus.OPEN:
        item.status = ItemStatus.CLOSED
        item.closed_at = timezone.now()
        item.timer_ends_at = None
        item.save(update_fields=["status", "closed_at", "timer_ends_at"])


@transaction.atomic
def reveal_results(*, item: Item, actor: User | None) -> Item:
    """Show the results of ``item`` to the room.

    A quiz item (true/false, quiz, sorting) closes first and shows its right answer with the
    results: answers seen on the screen can no longer be changed to match them.
    """
    if kinds.get(item.kind).quiz:
        return reveal_key(item=item, actor=actor)
    return _set_flags(item, revealed=True)


@transaction.atomic
def hide_results(*, item: Item, actor: User | None) -> Item:
    """Hide the results of ``item`` again (the projector and phones stop showing them)."""
    return _set_flags(item, revealed=False)


@transaction.atomic
def reveal_key(*, item: Item, actor: User | None) -> Item:
    """Close a quiz item, then show its right answers (and its results)."""
    if not kinds.get(item.kind).quiz:
        raise LiveError(_("Only quiz items have right answers."))
    item = Item.objects.select_for_update().select_related("session").get(pk=item.pk)
    _close_quiz(item)
    return _set_flags(item, revealed=True, key_revealed=True)


@transaction.atomic
def start_timer(*, item: Item, seconds: int, actor: User | None) -> Item:
    """Start a countdown of ``seconds`` on ``item`` (0 stops it)."""
    if not 0 <= seconds <= 3600:
        raise LiveError(_("A timer runs for up to an hour."))
    item.timer_ends_at = timezone.now() + dt.timedelta(seconds=seconds) if seconds else None
    item.save(update_fields=["timer_ends_at"])
    _bump(item.session)
    return item
