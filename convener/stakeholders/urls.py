"""The stakeholders app's routes: the registry, import/export, and participation analytics."""

from convener.core.routes import RouteAccess
from convener.stakeholders import participation_urls, registry_urls, transfer_urls

app_name = "stakeholders"

_areas = (registry_urls, transfer_urls, participation_urls)
urlpatterns = [pattern for area in _areas for pattern in area.urlpatterns]
route_access: dict[str, RouteAccess] = {
    k: v for area in _areas for k, v in area.route_access.items()
}
