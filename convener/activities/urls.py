"""The activities app's routes: activities and attendance, the ladder, and connections."""

from convener.activities import events_urls, ladder_urls, network_urls
from convener.core.routes import RouteAccess

app_name = "activities"

_areas = (events_urls, ladder_urls, network_urls)
urlpatterns = [pattern for area in _areas for pattern in area.urlpatterns]
route_access: dict[str, RouteAccess] = {
    k: v for area in _areas for k, v in area.route_access.items()
}
