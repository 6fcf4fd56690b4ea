"""The activities part of the JSON API, one router per area."""

from ninja import Router

from convener.activities.api import attendance_import, calendar, events, ladder, network, quadrants
from convener.core.routes import RouteAccess

_areas = (events, ladder, network, quadrants, attendance_import, calendar)

router = Router(tags=["activities"])
for _area in _areas:
    router.add_router("", _area.router)

api_access: dict[str, RouteAccess] = {k: v for a in _areas for k, v in a.api_access.items()}
api_sample_bodies: dict[str, dict[str, object]] = {
    k: v for a in _areas for k, v in a.api_sample_bodies.items()
}
