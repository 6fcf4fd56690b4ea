"""The live path's fence: where it departs from standard Channels, and why.

Standard Channels gives every socket a channel of its own in the channel layer and sends a
push to a group as one message per member; each consumer reads its channel beside its socket
(``await_many_dispatch``) and hops to the database thread before every message
(``aclose_old_connections``). Issue 17 built that path and measured it against this one on a
1,000-phone burst (docs/benchmarks.md, "Live sessions on standard Channels"): the server
spent 4-15 times the CPU per vote and results reached the room seconds later, far outside the
targets that this path meets. What it measured, per push to N sockets: N receives that each
sweep the in-memory layer's every channel and membership (quadratic), N database-thread
hops queued on one thread, N deep copies and N tasks, and two tasks per frame per socket.

So, here and nowhere else:

- A group is a set of consumers in this process, and a push calls their handlers directly
  (one task per socket, the message encoded once by ``realtime``). Across processes (the
  Redis layer, ``REDIS_URL``), each process holding members of a group puts one channel of its
  own in the layer's group; a push goes to those few channels through ``group_send``, and each
  process's reader hands it to its own members.
- ``DirectConsumer`` serves a socket without a channel of its own and dispatches each frame
  to its handler without the database-thread hop: every database call of the consumers goes
  through ``database_sync_to_async``, which closes stale connections itself.

Everything else is standard: the consumers are ``AsyncJsonWebsocketConsumer`` subclasses with
one handler per message type (``live.results`` → ``live_results``), database work goes through
``database_sync_to_async``, and the layer is Channels' own (in memory, or channels_redis).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections import defaultdict
from typing import Any

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

_local: dict[str, set[Any]] = defaultdict(set)
_process_channel: str | None = None
_reader: asyncio.Task[None] | None = None


def local_fanout() -> bool:
    """Return whether this process is alone (no cross-process channel layer)."""
    layer = get_channel_layer()
    return layer is None or isinstance(layer, InMemoryChannelLayer)


async def _this_process_channel(layer: Any) -> str:
    """Return this process's channel in the layer, reading it from a task started once."""
    global _process_channel, _reader
    if _process_channel is None:
        _process_channel = await layer.new_channel("live.process.")
    if _reader is None or _reader.done():
        _reader = asyncio.get_running_loop().create_task(
            _read_pushes(layer, _process_channel), context=contextvars.Context()
        )
    return _process_channel


async def _read_pushes(layer: Any, channel: str) -> None:
    """Hand every push that reaches this process to the group's members here."""
    while True:
        try:
            message = await layer.receive(channel)
        except asyncio.CancelledError:
            raise
        except Exception:  # Redis away for a moment: try again rather than go deaf
            logger.exception("reading live-session pushes failed")
            await asyncio.sleep(1)
            continue
        group = message.pop("group", None)
        if isinstance(group, str):
            await _deliver_here(group, message)


async def join_group(consumer: Any, group: str) -> None:
    """Add ``consumer`` to ``group`` (and this process's channel to the layer's group)."""
    _local[group].add(consumer)
    if not local_fanout():
        layer = get_channel_layer()
        # Added again on every join: the layer forgets a group membership after a day.
        await layer.group_add(group, await _this_process_channel(layer))


async def leave_group(consumer: Any, group: str) -> None:
    """Take ``consumer`` out of ``group``; the last one here takes this process out too."""
    members = _local.get(group)
    if members is None:
        return
    members.discard(consumer)
    if members:
        return
    _local.pop(group, None)
    if not local_fanout() and _process_channel is not None:
        await get_channel_layer().group_discard(group, _process_channel)


async def group_send(group: str, message: dict[str, Any]) -> None:
    """Send ``message`` to every member of ``group``: through the layer, or to this process's."""
    if not local_fanout():
        layer = get_channel_layer()
        assert layer is not None
        await layer.group_send(group, {**message, "group": group})
        return
    await _deliver_here(group, message)


async def _deliver_here(group: str, message: dict[str, Any]) -> None:
    handler = message["type"].replace(".", "_")
    # One task per socket: a phone on a slow network then delays only itself.
    outcomes = await asyncio.gather(
        *(getattr(consumer, handler)(message) for consumer in list(_local.get(group, ()))),
        return_exceptions=True,
    )
    for outcome in outcomes:
        if isinstance(outcome, Exception):  # a socket closing under our feet
            logger.debug("push to a closing socket failed: %r", outcome)


class DirectConsumer(AsyncJsonWebsocketConsumer):
    """A Channels JSON WebSocket consumer served without a channel of its own (see above)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Serve the socket without a channel of its own in the channel layer.

        Pushes reach the consumers through this module's groups, which call their handlers
        directly (one channel per process, not per socket). A channel per socket would bring
        nothing and cost twice: the in-memory layer scans every channel whenever one is read
        (quadratic as a room fills up), and channels waits on two tasks for every frame.
        """
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Handle ``message`` without channels' per-message close_old_connections hop.

        That hop runs on the connection's own thread for every frame; here every database
        call already goes through database_sync_to_async, which cleans connections itself,
        and a burst of votes should not cost a thread switch each.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)
