"""Finding a session by its join code, with guessing throttled (issue 15, finding 7).

The page and the API answer alike: a template, or a code no session has, is "no session has
this code"; an ended session says it has ended. Each code that finds nothing counts against
the client's address in the shared cache (``convener.core.throttle``); past the limit every
lookup from that address is refused for the rest of the minute, so codes cannot be guessed at
speed. Codes that work are never counted: a whole room joins from one network.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from convener.core.throttle import (
    LIVE_ANSWERS_PER_PARTICIPANT,
    LIVE_JOIN_FAILURES_PER_CLIENT,
    LIVE_JOINS_PER_SESSION,
    over_limit,
)
from convener.live.models import LiveSession, Participant

MISSES = "live.join-miss"


class TooManyAttempts(Exception):
    """The client tried too many codes that exist nowhere; the message is fit to show."""

    def __init__(self) -> None:
        super().__init__(_("Too many codes were tried from your network. Wait a minute."))


def session_for_code(code: str, client: str) -> LiveSession | None:
    """Return the session people may join with ``code`` (never a template), or None.

    Raise TooManyAttempts while ``client`` is over its limit of codes that found nothing.
    """
    if over_limit(MISSES, client, LIVE_JOIN_FAILURES_PER_CLIENT, count=False):
        raise TooManyAttempts
    session = (
        LiveSession.objects.select_related("initiative", "current_item")
        .filter(join_code=code.strip().upper(), is_template=False)
        .first()
    )
    if session is None:
        over_limit(MISSES, client, LIVE_JOIN_FAILURES_PER_CLIENT)
    return session


def answer_allowed(participant: Participant, rate: str = LIVE_ANSWERS_PER_PARTICIPANT) -> bool:
    """Count one answer sent by form or API; return False past the participant's limit.

    Answers over the WebSocket are counted by the socket's own token bucket instead
    (``consumers.TokenBucket``): a socket's messages all reach the one process that serves
    it, and a round trip to the shared cache for every vote would slow the hot path.
    """
    key = f"{participant.session_id}:{participant.token_hash[:16]}"
    return not over_limit("live.answers", key, rate)


def join_allowed(session: LiveSession) -> bool:
    """Count one person joining ``session``; return False past the per-session limit."""
    return not over_limit("live.joins", str(session.pk), LIVE_JOINS_PER_SESSION)
