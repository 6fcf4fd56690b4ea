"""The toolkit part of the JSON API."""

from ninja import Router

from convener.core.routes import RouteAccess

router = Router(tags=["toolkit"])

api_access: dict[str, RouteAccess] = {}
api_sample_bodies: dict[str, dict[str, object]] = {}
