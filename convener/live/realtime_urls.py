"""Fallback routes for phones without a WebSocket; merged into participant_urls (app "join")."""

from django.urls import URLPattern, path

from convener.core.routes import PARTICIPANT, RouteAccess
from convener.live.views import realtime

urlpatterns: list[URLPattern] = [
    path("<str:code>/poll", realtime.poll, name="poll"),
    path("<str:code>/vote", realtime.vote, name="vote"),
]
route_access: dict[str, RouteAccess] = {"poll": PARTICIPANT, "vote": PARTICIPANT}
