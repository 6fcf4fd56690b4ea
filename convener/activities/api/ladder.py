"""API endpoints for the ladder area (api/__init__.py merges the areas)."""

from ninja import Router

from convener.core.routes import RouteAccess

router = Router()
api_access: dict[str, RouteAccess] = {}
api_sample_bodies: dict[str, dict[str, object]] = {}
