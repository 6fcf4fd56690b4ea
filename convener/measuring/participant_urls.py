"""Respondent pages, reached by personal link or QR code, without an account."""

from django.urls import URLPattern, path

from convener.core.routes import PARTICIPANT, RouteAccess
from convener.measuring.views import respond

app_name = "respond"

# Fixed paths come first: a personal token can never be "respond", "save", ... (too short).
urlpatterns: list[URLPattern] = [
    path("respond/", respond.respond, name="respond"),
    path("respond/save/", respond.save, name="save"),
    path("respond/submit/", respond.submit, name="submit"),
    path("respond/thanks/", respond.thanks, name="thanks"),
    path("room/<str:token>/", respond.room, name="room"),
    path("<str:token>/", respond.link, name="link"),
]
route_access: dict[str, RouteAccess] = {
    name: PARTICIPANT for name in ("respond", "save", "submit", "thanks", "room", "link")
}
