"""URL routes for the ladder area: the engagement ladder and the chronology."""

from django.urls import URLPattern, path

from convener.activities.views import ladder as views
from convener.core.routes import RouteAccess

urlpatterns: list[URLPattern] = [
    path("ladder/", views.ladder_view, name="ladder"),
    path("ladder/<int:stakeholder_id>/", views.person_ladder, name="person_ladder"),
    path("chronology/", views.chronology, name="chronology"),
    path("chronology/export/", views.chronology_export, name="chronology_export"),
    path("chronology/milestones/new/", views.milestone_create, name="milestone_create"),
    path(
        "chronology/milestones/<int:milestone_id>/edit/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "chronology/milestones/<int:milestone_id>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
]
route_access: dict[str, RouteAccess] = {
    "ladder": {"GET": "viewer"},
    "person_ladder": {"GET": "viewer"},
    "chronology": {"GET": "viewer"},
    "chronology_export": {"GET": "viewer"},
    "milestone_create": {"GET": "member", "POST": "member"},
    "milestone_edit": {"GET": "member", "POST": "member"},
    "milestone_delete": {"GET": "convener", "POST": "convener"},
}
