"""Values for the URL parameters of this app's routes, for the route inventory."""

from convener.initiatives.models import Initiative
from convener.stakeholders import models


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return a value belonging to ``initiative`` for each URL parameter this app uses."""
    person, _created = models.Stakeholder.objects.get_or_create(
        initiative=initiative,
        email=f"route-check-{initiative.pk}@example.org",
        defaults={"name": f"Route check {initiative.pk}"},
    )
    values: dict[str, object] = {"stakeholder_id": person.pk}
    # The import pages (transfer area) take a staged batch.
    batch_model = getattr(models, "ImportBatch", None)
    if batch_model is not None:
        batch, _created = batch_model.objects.get_or_create(
            initiative=initiative,
            filename="route-check.csv",
            defaults={"format": "csv", "header": ["name"], "rows": [], "mapping": ["name"]},
        )
        values["batch_id"] = batch.pk
    return values
