"""The reports part of the JSON API."""

from ninja import Router

from convener.core.routes import RouteAccess
from convener.reports.api import engagement, report

_areas = (report, engagement)

router = Router(tags=["reports"])
for _area in _areas:
    router.add_router("", _area.router)

api_access: dict[str, RouteAccess] = {k: v for a in _areas for k, v in a.api_access.items()}
api_sample_bodies: dict[str, dict[str, object]] = {
    k: v for a in _areas for k, v in a.api_sample_bodies.items()
}
