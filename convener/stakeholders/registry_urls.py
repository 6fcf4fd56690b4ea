"""URL routes for the registry pages (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.stakeholders.views import registry as views

urlpatterns: list[URLPattern] = [
    path("", views.stakeholder_list, name="list"),
    path("new/", views.stakeholder_create, name="create"),
    path("bulk/", views.stakeholder_bulk, name="bulk"),
    path("<int:stakeholder_id>/", views.stakeholder_detail, name="detail"),
    path("<int:stakeholder_id>/edit/", views.stakeholder_edit, name="edit"),
    path("<int:stakeholder_id>/delete/", views.stakeholder_delete, name="delete"),
    path("<int:stakeholder_id>/erase/", views.stakeholder_erase, name="erase"),
    path(
        "<int:stakeholder_id>/personal-data/",
        views.stakeholder_export_person,
        name="export_person",
    ),
]
route_access: dict[str, RouteAccess] = {
    "list": {"GET": "viewer"},
    "create": {"GET": "member", "POST": "member"},
    "bulk": {"POST": "member"},
    "detail": {"GET": "viewer"},
    "edit": {"GET": "member", "POST": "member"},
    "delete": {"GET": "convener", "POST": "convener"},
    "erase": {"GET": "owner", "POST": "owner"},
    "export_person": {"POST": "owner"},
}
