"""The ASGI application the live benchmark serves: Convener's, plus a bare echo socket.

``/ws/echo/`` is an empty Channels consumer that sends back what it receives: the baseline a
vote's round trip is compared with (same server, same socket library, no database).
"""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from convener.asgi import application as convener_application

ECHO_PATH = "/ws/echo/"


class EchoConsumer(AsyncWebsocketConsumer):
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data=text_data, bytes_data=bytes_data)


_echo = EchoConsumer.as_asgi()


def with_echo(inner: Any) -> Any:
    """Return ``inner`` with the echo socket added at ECHO_PATH."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "websocket" and scope["path"] == ECHO_PATH:
            await _echo(scope, receive, send)
        else:
            await inner(scope, receive, send)

    return app


application = with_echo(convener_application)
