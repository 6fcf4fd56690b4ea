"""Participant routes for proposals: stakeholders take a position through a personal link (mounted at /p/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "positions"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
