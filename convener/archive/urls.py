"""The archive app's initiative routes (mounted under /i/<slug>/archive/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "archive"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
