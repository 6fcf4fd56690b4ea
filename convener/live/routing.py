"""WebSocket routes for live sessions (wired into convener/asgi.py)."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
