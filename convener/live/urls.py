"""The live app's initiative routes (mounted under /i/<slug>/live/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "live"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
