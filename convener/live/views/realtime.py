"""The fallback when a phone cannot hold a WebSocket: short polling and a plain vote POST.

Both use the participant stored in the Django session when they joined over HTTP
(``request.session["live_participants"][CODE]``). The poll answer is cached per state version
and tally version, so a room full of polling phones costs one query set per change.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_POST

from convener.live import kinds, selectors, services
from convener.live.models import LiveSession, Participant, Vote

POLL_CACHE_SECONDS = 30


def _forbidden() -> JsonResponse:
    return JsonResponse(
        {"error": {"code": "forbidden", "message": "Join the session first."}}, status=403
    )


def _participant(request: HttpRequest, code: str) -> Participant | None:
    known = request.session.get("live_participants", {})
    pid = known.get(code.upper()) if isinstance(known, dict) else None
    if not isinstance(pid, int):
        return None
    return (
        Participant.objects.select_related("session__current_item", "session__initiative")
        .filter(pk=pid, session__join_code=code.upper())
        .first()
    )


def _shared(session: LiveSession, language: str) -> dict[str, Any]:
    item = session.current_item
    key = (
        f"live:poll:{session.pk}:{session.state_version}:"
        f"{item.pk if item else 0}:{item.tally_version if item else 0}:{language}"
    )
    found = cache.get(key)
    if found is None:
        results = None
        if item is not None and item.revealed:
            results = selectors.item_results(item, for_staff=False, language=language)
        found = {"state": selectors.shared_state(session, language=language), "results": results}
        cache.set(key, found, POLL_CACHE_SECONDS)
    return found


@require_GET
def poll(request: HttpRequest, code: str) -> JsonResponse:
    """Return the current state (with the participant's own answer) and visible results."""
    participant = _participant(request, code)
    if participant is None:
        return _forbidden()
    session = participant.session
    language = (participant.language or "en").split("-")[0]
    shared = _shared(session, language)
    state = shared["state"]
    item = session.current_item
    if item is not None:
        vote = Vote.objects.filter(item=item, participant=participant).first()
        group = None
        if kinds.get(item.kind).groups:
            found = selectors.participant_group(item, participant)
            group = selectors.group_view(found, language=language) if found else None
        state = selectors.own_part(state, vote=vote, group=group)
    return JsonResponse({"state": state, "results": shared["results"]})


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    data = dict(request.POST.items())
    raw = data.get("value", "")
    try:  # a form sends the value JSON-encoded ("yes" or ["a","b"] or {"s": 3})
        data["value"] = json.loads(raw)
    except ValueError:
        data["value"] = raw
    return data


@require_POST
def vote(request: HttpRequest, code: str) -> JsonResponse:
    """Store an answer, then acknowledge it in the same shape as the WebSocket ack."""
    participant = _participant(request, code)
    if participant is None:
        return _forbidden()
    data = _body(request)
    client_id = data.get("id")
    try:
        item_id = int(data.get("item", ""))
    except (TypeError, ValueError):
        error = {"code": "invalid", "message": "Say which item the answer is for."}
        return JsonResponse(
            {"type": "ack", "id": client_id, "ok": False, "error": error}, status=422
        )
    # A refusal is worded in the participant's own language.
    with override((participant.language or "en").split("-")[0]):
        outcome = services.cast_votes(
            [
                services.VoteIn(
                    item_id=item_id,
                    participant_id=participant.pk,
                    value=data.get("value"),
                    text=str(data.get("text") or ""),
                    client_id=str(client_id or ""),
                )
            ]
        )[0]
    if not outcome.ok:
        error = {"code": outcome.code, "message": outcome.message}
        status = 409 if outcome.code == "closed" else 422
        return JsonResponse(
            {"type": "ack", "id": client_id, "ok": False, "item": item_id, "error": error},
            status=status,
        )
    return JsonResponse(
        {
            "type": "ack",
            "id": client_id,
            "ok": True,
            "item": item_id,
            "version": outcome.tally_version,
        }
    )
