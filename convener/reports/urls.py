"""The reports app's initiative routes (mounted under /i/<slug>/reports/)."""

from django.urls import path

from convener.core.routes import RouteAccess
from convener.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_form, name="form"),
    path("view", views.report_view, name="view"),
    path("pdf/", views.report_pdf, name="pdf"),
    path("pdf/<int:render_id>/", views.render_status, name="render"),
    path("pdf/<int:render_id>/report.pdf", views.render_download, name="download"),
]
route_access: dict[str, RouteAccess] = {
    "form": {"GET": "viewer"},
    "view": {"GET": "viewer"},
    "pdf": {"GET": "viewer", "POST": "viewer"},
    "render": {"GET": "viewer"},
    "download": {"GET": "viewer"},
}
