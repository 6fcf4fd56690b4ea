"""URL parameter values for the route inventory (tests/test_routes.py)."""

from convener.core.tokens import hash_token
from convener.initiatives.models import Initiative
from convener.live import services
from convener.live.api.participants import ROUTE_CODE
from convener.live.models import BreakoutGroup, Item, LiveSession, Participant, Vote
from convener.live.series_models import SeriesSession, TrainingSeries

TITLE = "Route fixture session"


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Return values for this app's URL parameters, belonging to ``initiative``; idempotent.

    The first session created gets the fixed join code ROUTE_CODE, which the public join
    operation's sample body names.
    """
    session = LiveSession.objects.filter(initiative=initiative, title=TITLE).first()
    if session is None:
        taken = LiveSession.objects.filter(join_code=ROUTE_CODE).exists()
        session = LiveSession.objects.create(
            initiative=initiative,
            title=TITLE,
            join_code=services.new_join_code() if taken else ROUTE_CODE,
        )
    item, _created = Item.objects.get_or_create(
        session=session,
        position=1,
        defaults={
            "kind": "single",
            "prompt": "Ready?",
            "config": {"options": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}]},
        },
    )
    breakout, _created = Item.objects.get_or_create(
        session=session,
        position=2,
        defaults={"kind": "breakout", "prompt": "Who cares?", "config": {"mode": "random"}},
    )
    group, _created = BreakoutGroup.objects.get_or_create(item=breakout, name="Group 1")
    participant, _created = Participant.objects.get_or_create(
        session=session,
        display_name="Route participant",
        defaults={"token_hash": hash_token(f"route-{session.pk}")},
    )
    vote, _created = Vote.objects.get_or_create(
        item=item, participant=participant, defaults={"value": "yes"}
    )
    series, _created = TrainingSeries.objects.get_or_create(
        initiative=initiative, title="Route fixture series"
    )
    if not series.series_sessions.exists():
        first = LiveSession.objects.create(
            initiative=initiative,
            title="Route fixture series day",
            join_code=services.new_join_code(),
        )
        SeriesSession.objects.create(series=series, session=first, position=1)
    return {
        "series_id": series.pk,
        "session_id": session.pk,
        "item_id": item.pk,
        "group_id": group.pk,
        "participant_id": participant.pk,
        "vote_id": vote.pk,
        "code": session.join_code,
    }
