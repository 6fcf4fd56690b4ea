"""URL routes for the results pages (see urls.py, which merges the areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.measuring.views import results as views

urlpatterns: list[URLPattern] = [
    path("rounds/<int:round_id>/results/", views.results, name="results"),
    path("rounds/<int:round_id>/print/", views.results_print, name="results_print"),
    path("rounds/<int:round_id>/export/", views.results_export, name="results_export"),
    path("compare/", views.compare, name="compare"),
    path("summary/", views.habit_summary, name="habit_summary"),
    path("indicators/", views.indicators, name="indicators"),
]
route_access: dict[str, RouteAccess] = {
    "results": {"GET": "viewer"},
    "results_print": {"GET": "viewer"},
    "results_export": {"GET": "viewer"},
    "compare": {"GET": "viewer"},
    "habit_summary": {"GET": "viewer"},
    "indicators": {"GET": "viewer", "POST": "member"},
}
