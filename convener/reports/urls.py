"""The reports app's initiative routes (mounted under /i/<slug>/reports/)."""

from django.urls import path

from convener.core.routes import RouteAccess
from convener.reports.views import engagement, reports

app_name = "reports"

urlpatterns = [
    path("", reports.report_form, name="form"),
    path("view", reports.report_view, name="view"),
    path("pdf/", reports.report_pdf, name="pdf"),
    path("pdf/<int:render_id>/", reports.render_status, name="render"),
    path("pdf/<int:render_id>/report.pdf", reports.render_download, name="download"),
    path("engagement/", engagement.engagement, name="engagement"),
    path("engagement/print/", engagement.engagement_print, name="engagement_print"),
    path("engagement/pdf/", engagement.engagement_pdf, name="engagement_pdf"),
    path("engagement/docx/", engagement.engagement_docx, name="engagement_docx"),
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
