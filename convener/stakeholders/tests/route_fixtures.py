"""Values for the URL parameters of this app's routes, for the route inventory."""

from convener.initiatives.models import Initiative
from convener.stakeholders.models import Stakeholder


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return a value belonging to ``initiative`` for each URL parameter this app uses."""
    person, _created = Stakeholder.objects.get_or_create(
        initiative=initiative,
        email=f"route-check-{initiative.pk}@example.org",
        defaults={"name": f"Route check {initiative.pk}"},
    )
    return {"stakeholder_id": person.pk}
