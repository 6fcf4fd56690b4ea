"""WebSocket consumers: a participant's phone and the presenter/facilitator screens.

The consumers authenticate, join a group, hand votes to the batcher and forward pushes (their
base, ``fanout.DirectConsumer``, is the fenced part: convener/live/fanout.py says why); the
rules live in services and selectors. Protocol (JSON messages):

- participant ``/ws/live/<CODE>/``: authenticated by the Django session set when joining over
  HTTP, or by a first message ``{"type": "hello", "token": ...}``; otherwise closed with 4403.
  ``hello`` → full ``state``; ``vote`` → ``ack`` once stored; ``notes`` → ``ack``;
  ``ping`` → ``pong``. Pushed: ``state``, ``results`` (once revealed), ``notes``.
- staff ``/ws/live/<CODE>/staff/``: signed-in users who may view the initiative. Pushed:
  ``staff_state`` (every item), ``state`` (what the room sees) and ``results`` (always).

Throttling is per participant (a token bucket shared by all their sockets), never per address:
a whole venue often shares one.
"""

from __future__ import annotations

import time
from typing import Any

from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from convener.accounts.sessions import session_exists
from convener.initiatives.permissions import get_initiative_for
from convener.live import fanout, kinds, realtime, selectors, services
from convener.live.batching import batcher
from convener.live.models import BreakoutGroup, LiveSession, Participant, Vote

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
RATE = 10.0  # messages per second, per participant
BURST = 20.0


class TokenBucket:
    """Allow ``rate`` messages a second with bursts of ``burst``."""

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: float | None = None, burst: float | None = None) -> None:
        self.rate = RATE if rate is None else rate
        self.burst = BURST if burst is None else burst
        self.tokens, self.stamp = self.burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


_buckets: dict[int, TokenBucket] = {}


def bucket_for(participant_id: int) -> TokenBucket:
    if len(_buckets) > 200_000:  # forget idle participants rather than grow without end
        _buckets.clear()
    found = _buckets.get(participant_id)
    if found is None:
        found = _buckets[participant_id] = TokenBucket()
    return found


def _session_by_code(code: str) -> LiveSession | None:
    return (
        LiveSession.objects.select_related("initiative", "current_item")
        .filter(join_code=code.upper())
        .first()
    )


def _participant(session: LiveSession, participant_id: Any) -> Participant | None:
    if not isinstance(participant_id, int):
        return None
    return Participant.objects.filter(pk=participant_id, session=session).first()


def _my_votes(participant: Participant) -> dict[int, dict[str, Any]]:
    return {
        item_id: {"value": value, "text": text, "score": score}
        for item_id, value, text, score in Vote.objects.filter(participant=participant).values_list(
            "item_id", "value", "text", "score"
        )
    }


def _full_state(session_id: int, participant: Participant) -> tuple[dict, dict | None]:
    session = LiveSession.objects.select_related("initiative", "current_item").get(pk=session_id)
    state = selectors.session_state(session, participant=participant, language=participant.language)
    results = None
    item = session.current_item
    if item is not None and item.revealed:
        results = selectors.item_results(item, for_staff=False, language=participant.language)
    return state, results


def _group_of(item_id: int, participant: Participant, language: str) -> dict | None:
    group = (
        BreakoutGroup.objects.filter(item_id=item_id, members=participant)
        .select_related("item")
        .prefetch_related("members")
        .first()
    )
    return selectors.group_view(group, language=language) if group else None


def _save_notes(participant: Participant, group_id: Any, notes: str, base: int) -> dict[str, Any]:
    group = BreakoutGroup.objects.filter(pk=group_id, item__session=participant.session_id).first()
    if group is None:
        return {"ok": False, "error": {"code": "not_found", "message": _("No such group.")}}
    try:
        saved, group = services.save_notes(
            group=group, notes=notes, base_version=base, participant=participant
        )
    except services.LiveError as refused:
        return {"ok": False, "error": {"code": "forbidden", "message": str(refused)}}
    if saved:
        return {"ok": True, "group": group.pk, "version": group.notes_version}
    return {
        "ok": False,
        "error": {"code": "conflict", "message": _("Someone saved first: here are their notes.")},
        "group": group.pk,
        "notes": group.notes,
        "version": group.notes_version,
    }


class ParticipantConsumer(fanout.DirectConsumer):
    """One participant's phone."""

    session: LiveSession | None = None
    participant: Participant | None = None

    async def connect(self) -> None:
        realtime.bind_loop()
        code = str(self.scope["url_route"]["kwargs"]["code"]).upper()
        self.code = code
        self.my_votes: dict[int, dict[str, Any]] = {}
        self.group_id: int | None = None
        self.language = "en"
        await self.accept()
        self.session = await database_sync_to_async(_session_by_code)(code)
        if self.session is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        http_session = self.scope.get("session")
        known = http_session.get("live_participants", {}) if http_session is not None else {}
        pid = known.get(code) if isinstance(known, dict) else None
        if pid is not None:
            participant = await database_sync_to_async(_participant)(self.session, pid)
            if participant is not None:
                await self._authenticated(participant)

    async def _authenticated(self, participant: Participant) -> None:
        assert self.session is not None
        self.participant = participant
        self.language = (participant.language or "en").split("-")[0]
        self.bucket = bucket_for(participant.pk)
        self.my_votes = await database_sync_to_async(_my_votes)(participant)
        await fanout.join_group(self, realtime.group_name(self.session.pk))

    async def disconnect(self, code: int) -> None:
        if self.participant is not None and self.session is not None:
            await fanout.leave_group(self, realtime.group_name(self.session.pk))

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        message_type = content.get("type")
        if self.participant is None:
            token = content.get("token") if message_type == "hello" else None
            participant = None
            if isinstance(token, str) and self.session is not None:
                participant = await database_sync_to_async(services.participant_for_token)(
                    session=self.session, token=token
                )
            if participant is None:
                await self.close(code=CLOSE_FORBIDDEN)
                return
            await self._authenticated(participant)
        if message_type == "vote" and self.bucket.take():
            await self._vote(content)  # the common case: no language switch unless refused
            return
        with override(self.language):  # messages to the participant in their language
            await self._handle(message_type, content)

    async def _handle(self, message_type: Any, content: dict[str, Any]) -> None:
        if (
            message_type == "vote" or not self.bucket.take()
        ):  # a vote here was refused by the bucket
            await self._throttled(content)
            return
        if message_type == "hello":
            await self._send_full_state()
        elif message_type == "ping":
            await self.send_json({"type": "pong"})
        elif message_type == "vote":
            await self._vote(content)
        elif message_type == "notes":
            await self._notes(content)
        else:
            await self.send_json(
                {"type": "error", "error": {"code": "unknown", "message": _("Unknown message.")}}
            )

    async def _throttled(self, content: dict[str, Any]) -> None:
        error = {"code": "throttled", "message": _("Too many messages: wait a moment.")}
        if content.get("type") in {"vote", "notes"}:
            await self.send_json(
                {"type": "ack", "id": content.get("id"), "ok": False, "error": error}
            )
        else:
            await self.send_json({"type": "error", "error": error})

    async def _send_full_state(self) -> None:
        assert self.participant is not None
        assert self.session is not None
        state, results = await database_sync_to_async(_full_state)(
            self.session.pk, self.participant
        )
        item = state.get("item")
        self.group_id = item["group"]["id"] if item and item.get("group") else None
        await self.send_json(state)
        if results is not None:
            await self.send_json({"type": "results", "item": results["item"], "results": results})

    async def _vote(self, content: dict[str, Any]) -> None:
        assert self.participant is not None
        client_id = content.get("id")
        item_id = content.get("item")
        if not isinstance(item_id, int) or isinstance(item_id, bool):
            await self._refuse(
                client_id, None, "invalid", gettext_noop("Say which item the answer is for.")
            )
            return
        vote = services.VoteIn(
            item_id=item_id,
            participant_id=self.participant.pk,
            value=content.get("value"),
            text=str(content.get("text") or ""),
            client_id=str(client_id or ""),
        )
        try:
            outcome = await batcher().submit(vote)
        except Exception:
            await self._refuse(
                client_id,
                None,
                "error",
                gettext_noop("The answer could not be stored: send it again."),
            )
            return
        if not outcome.ok:
            # The batch is stored in the server's language; say it in the participant's own.
            await self._refuse(client_id, item_id, outcome.code, outcome.message)
            return
        self.my_votes[item_id] = {"value": outcome.value, "text": vote.text, "score": outcome.score}
        await self.send_json(
            {
                "type": "ack",
                "id": client_id,
                "ok": True,
                "item": item_id,
                "version": outcome.tally_version,
            }
        )

    async def _refuse(self, client_id: Any, item_id: int | None, code: str, message: str) -> None:
        """Answer a vote that was not stored, saying why in the participant's language."""
        with override(self.language):
            error = {"code": code, "message": _(message)}
        ack: dict[str, Any] = {"type": "ack", "id": client_id, "ok": False, "error": error}
        if item_id is not None:
            ack["item"] = item_id
        await self.send_json(ack)

    async def _notes(self, content: dict[str, Any]) -> None:
        assert self.participant is not None
        base = content.get("base_version")
        notes = content.get("notes")
        if not isinstance(base, int) or not isinstance(notes, str):
            error = {
                "code": "invalid",
                "message": _("Send the notes and the version they start from."),
            }
            await self.send_json(
                {"type": "ack", "id": content.get("id"), "ok": False, "error": error}
            )
            return
        answer = await database_sync_to_async(_save_notes)(
            self.participant, content.get("group"), notes, base
        )
        await self.send_json({"type": "ack", "id": content.get("id"), **answer})

    # --- Pushed from realtime ---

    async def live_state(self, event: dict[str, Any]) -> None:
        states = event["states"]
        state = states.get(self.language) or states["en"]
        item = state.get("item")
        group = None
        if item is not None and kinds.get(item["kind"]).groups and self.participant is not None:
            group = await database_sync_to_async(_group_of)(
                item["id"], self.participant, self.language
            )
        self.group_id = group["id"] if group else None
        mine = self.my_votes.get(item["id"]) if item is not None else None
        await self.send_json(selectors.own_part(state, vote=mine, group=group))

    async def live_results(self, event: dict[str, Any]) -> None:
        texts = event["texts"]
        await self.send(text_data=texts.get(self.language) or texts["en"])

    async def live_notes(self, event: dict[str, Any]) -> None:
        if event["group"] == self.group_id:
            await self.send_json(
                {
                    "type": "notes",
                    "group": event["group"],
                    "notes": event["notes"],
                    "version": event["version"],
                }
            )

    async def live_staff(self, event: dict[str, Any]) -> None:
        """Staff-only messages never reach participants' sockets (they are not in that group)."""


def _staff_view(user: Any, code: str) -> tuple[LiveSession, dict, dict, dict | None] | None:
    session = _session_by_code(code)
    if session is None:
        return None
    try:
        get_initiative_for(user, session.initiative.slug)
    except (Http404, PermissionDenied):
        return None
    state = selectors.shared_state(session)
    item = session.current_item
    results = selectors.item_results(item, for_staff=True) if item is not None else None
    return session, selectors.staff_state(session), state, results


def _still_allowed(user: Any, code: str, session_key: str | None) -> bool:
    """Return whether a staff screen may keep watching: still on the team, still signed in."""
    return session_exists(session_key) and _staff_view(user, code) is not None


class StaffConsumer(fanout.DirectConsumer):
    """The presenter's projector and the facilitator's controls.

    Access is checked when the socket connects, on ``hello``, and again whenever the person's
    membership changes or their sign-ins are ended (``realtime.recheck_access``): a screen
    that may no longer watch is closed with 4403 and gets no more of the feed.
    """

    session_id: int | None = None
    user_id: int | None = None

    async def connect(self) -> None:
        realtime.bind_loop()
        await self.accept()
        user = self.scope.get("user")
        code = str(self.scope["url_route"]["kwargs"]["code"])
        found = None
        if user is not None and user.is_authenticated:
            found = await database_sync_to_async(_staff_view)(user, code)
        if found is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        session, staff, state, results = found
        self.session_id = session.pk
        self.code = code.upper()
        self.user_id = user.pk
        await fanout.join_group(self, realtime.user_group(user.pk))
        await fanout.join_group(self, realtime.staff_group(session.pk))
        await self.send_json(staff)
        await self.send_json(state)
        if results is not None:
            await self.send_json({"type": "results", "item": results["item"], "results": results})

    async def disconnect(self, code: int) -> None:
        if self.session_id is not None:
            await fanout.leave_group(self, realtime.staff_group(self.session_id))
        if self.user_id is not None:
            await fanout.leave_group(self, realtime.user_group(self.user_id))

    async def live_recheck(self, event: dict[str, Any]) -> None:
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        allowed = await database_sync_to_async(_still_allowed)(
            self.scope.get("user"), self.code, key
        )
        if not allowed:
            await self.disconnect(CLOSE_FORBIDDEN)  # out of the groups before the next push
            self.session_id = self.user_id = None
            await self.close(code=CLOSE_FORBIDDEN)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        message_type = content.get("type") if isinstance(content, dict) else None
        if message_type == "ping":
            await self.send_json({"type": "pong"})
        elif message_type == "hello":
            user = self.scope.get("user")
            found = await database_sync_to_async(_staff_view)(user, self.code)
            if found is None:
                await self.close(code=CLOSE_FORBIDDEN)
                return
            _session, staff, state, results = found
            await self.send_json(staff)
            await self.send_json(state)
            if results is not None:
                await self.send_json(
                    {"type": "results", "item": results["item"], "results": results}
                )

    async def live_staff(self, event: dict[str, Any]) -> None:
        await self.send_json(event["state"])
        await self.send_json(event["room"])

    async def live_results(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["texts"]["en"])

    async def live_notes(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {
                "type": "notes",
                "group": event["group"],
                "notes": event["notes"],
                "version": event["version"],
            }
        )
