"""Owner routes for the audit log and for ending a member's sessions."""

from django.urls import path

from convener.core.routes import RouteAccess
from convener.initiatives.views import audit

urlpatterns = [
    path("i/<slug:slug>/audit/", audit.audit_log, name="audit"),
    path(
        "i/<slug:slug>/team/<int:member_id>/sessions/",
        audit.member_sessions,
        name="member_sessions",
    ),
]

route_access: dict[str, RouteAccess] = {
    "audit": {"GET": "owner"},
    "member_sessions": {"GET": "owner", "POST": "owner"},
}
