"""The archive app's initiative routes (mounted under /i/<slug>/archive/)."""

from django.urls import path

from convener.archive.views import export_import
from convener.core.routes import RouteAccess

app_name = "archive"

urlpatterns = [
    path("export/", export_import.export_view, name="export"),
    path("import/", export_import.import_view, name="import"),
    path("import/<int:import_id>/", export_import.import_status, name="import_status"),
]
route_access: dict[str, RouteAccess] = {
    "export": {"GET": "owner", "POST": "owner"},
    "import": {"GET": "owner", "POST": "owner"},
    "import_status": {"GET": "owner"},
}
