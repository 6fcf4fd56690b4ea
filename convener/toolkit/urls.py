"""The toolkit app's initiative routes (mounted under /i/<slug>/toolkit/), merged from areas."""

from convener.core.routes import RouteAccess
from convener.toolkit import recommend_urls, worksheet_urls

app_name = "toolkit"

_areas = (worksheet_urls, recommend_urls)
urlpatterns = [pattern for area in _areas for pattern in area.urlpatterns]
route_access: dict[str, RouteAccess] = {
    k: v for area in _areas for k, v in area.route_access.items()
}
