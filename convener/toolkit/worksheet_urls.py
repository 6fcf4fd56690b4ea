"""URL routes of the worksheet engine (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.toolkit.views import exports, history, worksheets

urlpatterns: list[URLPattern] = [
    path("", worksheets.home, name="home"),
    path("new/", worksheets.worksheet_create, name="worksheet_create"),
    path("stakeholders.json", worksheets.stakeholder_search, name="stakeholder_search"),
    path("w/<int:worksheet_id>/", worksheets.worksheet, name="worksheet"),
    path("w/<int:worksheet_id>/autosave/", worksheets.autosave, name="autosave"),
    path("w/<int:worksheet_id>/comment/", worksheets.comment, name="comment"),
    path("w/<int:worksheet_id>/feed/", worksheets.feed, name="feed"),
    path("w/<int:worksheet_id>/history/", history.history, name="history"),
    path("w/<int:worksheet_id>/breakout/", history.breakout, name="breakout"),
    path("w/<int:worksheet_id>/merge/", history.merge, name="merge"),
    path("w/<int:worksheet_id>/print/", exports.print_view, name="print"),
    path("w/<int:worksheet_id>/export.pdf", exports.export_pdf, name="export_pdf"),
    path("w/<int:worksheet_id>/export.md", exports.export_markdown, name="export_markdown"),
]
route_access: dict[str, RouteAccess] = {
    "home": {"GET": "viewer"},
    "worksheet_create": {"GET": "member", "POST": "member"},
    "stakeholder_search": {"GET": "member"},
    "worksheet": {"GET": "viewer", "POST": "member"},
    "autosave": {"POST": "member"},
    "comment": {"POST": "member"},
    "feed": {"POST": "member"},
    "history": {"GET": "viewer", "POST": "member"},
    "breakout": {"GET": "member", "POST": "member"},
    "merge": {"POST": "member"},
    "print": {"GET": "viewer"},
    "export_pdf": {"GET": "viewer"},
    "export_markdown": {"GET": "viewer"},
}
