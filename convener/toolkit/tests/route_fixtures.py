"""URL parameter values for the route inventory (tests/test_routes.py)."""

from convener.initiatives.models import Initiative
from convener.toolkit.models import Worksheet


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return values for this app's URL parameters; must be idempotent."""
    sheet, _ = Worksheet.objects.get_or_create(
        initiative=initiative,
        tool_key="four_simple_questions",
        title="Route inventory worksheet",
    )
    return {"worksheet_id": sheet.pk, "section_key": "insights", "field_key": "notes"}
