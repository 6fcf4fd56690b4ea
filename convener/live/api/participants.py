"""API for participants without an account: join a session by code, then answer.

Joining returns a participant token (shown once; only its hash is stored). Answers carry it in
the ``X-Participant-Token`` header. The same token opens the WebSocket
(``{"type": "hello", "token": ...}`` on ``/ws/live/<CODE>/``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import override
from ninja import Field, Header, Router, Schema
from ninja.security import APIKeyHeader

from convener.core.api import ApiError, ErrorOut
from convener.core.routes import PARTICIPANT, PUBLIC, RouteAccess
from convener.core.throttle import client_key
from convener.live import services
from convener.live.api.series_join import RECOGNISED_HELP, SeriesJoinOut, joined_series
from convener.live.joining import (
    TooManyAttempts,
    answer_allowed,
    join_allowed,
    session_for_code,
)
from convener.live.models import Item, Participant

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}
TOKEN_HEADER = "X-Participant-Token"  # noqa: S105 -- a header name, not a secret
TOKEN_HELP = "The participant token that joining returned."  # noqa: S105 -- help text
# The join code of the session the route inventory creates (tests/route_fixtures.py), so that
# the sample body below really joins: the inventory expects 200 from public operations.
ROUTE_CODE = "RTCHKQ"


class ParticipantToken(APIKeyHeader):
    """The token that joining returned, sent in the ``X-Participant-Token`` header.

    Declared as an API-key security scheme, so the OpenAPI document (and a client generated
    from it) knows the vote needs it.
    """

    param_name = TOKEN_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> Participant:
        participant = services.participant_for_token(session=None, token=key or "")
        if participant is None:
            raise ApiError(401, "unauthenticated", f"Send your participant token: {TOKEN_HEADER}.")
        return participant


class JoinIn(Schema):
    code: str = Field(min_length=6, max_length=6, description="The session's join code.")
    name: str = Field(min_length=1, max_length=120)
    location: str = Field(default="", max_length=120)
    perspective: str = Field(default="", description="A perspective key of the initiative.")
    language: str = Field(default="en", max_length=10)
    series_secret: str = Field(default="", max_length=200, description=RECOGNISED_HELP)


class JoinOut(Schema):
    participant_id: int
    session_id: int
    token: str = Field(description=f"Send it as {TOKEN_HEADER}; it is shown only once.")
    websocket: str = Field(description="Path of the session's WebSocket.")
    series: SeriesJoinOut | None = Field(
        default=None, description="The training series of the session, when it is in one."
    )


class VoteBody(Schema):
    value: Any = Field(description="The answer, shaped by the item's kind.")
    text: str = Field(default="", max_length=2000)


class VoteAck(Schema):
    ok: bool
    item: int
    changed: bool
    version: int = Field(description="The item's tally version including this answer.")


@router.post("/live/join", response={200: JoinOut, **ERRORS}, auth=None)
def join(request: HttpRequest, payload: JoinIn) -> JoinOut:
    """Join a session by its code, without an account.

    Answers as the join page does: a template or an unknown code is 404, an ended session 409;
    codes that find nothing are throttled per client (429), joins per session.
    """
    try:
        session = session_for_code(payload.code, client_key(request))
    except TooManyAttempts as refused:
        raise ApiError(429, "throttled", str(refused)) from None
    if session is None:
        raise ApiError(404, "not_found", "No session has this code.")
    if session.status != "ended" and not join_allowed(session):
        raise ApiError(429, "throttled", "Many people are joining right now. Try again soon.")
    perspective = (
        session.initiative.perspectives.filter(key=payload.perspective).first()
        if payload.perspective
        else None
    )
    try:
        participant, token = services.join(
            session=session,
            display_name=payload.name,
            location=payload.location,
            perspective=perspective,
            language=payload.language,
        )
    except services.LiveError as error:
        raise ApiError(409, "closed", str(error)) from error
    language = "es" if payload.language.lower().startswith("es") else "en"
    return JoinOut(
        participant_id=participant.pk,
        session_id=session.pk,
        token=token,
        websocket=f"/ws/live/{session.join_code}/",
        series=joined_series(request, participant, payload.series_secret, language),
    )


@router.post(
    "/live/items/{item_id}/votes", response={200: VoteAck, **ERRORS}, auth=ParticipantToken()
)
def vote(
    request: HttpRequest,
    item_id: int,
    payload: VoteBody,
    token: str = Header(default="", alias=TOKEN_HEADER, description=TOKEN_HELP),
) -> VoteAck:
    """Answer an item (again, to change the answer while the item is open)."""
    # ``token`` is declared so that generated clients send it; ParticipantToken checked it.
    participant: Participant = request.auth  # type: ignore[attr-defined]
    if not Item.objects.filter(pk=item_id, session_id=participant.session_id).exists():
        raise ApiError(404, "not_found", "Not found.")
    if not answer_allowed(participant):
        raise ApiError(429, "throttled", "Too many answers: wait a moment.")
    # A refusal is worded in the participant's own language.
    with override((participant.language or "en").split("-")[0]):
        outcome = services.cast_votes(
            [
                services.VoteIn(
                    item_id=item_id,
                    participant_id=participant.pk,
                    value=payload.value,
                    text=payload.text,
                )
            ]
        )[0]
    if not outcome.ok:
        status = 409 if outcome.code == "closed" else 422
        raise ApiError(status, outcome.code, outcome.message)
    return VoteAck(ok=True, item=item_id, changed=outcome.changed, version=outcome.tally_version)


api_access: dict[str, RouteAccess] = {
    "POST /api/v1/live/join": PUBLIC,
    "POST /api/v1/live/items/{item_id}/votes": PARTICIPANT,
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/live/join": {"code": ROUTE_CODE, "name": "Route check", "perspective": ""},
    "POST /api/v1/live/items/{item_id}/votes": {"value": "yes"},
}
