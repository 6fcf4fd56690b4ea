"""URL routes for the collect pages (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.measuring.views import collect

urlpatterns: list[URLPattern] = [
    path("", collect.rounds, name="rounds"),
    path("rounds/new/", collect.round_create, name="round_create"),
    path("rounds/<int:round_id>/", collect.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/paper/", collect.paper_entry, name="paper_entry"),
    path("custom-rows/new/", collect.custom_row_create, name="custom_row_create"),
]
route_access: dict[str, RouteAccess] = {
    "rounds": {"GET": "viewer"},
    "round_create": {"GET": "convener", "POST": "convener"},
    "round_detail": {"GET": "viewer", "POST": "convener"},
    "paper_entry": {"GET": "member", "POST": "member"},
    "custom_row_create": {"GET": "member", "POST": "member"},
}
