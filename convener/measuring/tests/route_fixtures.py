"""Values for the URL parameters of this app's routes, for the route inventory.

The measuring helpers fill this in as they add routes with parameters (round_id, ...).
"""

from convener.initiatives.models import Initiative
from convener.measuring.models import Instrument, Round

ROUTE_ROW = {
    "key": "coalescing.data",
    "habit": "coalescing",
    "title": {"en": "Route check row"},
    "descriptors": [{"en": "a"}, {"en": "b"}, {"en": "c"}, {"en": "d"}],
    "custom": False,
}


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return a value belonging to ``initiative`` for each URL parameter this app uses."""
    instrument, _ = Instrument.objects.get_or_create(
        initiative=initiative,
        version=1,
        defaults={"rows": [ROUTE_ROW], "pack_key": "lbc", "pack_version": "1"},
    )
    rnd, _ = Round.objects.get_or_create(
        initiative=initiative, name="Route check round", defaults={"instrument": instrument}
    )
    return {"round_id": rnd.pk}
