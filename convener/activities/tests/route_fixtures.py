"""Values for the URL parameters of this app's routes, for the route inventory.

Each area adds its parameters here (activity_id, ...), idempotently.
"""

from convener.initiatives.models import Initiative


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return a value belonging to ``initiative`` for each URL parameter this app uses."""
    return {}
