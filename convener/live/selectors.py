"""Read models of live sessions: what each screen shows, results, and people's records.

The "state" a participant sees is built in two parts: the shared part (:func:`shared_state`,
one per language, the same for everyone) and the participant's own answer and group
(:func:`own_part`). The socket layer builds the shared part once per change and adds each
participant's part from memory, so a facilitator's click does not cost a query per phone.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import override

from convener.core.translated import shown
from convener.live import kinds
from convener.live.breakout_words import section_title
from convener.live.models import (
    BreakoutGroup,
    Item,
    ItemStatus,
    LiveSession,
    Participant,
    Tally,
    Vote,
)
from convener.stakeholders.models import Stakeholder

TEXTS_SHOWN = 100


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def item_view(item: Item, *, language: str = "en", for_staff: bool = False) -> dict[str, Any]:
    """Return an item as a screen shows it: texts in ``language``, the key only once revealed."""
    prompt, config = kinds.localise(item.kind, item.config, item.prompt, language)
    if not for_staff and not item.key_revealed:
        config = kinds.without_key(item.kind, config)
    elif not for_staff:
        config = {k: v for k, v in config.items() if k != "notes"}  # speaker notes stay staff-only
    return {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "prompt": prompt,
        "config": config,
        "status": item.status,
        "open": item.status == ItemStatus.OPEN,
        "revealed": item.revealed,
        "key_revealed": item.key_revealed,
        "answer_count": item.answer_count,
        "timer_ends_at": _iso(item.timer_ends_at),
    }


def shared_state(session: LiveSession, *, language: str = "en") -> dict[str, Any]:
    """Return the part of the "state" message that is the same for every participant."""
    item = session.current_item
    return {
        "type": "state",
        "version": session.state_version,
        "session": {
            "code": session.join_code,
            "title": session.title,
            "status": session.status,
        },
        "total": session.items.count(),
        "item": item_view(item, language=language) if item else None,
    }


def own_part(
    state: dict[str, Any],
    *,
    vote: Vote | dict[str, Any] | None,
    group: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return ``state`` with the participant's own answer (and breakout group) added."""
    out = dict(state)
    if out.get("item") is not None:
        item = dict(out["item"])
        if isinstance(vote, Vote):
            vote = {"value": vote.value, "text": vote.text, "score": vote.score}
        item["my_vote"] = vote["value"] if vote else None
        item["my_text"] = vote["text"] if vote else ""
        if vote and item["key_revealed"] and vote.get("score") is not None:
            item["my_score"] = vote["score"]
        item["group"] = group
        out["item"] = item
    return out


def group_view(group: BreakoutGroup, *, language: str = "en") -> dict[str, Any]:
    prompt = group.prompt
    translated = (group.item.config.get("translations") or {}).get(language) or {}
    if translated.get("group_prompt") and prompt == group.item.config.get("prompt"):
        prompt = translated["group_prompt"]
    return {
        "id": group.pk,
        "name": shown(group, "name", language),
        "prompt": prompt,
        # the section's title in the participant's language, never its internal key
        "worksheet_section": section_title(group.worksheet_section, language)
        if group.worksheet_section
        else "",
        "notes": group.notes,
        "notes_version": group.notes_version,
        "members": [p.display_name for p in group.members.all()],
        "report_back": group.report_back,
    }


def participant_group(item: Item, participant: Participant) -> BreakoutGroup | None:
    return (
        BreakoutGroup.objects.filter(item=item, members=participant)
        .select_related("item")
        .prefetch_related("members")
        .first()
    )


def session_state(
    session: LiveSession, *, participant: Participant | None = None, language: str = "en"
) -> dict[str, Any]:
    """Return the "state" message for ``participant`` (or for an anonymous screen)."""
    state = shared_state(session, language=language)
    item = session.current_item
    if participant is None or item is None:
        return state
    vote = Vote.objects.filter(item=item, participant=participant).first()
    group = None
    if kinds.get(item.kind).groups:
        found = participant_group(item, participant)
        group = group_view(found, language=language) if found else None
    state = own_part(state, vote=vote, group=group)
    state["participant"] = {"id": participant.pk, "name": participant.display_name}
    return state


def staff_state(session: LiveSession) -> dict[str, Any]:
    """Return what the presenter and facilitator screens need: every item and the room."""
    items = list(session.items.order_by("position"))
    joined = session.participants.count()
    return {
        "type": "staff_state",
        "version": session.state_version,
        "session": {
            "id": session.pk,
            "code": session.join_code,
            "title": session.title,
            "status": session.status,
            "participants": joined,
        },
        "current_item": session.current_item_id,
        "items": [item_view(i, for_staff=True) for i in items],
        "perspectives": attendance_by_perspective(session),
    }


def _tallies(item: Item) -> dict[str, dict[str, tuple[int, float]]]:
    found: dict[str, dict[str, tuple[int, float]]] = defaultdict(dict)
    for bucket, key, count, total in Tally.objects.filter(item=item).values_list(
        "bucket", "key", "count", "total"
    ):
        found[bucket][key] = (count, total)
    return found


def _perspective_labels(session: LiveSession) -> list[tuple[str, str]]:
    labels = [(p.key, p.label) for p in session.initiative.perspectives.all()]
    return [*labels, (kinds.NO_PERSPECTIVE, _("No perspective given"))]


def item_results(item: Item, *, for_staff: bool, language: str = "en") -> dict[str, Any]:
    """Return the results of ``item`` from its tallies, split by perspective.

    Perspective groups smaller than the session's threshold are left out ("fewer than N").
    Participants see results only once they are revealed.
    """
    out: dict[str, Any] = {
        "item": item.pk,
        "kind": item.kind,
        "version": item.tally_version,
        "visible": for_staff or item.revealed,
        "revealed": item.revealed,
    }
    rules = kinds.get(item.kind)
    if not out["visible"] or not rules.votes:
        return out
    with override(language):
        tallies = _tallies(item)
        _prompt, config = kinds.localise(item.kind, item.config, item.prompt, language)
        out["overall"] = kinds.results(item.kind, config, tallies.get(kinds.EVERYONE, {}))
        session = item.session
        threshold = session.suppression_threshold
        sizes = {
            bucket: rows.get("_n", (0, 0.0))[0]
            for bucket, rows in tallies.items()
            if bucket != kinds.EVERYONE
        }
        hidden = kinds.suppressed_buckets(sizes, threshold)
        split = []
        for key, label in _perspective_labels(session):
            size = sizes.get(key, 0)
            if not size:
                continue
            row: dict[str, Any] = {"key": key, "label": label, "suppressed": key in hidden}
            if key in hidden:
                row["note"] = _("Fewer than %(n)d people: not shown.") % {"n": threshold}
            else:
                row["n"] = size
                row["results"] = kinds.results(item.kind, config, tallies[key])
            split.append(row)
        out["by_perspective"] = split
        out["threshold"] = threshold
    if rules.quiz and (for_staff or item.key_revealed):
        out["answer"] = rules.answer_key(item.config)
        out["explanation"] = config.get("explanation", "")
    if rules.written:
        answers = Vote.objects.filter(item=item).order_by("-updated_at")
        if not for_staff:
            answers = answers.filter(hidden=False)
        out["answers"] = [
            {"id": v.pk, "text": v.value, "hidden": v.hidden} if for_staff else {"text": v.value}
            for v in answers[:TEXTS_SHOWN]
        ]
    return out


def attendance_by_perspective(session: LiveSession) -> list[dict[str, Any]]:
    """Return how many joined from each perspective, and how many are linked to the registry."""
    rows = (
        session.participants.values("perspective__key", "perspective__label")
        .annotate(joined=Count("pk"), linked=Count("stakeholder"))
        .order_by("perspective__position", "perspective__label")
    )
    return [
        {
            "key": r["perspective__key"] or kinds.NO_PERSPECTIVE,
            "label": r["perspective__label"] or _("No perspective given"),
            "joined": r["joined"],
            "linked": r["linked"],
        }
        for r in rows
    ]


def _record(vote: Vote) -> dict[str, Any]:
    item = vote.item
    session = item.session
    return {
        "session_id": session.pk,
        "session_title": session.title,
        "date": (session.started_at or session.created_at).date(),
        "item_id": item.pk,
        "prompt": item.prompt,
        "kind": item.kind,
        "score": vote.score,
        "ratings": vote.value if kinds.get(item.kind).scale else None,
        "statements": {
            s["key"]: s.get("label", s["key"]) for s in item.config.get("statements") or []
        },
    }


RECORD_KINDS = ("rating", *sorted(kinds.QUIZ_KINDS))


def participant_records(participant: Participant) -> list[dict[str, Any]]:
    """Return one participant's quiz scores and self-ratings, in agenda order."""
    votes = (
        Vote.objects.filter(participant=participant, item__kind__in=RECORD_KINDS)
        .select_related("item__session")
        .order_by("item__position")
    )
    return [_record(v) for v in votes]


def participant_history(stakeholder: Stakeholder) -> list[dict[str, Any]]:
    """Return a linked stakeholder's quiz scores and self-ratings across sessions, oldest first."""
    votes = (
        Vote.objects.filter(participant__stakeholder=stakeholder, item__kind__in=RECORD_KINDS)
        .select_related("item__session")
        .order_by("item__session__started_at", "item__session__created_at", "item__position")
    )
    return [_record(v) for v in votes]
