"""The invitation reply pages, reached by a personal link from an e-mail, without an account."""

from django.urls import URLPattern, path

from convener.activities.views import reply
from convener.core.routes import PARTICIPANT, RouteAccess

app_name = "reply"

# The fixed path first: a reply secret (43 characters) can never be empty.
urlpatterns: list[URLPattern] = [
    path("", reply.reply_page, name="page"),
    path("<str:token>/", reply.reply_link, name="link"),
]
route_access: dict[str, RouteAccess] = {"page": PARTICIPANT, "link": PARTICIPANT}
