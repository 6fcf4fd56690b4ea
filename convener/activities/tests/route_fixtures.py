"""Values for the URL parameters of this app's routes, for the route inventory.

Each area adds its parameters here (activity_id, ...), idempotently.
"""

import datetime as dt
from pathlib import Path

from convener.activities.models import Activity, MeetingReportUpload, Milestone, Relationship
from convener.initiatives.models import Initiative


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return a value belonging to ``initiative`` for each URL parameter this app uses."""
    activity, _created = Activity.objects.get_or_create(
        initiative=initiative,
        title="Route fixture meeting",
        defaults={"kind": "meeting", "starts_on": dt.date(2024, 1, 15)},
    )
    relationship, _created = Relationship.objects.get_or_create(
        initiative=initiative, from_role="Route check", to_role="Route check partner"
    )
    milestone, _created = Milestone.objects.get_or_create(
        initiative=initiative,
        title="Route fixture milestone",
        defaults={"occurred_on": dt.date(2024, 2, 1)},
    )
    upload = MeetingReportUpload.objects.filter(activity=activity).first()
    if upload is None:
        sample = Path(__file__).parent / "meeting_reports" / "meet_attendance.csv"
        upload = MeetingReportUpload.objects.create(activity=activity, report=sample.read_bytes())
    return {
        "upload_id": upload.pk,
        "activity_id": activity.pk,
        "relationship_id": relationship.pk,
        "milestone_id": milestone.pk,
    }
