"""URL routes for the transfer pages (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.stakeholders.views import transfer as views

urlpatterns: list[URLPattern] = [
    path("import/", views.import_upload, name="import"),
    path("import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("import/<int:batch_id>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:batch_id>/discard/", views.import_discard, name="import_discard"),
    path("import/<int:batch_id>/status/", views.import_status, name="import_status"),
    path("export/", views.export, name="export"),
]
route_access: dict[str, RouteAccess] = {
    "import": {"GET": "member", "POST": "member"},
    "import_preview": {"GET": "member", "POST": "member"},
    "import_commit": {"POST": "member"},
    "import_discard": {"POST": "member"},
    "import_status": {"GET": "member"},
    "export": {"GET": "viewer"},  # viewers' exports leave out e-mail and phone
}
