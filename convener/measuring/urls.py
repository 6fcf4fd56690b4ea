"""The measuring app's convener-side routes: running rounds, and reading their results."""

from convener.core.routes import RouteAccess
from convener.measuring import collect_urls, results_urls

app_name = "measuring"

_areas = (collect_urls, results_urls)
urlpatterns = [pattern for area in _areas for pattern in area.urlpatterns]
route_access: dict[str, RouteAccess] = {
    k: v for area in _areas for k, v in area.route_access.items()
}
