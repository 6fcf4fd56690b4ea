"""The consensus app's initiative routes (mounted under /i/<slug>/consensus/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "consensus"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
