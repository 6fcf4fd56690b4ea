"""URL parameter values for the route inventory (tests/test_routes.py)."""

from convener.initiatives.models import Initiative


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return values for this app's URL parameters; must be idempotent."""
    return {}
