"""URL routes for the ladder area (see urls.py, which merges the areas)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
