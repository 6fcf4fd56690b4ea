"""Respondent pages, reached by personal link or QR code, without an account."""

from django.urls import URLPattern

from convener.core.routes import RouteAccess

app_name = "respond"

urlpatterns: list[URLPattern] = []
route_access: dict[str, RouteAccess] = {}
