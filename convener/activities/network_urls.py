"""URL routes for the Web of Connections (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.activities.views import network as views
from convener.core.routes import RouteAccess

urlpatterns: list[URLPattern] = [
    path("network/", views.network_view, name="network"),
    path("network/relationships/new/", views.relationship_create, name="relationship_create"),
    path(
        "network/relationships/<int:relationship_id>/edit/",
        views.relationship_edit,
        name="relationship_edit",
    ),
    path(
        "network/relationships/<int:relationship_id>/delete/",
        views.relationship_delete,
        name="relationship_delete",
    ),
]
route_access: dict[str, RouteAccess] = {
    "network": {"GET": "viewer"},
    "relationship_create": {"GET": "member", "POST": "member"},
    "relationship_edit": {"GET": "member", "POST": "member"},
    "relationship_delete": {"GET": "member", "POST": "member"},
}
