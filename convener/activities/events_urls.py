"""URL routes for the activities area (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.activities.views import attendance as attendance_views
from convener.activities.views import attendance_import as import_views
from convener.activities.views import calendar as calendar_views
from convener.activities.views import events as views
from convener.activities.views import invitations as invitation_views
from convener.activities.views import participation as participation_views
from convener.core.routes import RouteAccess

urlpatterns: list[URLPattern] = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("keep-inviting/", participation_views.keep_inviting, name="keep_inviting"),
    path(
        "participation-trend/", participation_views.participation_trend, name="participation_trend"
    ),
    path("quadrants/", participation_views.quadrant_view, name="quadrants"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/edit/", views.activity_edit, name="edit"),
    path("<int:activity_id>/delete/", views.activity_delete, name="delete"),
    path("<int:activity_id>/invite/", attendance_views.activity_invite, name="invite"),
    path("<int:activity_id>/check-in/", attendance_views.activity_checkin, name="checkin"),
    path("<int:activity_id>/roles/", attendance_views.activity_roles, name="roles"),
    path(
        "<int:activity_id>/invitations/send/",
        invitation_views.send_invitations,
        name="send_invitations",
    ),
    path(
        "<int:activity_id>/invitations/update/",
        invitation_views.send_updates,
        name="send_updates",
    ),
    path("<int:activity_id>/cancel/", invitation_views.cancel_activity, name="cancel"),
    path(
        "<int:activity_id>/calendar.ics",
        calendar_views.activity_calendar_file,
        name="calendar",
    ),
    path(
        "<int:activity_id>/attendance/import/",
        import_views.attendance_upload,
        name="attendance_upload",
    ),
    path(
        "<int:activity_id>/attendance/import/<int:upload_id>/",
        import_views.attendance_review,
        name="attendance_review",
    ),
    path(
        "<int:activity_id>/participation/",
        participation_views.activity_participation,
        name="participation",
    ),
]
route_access: dict[str, RouteAccess] = {
    "list": {"GET": "viewer"},
    "create": {"GET": "member", "POST": "member"},
    "keep_inviting": {"GET": "viewer"},
    "participation_trend": {"GET": "viewer"},
    "quadrants": {"GET": "viewer"},
    "detail": {"GET": "viewer"},
    "edit": {"GET": "member", "POST": "member"},
    "delete": {"GET": "convener", "POST": "convener"},
    "invite": {"GET": "member", "POST": "member"},
    "checkin": {"GET": "member", "POST": "member"},
    "roles": {"POST": "member"},
    "calendar": {"GET": "viewer"},
    "send_invitations": {"POST": "member"},
    "send_updates": {"POST": "member"},
    "cancel": {"GET": "member", "POST": "member"},
    "attendance_upload": {"GET": "member", "POST": "member"},
    "attendance_review": {"GET": "member", "POST": "member"},
    "participation": {"GET": "viewer"},
}
