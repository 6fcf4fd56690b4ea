"""URL routes for the collect pages (see urls.py, which merges the areas)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
