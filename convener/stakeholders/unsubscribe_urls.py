"""The unsubscribe address in e-mails to stakeholders (a signed personal token, no account)."""

from django.urls import path

from convener.core.routes import PARTICIPANT, RouteAccess
from convener.stakeholders.views import unsubscribe

app_name = "unsubscribe"

urlpatterns = [path("<str:token>/", unsubscribe.unsubscribe, name="unsubscribe")]
route_access: dict[str, RouteAccess] = {"unsubscribe": PARTICIPANT}
