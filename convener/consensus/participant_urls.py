"""Participant routes: stakeholders take a position through a personal link (mounted at /p/)."""

from django.urls import URLPattern, path

from convener.consensus.views import participant
from convener.core.routes import PARTICIPANT, RouteAccess

app_name = "positions"

# The fixed path comes first: a personal token (43 characters) can never be "position".
urlpatterns: list[URLPattern] = [
    path("position/", participant.position, name="position"),
    path("<str:token>/", participant.link, name="link"),
]
route_access: dict[str, RouteAccess] = {"position": PARTICIPANT, "link": PARTICIPANT}
