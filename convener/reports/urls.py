"""The reports app's initiative routes (mounted under /i/<slug>/reports/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "reports"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
