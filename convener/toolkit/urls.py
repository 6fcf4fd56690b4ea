"""The toolkit app's initiative routes (mounted under /i/<slug>/toolkit/)."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "toolkit"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
