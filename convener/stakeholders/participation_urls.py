"""URL routes for the participation pages (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.stakeholders.views import circles as circle_views
from convener.stakeholders.views import participation as views

urlpatterns: list[URLPattern] = [
    path("circles/", circle_views.circles, name="circles"),
    path(
        "circles/<int:stakeholder_id>/",
        circle_views.circle_update,
        name="circle_update",
    ),
    path("participation/", views.dashboard, name="dashboard"),
    path("participation/targets/", views.targets, name="targets"),
]
route_access: dict[str, RouteAccess] = {
    "circles": {"GET": "viewer"},
    "circle_update": {"POST": "member"},
    "dashboard": {"GET": "viewer"},
    "targets": {"GET": "convener", "POST": "convener"},
}
