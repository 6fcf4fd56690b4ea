"""Where the live path departs from stock Channels, and why (docs/architecture.md).

The live path is plain Channels: a consumer per socket with a channel of its own, groups in
the channel layer, a push is one ``group_send``. Two stock behaviours cost more than a room of
a thousand phones can pay, measured in docs/benchmarks.md ("Live sessions on standard
Channels"); each is replaced here and nowhere else.

1. ``SweptInMemoryChannelLayer`` (the embedded default's layer). Channels' in-memory layer
   looks through every waiting message and every group membership for expired ones on *each*
   ``receive`` and ``group_send``: a push to N sockets is N receives walking N entries each.
   Messages expire after a minute and memberships after a day, so one sweep a second keeps
   the layer's behaviour and makes a push linear in the room's size.
2. ``WithoutConnectionHop`` (both consumers). Channels' ``AsyncConsumer.dispatch`` runs
   ``close_old_connections`` on the one shared database thread before every frame and every
   group message, so a push to N sockets queues behind N thread switches. Every database call
   of these consumers goes through ``database_sync_to_async``, which closes stale
   connections itself, before and after.
"""

from __future__ import annotations

import time
from typing import Any

from channels.consumer import get_handler_name
from channels.layers import InMemoryChannelLayer

SWEEP_EVERY = 1.0  # seconds between two sweeps for expired messages and memberships


class SweptInMemoryChannelLayer(InMemoryChannelLayer):
    """Channels' ``InMemoryChannelLayer``, sweeping for expired entries at most every second."""

    def __init__(self, *, sweep_every: float = SWEEP_EVERY, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sweep_every = sweep_every
        self.sweeps = 0  # how many sweeps ran (for tests)
        self._swept = float("-inf")

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept < self.sweep_every:
            return
        self._swept = now
        self.sweeps += 1
        super()._clean_expired()  # type: ignore[no-untyped-call]


class WithoutConnectionHop:
    """Hand each message to its handler without the per-message database-thread hop."""

    async def dispatch(self, message: dict[str, Any]) -> None:
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)
