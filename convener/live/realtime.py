"""Server push for live sessions: state after facilitator actions, results after votes.

Everything is sent after commit. Results pushes are coalesced per item in this process, paced
by ``pacing``: a burst of a thousand votes becomes a handful of pushes, each with the tallies
as they are when it leaves. The staff group gets results always; the participants'
group only once the item's results are revealed.

Callable from sync code (views, services): when this process serves sockets, the push is
handed to the event loop the consumers run on; otherwise (tests, management commands) it is
sent at once through ``async_to_sync``.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import connection, transaction

from convener.live import fanout, pacing, selectors, signals
from convener.live.models import BreakoutGroup, Item, LiveSession

logger = logging.getLogger(__name__)

_loop: asyncio.AbstractEventLoop | None = None
# The pacing rules decide when a results push leaves; the clock tells them the time and runs
# the timers (tests put a manual clock here instead of sleeping).
pacer = pacing.ResultsPacer()
clock: pacing.Clock = pacing.LoopClock()
# item id → the timer of its scheduled push, or True while one is being sent
_scheduled: dict[int, pacing.Timer | bool] = {}


def votes_waiting(change: int) -> None:
    """Count votes handed to the batcher and not yet answered (called on the serving loop)."""
    pacer.votes_changed(change, clock.now())


_tasks: set[asyncio.Task[Any]] = set()


def _keep(task: asyncio.Task[Any]) -> None:
    """Hold a reference to a fire-and-forget task until it is done (asyncio keeps only weak)."""
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def group_name(session_id: int) -> str:
    """Return the channel group of everyone in a session (participants and staff)."""
    return f"live.{session_id}"


def staff_group(session_id: int) -> str:
    """Return the channel group of the presenter and facilitator screens of a session."""
    return f"live.{session_id}.staff"


def user_group(user_id: int) -> str:
    """Return the channel group of one signed-in person's staff screens, across sessions."""
    return f"live.user.{user_id}"


def recheck_access(user_id: int) -> None:
    """After commit, have ``user_id``'s staff screens check again that they may still watch.

    Sent when a membership changes or goes and when someone's sign-ins are ended: a screen
    that may no longer watch is closed, so it stops receiving the session's feed.
    """

    async def go() -> None:
        # A fresh context: the check runs database work, and the context copied from the
        # sync thread that committed would make asgiref refuse it as a deadlock.
        await asyncio.get_running_loop().create_task(
            _group_send(user_group(user_id), {"type": "live.recheck"}),
            context=contextvars.Context(),
        )

    transaction.on_commit(lambda: _dispatch(go))


def bind_loop() -> None:
    """Remember the event loop the consumers run on (called when a socket connects)."""
    global _loop
    loop = asyncio.get_running_loop()
    if loop is not _loop:
        # A new loop (a server restarted in this process, as tests do): pushes scheduled on
        # the old one will never run, so their bookkeeping must not hold new ones back.
        _scheduled.clear()
        pacer.forget()
    _loop = loop


def _serving_loop() -> asyncio.AbstractEventLoop | None:
    loop = _loop
    if loop is None or loop.is_closed() or not loop.is_running():
        return None
    return loop


def _run_now(coro_factory: Any) -> None:
    """Run the coroutine made by ``coro_factory`` to completion from synchronous code."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(coro_factory)()
        return
    # Synchronous code called on a thread that runs some other event loop (a browser driver in
    # tests, a notebook): async_to_sync refuses to run there, so send from a helper thread.
    worker = threading.Thread(target=lambda: async_to_sync(coro_factory)(), daemon=True)
    worker.start()
    worker.join()


def _dispatch(coro_factory: Any) -> None:
    """Run the coroutine made by ``coro_factory`` on the serving loop, or right now."""
    loop = _serving_loop()
    if loop is not None:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            _keep(loop.create_task(coro_factory()))
        else:
            asyncio.run_coroutine_threadsafe(coro_factory(), loop)
        return
    _run_now(coro_factory)


async def _group_send(group: str, message: dict[str, Any]) -> None:
    if fanout.local_fanout() and _serving_loop() is None:
        return  # one process and it serves no socket: nobody to tell
    await fanout.group_send(group, message)


def _languages(session: LiveSession) -> list[str]:
    found = set(session.participants.values_list("language", flat=True).distinct())
    return sorted({"en"} | {code.split("-")[0] for code in found if code})


# --- State ---


def state_message(session: LiveSession) -> dict[str, Any]:
    """Return the group message carrying the shared state in every language of the room."""
    return {
        "type": "live.state",
        "version": session.state_version,
        "states": {
            lang: selectors.shared_state(session, language=lang) for lang in _languages(session)
        },
    }


def push_state(session: LiveSession) -> None:
    """After commit, send the new state to the room and the staff screens."""

    def send() -> None:
        fresh = LiveSession.objects.select_related("current_item", "initiative").get(pk=session.pk)
        message = state_message(fresh)
        staff = {
            "type": "live.staff",
            "state": selectors.staff_state(fresh),
            "room": message["states"]["en"],
        }

        async def go() -> None:
            await _group_send(group_name(fresh.pk), message)
            await _group_send(staff_group(fresh.pk), staff)

        _dispatch(go)
        signals.state_changed.send(sender=LiveSession, session=fresh)

    transaction.on_commit(send)


# --- Results ---


def results_messages(item: Item) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Return the staff message and, when revealed, the participants' one (by language)."""
    # Encoded once here, sent as is to every socket: no per-phone JSON work.
    staff = {"type": "live.results", "item": item.pk, "texts": {"en": _results_text(item, True)}}
    if not item.revealed:
        return staff, None
    room = {
        "type": "live.results",
        "item": item.pk,
        "texts": {lang: _results_text(item, False, lang) for lang in _languages(item.session)},
    }
    return staff, room


def _results_text(item: Item, for_staff: bool, language: str = "en") -> str:
    results = selectors.item_results(item, for_staff=for_staff, language=language)
    return json.dumps({"type": "results", "item": item.pk, "results": results}, default=str)


def _load_messages(item_id: int) -> tuple[int, dict[str, Any], dict[str, Any] | None] | None:
    item = Item.objects.select_related("session__initiative").filter(pk=item_id).first()
    if item is None:
        return None
    staff, room = results_messages(item)
    return item.session_id, staff, room


async def _load_on_loop(item_id: int) -> tuple[int, dict[str, Any], dict[str, Any] | None] | None:
    # Not the thread the vote batches are written on (a read never waits for that writer),
    # except for SQLite in memory (tests), which locks whole tables between connections:
    # there the shared thread is used.
    return await database_sync_to_async(
        _load_messages, thread_sensitive=connection.vendor == "sqlite"
    )(item_id)


def _start_flush(item_id: int) -> None:
    _keep(asyncio.get_running_loop().create_task(_flush(item_id)))


async def _flush(item_id: int) -> None:
    delay = pacer.hold_back(item_id, clock.now())
    if delay is not None:  # votes still coming in: acknowledgements first
        _scheduled[item_id] = clock.call_later(delay, lambda: _start_flush(item_id))
        return
    _scheduled.pop(item_id, None)
    try:
        loaded = await _load_on_loop(item_id)
    except Exception:  # a push that fails must not take the socket layer down
        logger.exception("results push for item %s failed", item_id)
        return
    if loaded is None:
        return
    session_id, staff, room = loaded
    started = clock.now()
    await _group_send(staff_group(session_id), staff)
    if room is not None:
        await _group_send(group_name(session_id), room)
    pacer.took(item_id, clock.now() - started)


def schedule_results(item_id: int) -> None:
    """On the serving loop: push results for ``item_id`` now, or once the interval has passed."""
    if item_id in _scheduled:
        return  # a push is already on its way and will carry these tallies too
    wait = pacer.wait_before_push(item_id, clock.now())
    if wait <= 0:
        _scheduled[item_id] = True
        _start_flush(item_id)
    else:
        _scheduled[item_id] = clock.call_later(wait, lambda: _start_flush(item_id))


def push_results(item: Item) -> None:
    """Push ``item``'s results (coalesced); call after commit."""
    loop = _serving_loop()
    if loop is not None:
        # A fresh context: the caller's one marks asgiref's database thread as busy, and a
        # task inheriting it could not hand work back to that thread.
        loop.call_soon_threadsafe(schedule_results, item.pk, context=contextvars.Context())
        return
    # No socket served by this process: nobody to coalesce for; send now if anyone listens.
    loaded = _load_messages(item.pk)
    if loaded is None:
        return
    session_id, staff, room = loaded

    async def go() -> None:
        await _group_send(staff_group(session_id), staff)
        if room is not None:
            await _group_send(group_name(session_id), room)

    _run_now(go)


# --- Breakout notes ---


def push_notes(group: BreakoutGroup) -> None:
    """Send a group's saved notes to the room and the staff screens."""
    message = {
        "type": "live.notes",
        "group": group.pk,
        "notes": group.notes,
        "version": group.notes_version,
    }
    session_id = (
        BreakoutGroup.objects.filter(pk=group.pk).values_list("item__session_id", flat=True).first()
    )
    if session_id is None:
        return

    async def go() -> None:
        await _group_send(group_name(session_id), message)
        await _group_send(staff_group(session_id), message)

    _dispatch(go)
