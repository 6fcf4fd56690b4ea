"""WebSocket routes for live sessions (wired into convener/asgi.py)."""

from django.urls import URLPattern, re_path

from convener.live.consumers import ParticipantConsumer, StaffConsumer

websocket_urlpatterns: list[URLPattern] = [
    re_path(r"^ws/live/(?P<code>[A-Za-z0-9]{6})/staff/$", StaffConsumer.as_asgi()),
    re_path(r"^ws/live/(?P<code>[A-Za-z0-9]{6})/$", ParticipantConsumer.as_asgi()),
]
