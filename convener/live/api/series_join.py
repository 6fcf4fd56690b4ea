"""What joining a session of a training series returns through the API.

The join page recognises a phone as the same person across a series' sessions by a secret the
browser keeps (a cookie) and offers that person's own series page, ``/live/series/<secret>/``
("My growth", their personal link). An API client has no cookie: joining returns the secret and
the page's address instead, and the next join sends the secret back to be recognised again.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Schema

from convener.core.translated import shown
from convener.live import series as series_services
from convener.live.models import Participant
from convener.live.series_selectors import sessions_with_self_ratings
from convener.live.views.series_join import RATED_SESSIONS_FOR_GROWTH

RECOGNISED_HELP = (
    "The series secret an earlier join returned: send it to be recognised as the same person "
    "across the series' sessions."
)


class SeriesJoinOut(Schema):
    """The training series the session belongs to, as the person who joined it sees it."""

    title: str = Field(description="The series' title, in the language asked for.")
    url: str = Field(description="This person's own series page (their personal link).")
    secret: str = Field(description="Keep it and send it as series_secret on the next join.")
    growth_offered: bool = Field(
        description=(
            "Whether the series asks for self-ratings in two sessions or more, so that its page "
            "shows growth (the join page then links to “My growth”)."
        )
    )


def joined_series(
    request: HttpRequest, participant: Participant, secret: str, language: str
) -> SeriesJoinOut | None:
    """Recognise ``participant`` in their session's series; None outside a series.

    ``secret`` is the one an earlier join returned ("" for none, or one of another series).
    """
    found = series_services.recognise(participant=participant, secret=secret)
    if found is None:
        return None
    # A new secret when none was sent or it was not this series' (a fresh join is never known
    # by its participant already), else the one sent, which recognised the person.
    kept = found.secret or secret
    series = found.member.series
    return SeriesJoinOut(
        title=shown(series, "title", language),
        url=request.build_absolute_uri(reverse("join:series_link", args=[kept])),
        secret=kept,
        growth_offered=sessions_with_self_ratings(series) >= RATED_SESSIONS_FOR_GROWTH,
    )
