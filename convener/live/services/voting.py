"""Votes: a whole batch in one transaction, tallies adjusted with F() expressions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.live import kinds, realtime, signals
from convener.live.kinds import InvalidVote
from convener.live.models import (
    Item,
    ItemStatus,
    Participant,
    Tally,
    Vote,
)
from convener.live.services.common import answer_shown

ROWS_PER_STATEMENT = 200  # 8 parameters a vote: well under SQLite's 32,766


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
