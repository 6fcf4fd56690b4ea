"""Participant routes for live sessions: joining by code, no account needed (mounted at /live/)."""

from django.urls import URLPattern, path

from convener.core.routes import PARTICIPANT, RouteAccess
from convener.live import realtime_urls
from convener.live.views import join, series_join

app_name = "join"

urlpatterns: list[URLPattern] = [
    path("", join.start, name="start"),
    path("series/<str:token>/", series_join.series_link, name="series_link"),
    path("<str:code>/", join.session_page, name="session"),
    path("<str:code>/current/", join.current, name="current"),
    path("<str:code>/answer/", join.answer, name="answer"),
    path("<str:code>/notes/", join.notes, name="notes"),
    path("<str:code>/growth/", series_join.growth, name="growth"),
]
route_access: dict[str, RouteAccess] = {
    name: PARTICIPANT
    for name in ("start", "session", "current", "answer", "notes", "growth", "series_link")
}

# The socket fallback (short polling and a plain vote POST) lives beside the consumers.
urlpatterns += realtime_urls.urlpatterns
route_access.update(realtime_urls.route_access)
