"""Participant routes for live sessions: joining by code, no account needed (mounted at /live/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "join"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
