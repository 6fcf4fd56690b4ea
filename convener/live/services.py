"""Use cases of live sessions: build the agenda, run it, take votes, form breakouts, end it.

Permission checks live in the views, API and consumers; these functions trust their caller.
Every facilitator action bumps ``LiveSession.state_version`` and pushes the new state to the
room after commit. Votes are stored, and their tallies adjusted with F() expressions, in the
same transaction; :func:`cast_votes` writes a whole batch in one transaction, which is what
lets the embedded SQLite database take a burst of a thousand votes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import Activity, ActivityKind
from convener.activities.services.events import check_in
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.services import record_audit
from convener.live import kinds, realtime, references, signals
from convener.live.breakout_words import group_name_translations
from convener.live.kinds import InvalidVote
from convener.live.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    BreakoutGroup,
    Item,
    ItemStatus,
    LiveSession,
    Participant,
    SessionStatus,
    Tally,
    Vote,
)
from convener.live.session_templates import get_template, session_template_translations
from convener.stakeholders.models import Stakeholder

TARGET = "live_session"
ROWS_PER_STATEMENT = 200  # 8 parameters a vote: well under SQLite's 32,766


class LiveError(ValueError):
    """A request about a live session that is refused, with a message fit to show."""


# --- Sessions and agenda ---


def new_join_code() -> str:
    """Return a join code no session uses yet."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not LiveSession.objects.filter(join_code=code).exists():
            return code


def _bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(state_version=F("state_version") + 1)
    session.refresh_from_db(fields=["state_version"])
    realtime.push_state(session)


def _check_config(kind: str, config: Mapping[str, Any], initiative: Initiative) -> None:
    problems = kinds.validate_config(kind, config)
    if not problems and isinstance(config, Mapping):
        problems = references.config_problems(kind, config, initiative)
    if problems:
        raise LiveError(" ".join(problems))


@transaction.atomic
def create_session(
    *, initiative: Initiative, actor: User | None, title: str, template_key: str = ""
) -> LiveSession:
    """Create a draft session, with the items of the built-in template ``template_key``."""
    template = get_template(template_key) if template_key else None
    if template_key and template is None:
        raise LiveError(_("There is no session template called %(key)s.") % {"key": template_key})
    session = LiveSession.objects.create(
        initiative=initiative,
        title=title.strip() or (template.title_in("en") if template else _("Live session")),
        description=template.description_in("en") if template else "",
        translations=session_template_translations(template)
        if template and not title.strip()
        else {},
        join_code=new_join_code(),
        template_key=template_key,
        created_by=actor,
    )
    if template:
        Item.objects.bulk_create(
            Item(session=session, position=n, kind=t.kind, prompt=t.prompt, config=t.config)
            for n, t in enumerate(template.items, start=1)
        )
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type=TARGET,
        target_id=session.pk,
    )
    return session


@transaction.atomic
def copy_session(
    *, session: LiveSession, actor: User | None, as_template: bool = False
) -> LiveSession:
    """Copy the agenda of ``session`` into a new draft session (rerun, or keep as a template)."""
    copy = LiveSession.objects.create(
        initiative=session.initiative,
        title=session.title,
        description=session.description,
        translations=session.translations,
        join_code=new_join_code(),
        template_key=session.template_key,
        is_template=as_template,
        copied_from=session,
        suppression_threshold=session.suppression_threshold,
        created_by=actor,
    )
    Item.objects.bulk_create(
        Item(session=copy, position=i.position, kind=i.kind, prompt=i.prompt, config=i.config)
        for i in session.items.order_by("position")
    )
    record_audit(
        initiative=session.initiative,
        actor=actor,
        action="create",
        target_type=TARGET,
        target_id=copy.pk,
        detail=f"copy of session {session.pk}",
    )
    return copy


@transaction.atomic
def add_item(
    *,
    session: LiveSession,
    kind: str,
    prompt: str,
    config: Mapping[str, Any],
    actor: User | None,
    position: int | None = None,
) -> Item:
    """Add an item to the agenda, at ``position`` (1-based) or at the end."""
    if not prompt.strip():
        raise LiveError(_("Write the question or title of the item."))
    _check_config(kind, config, session.initiative)
    last = session.items.aggregate(last=Max("position"))["last"] or 0
    if position is None or position > last:
        position = last + 1
    else:
        position = max(1, position)
        _shift(session, start=position, by=1)
    item = Item.objects.create(
        session=session, position=position, kind=kind, prompt=prompt.strip(), config=dict(config)
    )
    _bump(session)
    return item


def _shift(session: LiveSession, *, start: int, by: int) -> None:
    # Two steps, so the (session, position) constraint never sees two items at one place.
    items = session.items.filter(position__gte=start)
    items.update(position=F("position") + 100000)
    items.model.objects.filter(session=session, position__gte=start + 100000).update(
        position=F("position") - 100000 + by
    )


@transaction.atomic
def update_item(*, item: Item, prompt: str, config: Mapping[str, Any], actor: User | None) -> Item:
    """Change an item's prompt and settings; settings with answers already given stay fixed."""
    if not prompt.strip():
        raise LiveError(_("Write the question or title of the item."))
    _check_config(item.kind, config, item.session.initiative)
    if item.answer_count and _answer_shape(item.config) != _answer_shape(config):
        raise LiveError(_("People have answered already: the choices cannot change now."))
    item.prompt, item.config = prompt.strip(), dict(config)
    item.save(update_fields=["prompt", "config"])
    _bump(item.session)
    return item


def _answer_shape(config: Mapping[str, Any]) -> tuple[Any, ...]:
    def keys(field: str) -> list[Any]:
        return [e.get("key") for e in config.get(field) or [] if isinstance(e, dict)]

    return (keys("options"), keys("statements"), keys("categories"), config.get("min"))


@transaction.atomic
def move_item(*, item: Item, position: int, actor: User | None) -> None:
    """Move ``item`` to ``position`` (1-based), shifting the others."""
    session = item.session
    last = session.items.count()
    position = min(max(1, position), last)
    if position == item.position:
        return
    old = item.position
    Item.objects.filter(pk=item.pk).update(position=0)
    if position < old:
        rows = session.items.filter(position__gte=position, position__lt=old)
        step = 1
    else:
        rows = session.items.filter(position__gt=old, position__lte=position)
        step = -1
    ids = list(rows.values_list("pk", flat=True))
    Item.objects.filter(pk__in=ids).update(position=F("position") + 100000)
    Item.objects.filter(pk__in=ids).update(position=F("position") - 100000 + step)
    Item.objects.filter(pk=item.pk).update(position=position)
    item.position = position
    _bump(session)


@transaction.atomic
def delete_item(*, item: Item, actor: User | None) -> None:
    """Delete ``item`` with its votes; later items move up."""
    session, position = item.session, item.position
    item.delete()
    _shift(session, start=position + 1, by=-1)
    _bump(session)


# --- Running a session ---


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


def answer_shown(item: Item) -> bool:
    """Return whether the room has seen ``item``'s results or key (a quiz then takes no answers)."""
    return kinds.get(item.kind).quiz and (item.revealed or item.key_revealed)


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


# --- Participants ---


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


# --- Votes ---


@dataclass(frozen=True)
class VoteIn:
    """One vote to store: what a participant sent for an item."""

    item_id: int
    participant_id: int
    value: Any
    text: str = ""
    client_id: str = ""


@dataclass
class VoteOutcome:
    """What became of one vote of a batch: stored (ok) or refused with a code and message."""

    client_id: str
    item_id: int
    ok: bool
    code: str = ""
    message: str = ""
    changed: bool = False
    tally_version: int = 0
    value: Any = None
    score: float | None = None


@dataclass
class _Pending:
    item: Item
    participant_id: int
    vote_id: int | None  # the stored vote being replaced, None for a first answer
    value: Any
    text: str
    score: float | None
    outcomes: list[VoteOutcome] = field(default_factory=list)


def _bucket(participant: Participant) -> str:
    return participant.perspective.key if participant.perspective else kinds.NO_PERSPECTIVE


def cast_votes(batch: list[VoteIn]) -> list[VoteOutcome]:
    """Store a batch of votes in one transaction; return one outcome per vote, in order.

    A refused vote (closed item, invalid value) does not stop the others. A participant who
    votes again replaces their answer, counted once. The tallies are adjusted with F()
    expressions in the same transaction, and ``vote_recorded`` is sent after commit. Rows are
    read and written as plain values (no model instances): a burst of a thousand votes is
    mostly Python work, and this keeps it to a fraction of a millisecond per vote.
    """
    if not batch:
        return []
    outcomes: list[VoteOutcome] = []
    with transaction.atomic():
        item_ids = {v.item_id for v in batch}
        # Row locks (PostgreSQL) serialise writers per item; SQLite's IMMEDIATE transactions
        # already serialise every writer.
        items = {
            i.pk: i
            for i in Item.objects.select_for_update()
            .select_related("session")
            .filter(pk__in=item_ids)
        }
        # participant id → (session id, perspective bucket)
        people = {
            pk: (session_id, key or kinds.NO_PERSPECTIVE)
            for pk, session_id, key in Participant.objects.filter(
                pk__in={v.participant_id for v in batch}
            ).values_list("pk", "session_id", "perspective__key")
        }
        existing = {
            (item_id, pid): (pk, value, hidden)
            for pk, item_id, pid, value, hidden in Vote.objects.filter(
                item_id__in=item_ids, participant_id__in=list(people)
            ).values_list("pk", "item_id", "participant_id", "value", "hidden")
        }
        pending: dict[tuple[int, int], _Pending] = {}
        deltas: dict[int, kinds.Delta] = defaultdict(dict)
        new_answers: dict[int, int] = defaultdict(int)
        for vote_in in batch:
            outcome = VoteOutcome(client_id=vote_in.client_id, item_id=vote_in.item_id, ok=False)
            outcomes.append(outcome)
            item = items.get(vote_in.item_id)
            person = people.get(vote_in.participant_id)
            try:
                if item is None or person is None or person[0] != item.session_id:
                    raise InvalidVote(_("This question is not part of your session."), "not_found")
                if answer_shown(item):
                    raise InvalidVote(
                        _("The right answer has been shown: answers can no longer change."),
                        "closed",
                    )
                if item.status != ItemStatus.OPEN:
                    raise InvalidVote(
                        _("This question is closed: answers are no longer taken."), "closed"
                    )
                text = str(vote_in.text or "")[: kinds.MAX_TEXT_LENGTH]
                value = kinds.clean_value(item.kind, item.config, vote_in.value, text)
            except InvalidVote as refused:
                outcome.code, outcome.message = refused.code, refused.message
                continue
            key = (item.pk, vote_in.participant_id)
            current = pending.get(key)
            stored = existing.get(key)
            old_value = current.value if current else (stored[1] if stored else None)
            hidden = bool(stored and stored[2])
            delta = kinds.vote_delta(
                item.kind,
                item.config,
                old=old_value,
                new=value,
                bucket=person[1],
                old_hidden=hidden,
                new_hidden=hidden,
            )
            kinds.merge(deltas[item.pk], delta)
            if old_value is None:
                new_answers[item.pk] += 1
            score = kinds.score(item.kind, item.config, value)
            if current is None:
                current = _Pending(
                    item, vote_in.participant_id, stored[0] if stored else None, value, text, score
                )
                pending[key] = current
            current.value, current.text, current.score = value, text, score
            current.outcomes.append(outcome)
            outcome.ok, outcome.changed = True, old_value is not None
            outcome.value, outcome.score = value, score
        if pending:
            _write_votes(list(pending.values()))
            _apply_tallies(deltas, new_answers)
            versions = dict(
                Item.objects.filter(pk__in=list(deltas)).values_list("pk", "tally_version")
            )
            for entry in pending.values():
                for outcome in entry.outcomes:
                    outcome.tally_version = versions.get(entry.item.pk, 0)
            done = list(pending.values())
            transaction.on_commit(lambda: _after_votes(done))
    return outcomes


def _write_votes(entries: list[_Pending]) -> None:
    """INSERT new votes and UPDATE changed ones with two executemany statements."""
    now = timezone.now()
    fields = {f.name: f for f in Vote._meta.concrete_fields}
    value_field, stamp_field = fields["value"], fields["created_at"]
    stamp = stamp_field.get_db_prep_value(now, connection)
    table = connection.ops.quote_name(Vote._meta.db_table)

    def columns(*names: str) -> list[str]:
        return [connection.ops.quote_name(fields[n].column) for n in names]

    fresh = [
        (
            e.item.pk,
            e.participant_id,
            value_field.get_db_prep_save(e.value, connection),
            e.text,
            e.score,
            False,
            stamp,
            stamp,
        )
        for e in entries
        if e.vote_id is None
    ]
    changed = [
        (value_field.get_db_prep_save(e.value, connection), e.text, e.score, stamp, e.vote_id)
        for e in entries
        if e.vote_id is not None
    ]
    with connection.cursor() as cursor:
        if fresh:
            names = ", ".join(
                columns(
                    "item",
                    "participant",
                    "value",
                    "text",
                    "score",
                    "hidden",
                    "created_at",
                    "updated_at",
                )
            )
            # Multi-row statements: one step of SQLite per chunk instead of one per vote (each
            # step lets another thread take the GIL, and getting it back can take milliseconds
            # while the event loop is busy). Only quoted identifiers are interpolated.
            for chunk in _chunks(fresh, ROWS_PER_STATEMENT):
                rows = ", ".join(["(" + ", ".join(["%s"] * 8) + ")"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {rows}",  # noqa: S608
                    [value for row in chunk for value in row],
                )
        if changed:
            value, text, score, updated, pk = columns("value", "text", "score", "updated_at", "id")
            cursor.executemany(
                f"UPDATE {table} SET {value} = %s, {text} = %s, {score} = %s, {updated} = %s "  # noqa: S608
                f"WHERE {pk} = %s",
                changed,
            )


def _chunks(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[n : n + size] for n in range(0, len(rows), size)]


def _apply_tallies(deltas: Mapping[int, kinds.Delta], new_answers: Mapping[int, int]) -> None:
    """Add the deltas to the tallies: count = count + change, in one upsert per item.

    ``INSERT ... ON CONFLICT DO UPDATE SET count = count + excluded.count`` creates missing
    rows and increments existing ones atomically (SQLite and PostgreSQL alike), the same as
    an F() update but in one statement.
    """
    table = connection.ops.quote_name(Tally._meta.db_table)
    fields = {f.name: f for f in Tally._meta.concrete_fields}
    item_c, bucket_c, key_c, count_c, total_c = (
        connection.ops.quote_name(fields[name].column)
        for name in ("item", "bucket", "key", "count", "total")
    )
    with connection.cursor() as cursor:
        for item_id, delta in deltas.items():
            if not delta:
                continue
            entries = [(item_id, b, k, c, t) for (b, k), (c, t) in delta.items()]
            for chunk in _chunks(entries, ROWS_PER_STATEMENT):
                rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({item_c}, {bucket_c}, {key_c}, {count_c}, {total_c}) "  # noqa: S608
                    f"VALUES {rows} ON CONFLICT ({item_c}, {bucket_c}, {key_c}) DO UPDATE SET "
                    f"{count_c} = {table}.{count_c} + excluded.{count_c}, "
                    f"{total_c} = {table}.{total_c} + excluded.{total_c}",
                    [value for row in chunk for value in row],
                )
            Item.objects.filter(pk=item_id).update(
                answer_count=F("answer_count") + new_answers.get(item_id, 0),
                tally_version=F("tally_version") + 1,
            )


def _after_votes(stored: list[_Pending]) -> None:
    items = {entry.item.pk: entry.item for entry in stored}
    # Receivers subscribe per item kind (signals.kind_sender): a burst on a poll nobody
    # listens to then loads no participants at all.
    heard = [
        e for e in stored if signals.vote_recorded.has_listeners(signals.kind_sender(e.item.kind))
    ]
    if heard:
        people = Participant.objects.select_related("perspective", "stakeholder").in_bulk(
            [entry.participant_id for entry in heard]
        )
        for entry in heard:
            signals.vote_recorded.send(
                sender=signals.kind_sender(entry.item.kind),
                item=entry.item,
                participant=people.get(entry.participant_id),
                value=entry.value,
                text=entry.text,
            )
    for item in items.values():
        realtime.push_results(item)


def cast_vote(*, item: Item, participant: Participant, value: Any, text: str = "") -> Vote:
    """Store ``participant``'s answer to ``item``; raise InvalidVote when it is refused."""
    outcome = cast_votes(
        [VoteIn(item_id=item.pk, participant_id=participant.pk, value=value, text=text)]
    )[0]
    if not outcome.ok:
        raise InvalidVote(outcome.message, outcome.code)
    return Vote.objects.get(item=item, participant=participant)


@transaction.atomic
def set_hidden(*, vote: Vote, hidden: bool, actor: User | None) -> Vote:
    """Hide an open-text answer from the projected list and word cloud (or show it again)."""
    vote = Vote.objects.select_related("item", "participant__perspective").get(pk=vote.pk)
    if vote.hidden == hidden:
        return vote
    item = vote.item
    delta = kinds.vote_delta(
        item.kind,
        item.config,
        old=vote.value,
        new=vote.value,
        bucket=_bucket(vote.participant),
        old_hidden=vote.hidden,
        new_hidden=hidden,
    )
    vote.hidden = hidden
    vote.save(update_fields=["hidden", "updated_at"])
    _apply_tallies({item.pk: delta}, {})
    transaction.on_commit(lambda: realtime.push_results(item))
    return vote


# --- Breakouts ---


@transaction.atomic
def form_breakouts(
    *,
    item: Item,
    mode: str,
    group_count: int,
    actor: User | None,
    assignments: Mapping[int, int] | None = None,
) -> list[BreakoutGroup]:
    """Split the session's participants into ``group_count`` groups, replacing earlier ones.

    ``mode`` is "random", "perspective" (every group gets a mix of perspectives) or "manual"
    (``assignments`` maps participant id → group number from 1; others stay unassigned).
    """
    if not kinds.get(item.kind).groups:
        raise LiveError(_("Only breakout items have groups."))
    if mode not in kinds.BREAKOUT_MODES:
        raise LiveError(_("Split groups at random, by perspective or by hand."))
    if not 1 <= group_count <= 100:
        raise LiveError(_("The number of groups must be between 1 and 100."))
    people = list(item.session.participants.values_list("pk", "perspective__key").order_by("pk"))
    if mode == "manual":
        known = {pid for pid, _key in people}
        split: list[list[int]] = [[] for _ in range(group_count)]
        for pid, number in (assignments or {}).items():
            if pid in known and 1 <= number <= group_count:
                split[number - 1].append(pid)
    else:
        split = kinds.breakout_groups(
            ((pid, key or kinds.NO_PERSPECTIVE) for pid, key in people),
            group_count,
            by_perspective=mode == "perspective",
            seed=secrets.randbits(32),
        )
    item.groups.all().delete()
    groups = []
    for number, members in enumerate(split, start=1):
        group = BreakoutGroup.objects.create(
            item=item,
            name=_("Group %(n)d") % {"n": number},
            translations=group_name_translations(number),
            prompt=str(item.config.get("prompt", "")),
            worksheet_section=str(item.config.get("worksheet_section", "")),
        )
        group.members.set(members)
        groups.append(group)
    _bump(item.session)
    return groups


@transaction.atomic
def save_notes(
    *,
    group: BreakoutGroup,
    notes: str,
    base_version: int,
    participant: Participant | None = None,
    actor: User | None = None,
) -> tuple[bool, BreakoutGroup]:
    """Save a group's shared notes unless someone saved first; return (saved, current group).

    ``base_version`` is the notes version the writer started from: when it is stale nothing is
    written and the caller gets the current notes to merge.
    """
    if participant is not None and not group.members.filter(pk=participant.pk).exists():
        raise LiveError(_("You are not in this group."))
    updated = BreakoutGroup.objects.filter(pk=group.pk, notes_version=base_version).update(
        notes=notes[:20000], notes_version=F("notes_version") + 1
    )
    group.refresh_from_db(fields=["notes", "notes_version"])
    if updated:
        transaction.on_commit(lambda: realtime.push_notes(group))
    return bool(updated), group


@transaction.atomic
def report_back(*, group: BreakoutGroup, text: str, actor: User | None) -> BreakoutGroup:
    """Record what the group reports back to the room."""
    group.report_back = text.strip()[:5000]
    group.save(update_fields=["report_back"])
    _bump(group.item.session)
    return group


# --- Export ---


def _value_text(item: Item, value: Any) -> str:
    if isinstance(value, dict):
        parts = []
        for key, answer in value.items():
            if isinstance(answer, dict):
                answer = f"({answer.get('x')}, {answer.get('y')})"
            parts.append(f"{key}={answer}")
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def export_rows(session: LiveSession) -> tuple[list[str], list[list[Any]]]:
    """Return the header and one row per answer of ``session``, for the safe CSV/XLSX writer."""
    header = [
        "item",
        "kind",
        "prompt",
        "participant",
        "perspective",
        "stakeholder_id",
        "answer",
        "text",
        "score",
        "hidden",
        "answered_at",
    ]
    rows: list[list[Any]] = []
    votes = (
        Vote.objects.filter(item__session=session)
        .select_related("item", "participant__perspective")
        .order_by("item__position", "participant__joined_at")
    )
    for vote in votes:
        p = vote.participant
        rows.append(
            [
                vote.item.position,
                vote.item.kind,
                vote.item.prompt,
                p.display_name,
                p.perspective.label if p.perspective else "",
                p.stakeholder_id or "",
                _value_text(vote.item, vote.value),
                vote.text,
                "" if vote.score is None else round(vote.score, 4),
                vote.hidden,
                vote.updated_at.isoformat(),
            ]
        )
    return header, rows
