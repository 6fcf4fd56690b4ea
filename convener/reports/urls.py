"""The reports app's initiative routes (mounted under /i/<slug>/reports/)."""

from django.urls import path

from convener.core.routes import RouteAccess
from convener.reports import engagement_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_form, name="form"),
    path("view", views.report_view, name="view"),
    path("pdf/", views.report_pdf, name="pdf"),
    path("pdf/<int:render_id>/", views.render_status, name="render"),
    path("pdf/<int:render_id>/report.pdf", views.render_download, name="download"),
    path("engagement/", engagement_views.engagement, name="engagement"),
    path("engagement/print/", engagement_views.engagement_print, name="engagement_print"),
    path("engagement/pdf/", engagement_views.engagement_pdf, name="engagement_pdf"),
    path("engagement/docx/", engagement_views.engagement_docx, name="engagement_docx"),
]
route_access: dict[str, RouteAccess] = {
    "form": {"GET": "viewer"},
    "view": {"GET": "viewer"},
    "pdf": {"GET": "viewer", "POST": "viewer"},
    "render": {"GET": "viewer"},
    "download": {"GET": "viewer"},
    "engagement": {"GET": "viewer"},
    "engagement_print": {"GET": "viewer"},
    "engagement_pdf": {"GET": "viewer"},
    "engagement_docx": {"GET": "viewer"},
}
