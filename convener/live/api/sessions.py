"""API for running live sessions: sessions, agenda items, facilitator actions and results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.live import selectors, services
from convener.live.api.results import ItemResults
from convener.live.kinds import ALL_KINDS
from convener.live.models import Item, LiveSession
from convener.live.session_templates import list_templates

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
BASE = "/api/v1/initiatives/{slug}/live"
PATH = BASE.removeprefix("/api/v1")


class TemplateOut(Schema):
    key: str
    title: str
    description: str
    items: int


class SessionOut(Schema):
    id: int
    title: str
    description: str
    join_code: str = Field(description="Six characters participants type to join.")
    status: str = Field(description="draft, live or ended")
    template_key: str
    is_template: bool
    copied_from_id: int | None
    current_item_id: int | None
    suppression_threshold: int
    participants: int
    started_at: dt.datetime | None
    ended_at: dt.datetime | None


class SessionIn(Schema):
    title: str = Field(default="", max_length=200)
    template_key: str = Field(default="", description="A built-in template, or blank.")


class CopyIn(Schema):
    as_template: bool = False


class ItemOut(Schema):
    id: int
    position: int
    kind: str
    prompt: str
    config: dict[str, Any]
    status: str
    revealed: bool
    key_revealed: bool
    answer_count: int


class ItemIn(Schema):
    kind: str = Field(description=", ".join(sorted(ALL_KINDS)))
    prompt: str = Field(min_length=1)
    config: dict[str, Any] = Field(default_factory=dict)
    position: int | None = Field(default=None, ge=1)


class ItemPatch(Schema):
    prompt: str | None = Field(default=None, min_length=1)
    config: dict[str, Any] | None = None
    position: int | None = Field(default=None, ge=1)


def _session_out(session: LiveSession) -> SessionOut:
    return SessionOut(
        id=session.pk,
        title=session.title,
        description=session.description,
        join_code=session.join_code,
        status=session.status,
        template_key=session.template_key,
        is_template=session.is_template,
        copied_from_id=session.copied_from_id,
        current_item_id=session.current_item_id,
        suppression_threshold=session.suppression_threshold,
        participants=session.participants.count(),
        started_at=session.started_at,
        ended_at=session.ended_at,
    )


def _item_out(item: Item) -> ItemOut:
    return ItemOut(
        id=item.pk,
        position=item.position,
        kind=item.kind,
        prompt=item.prompt,
        config=item.config,
        status=item.status,
        revealed=item.revealed,
        key_revealed=item.key_revealed,
        answer_count=item.answer_count,
    )


def _session(request: HttpRequest, slug: str, session_id: int, need: Capability) -> LiveSession:
    access = get_initiative_for(request.user, slug, need)
    return get_object_or_404(LiveSession, pk=session_id, initiative=access.initiative)


def _item(request: HttpRequest, slug: str, item_id: int, need: Capability) -> tuple[Access, Item]:
    access = get_initiative_for(request.user, slug, need)
    item = get_object_or_404(
        Item.objects.select_related("session"), pk=item_id, session__initiative=access.initiative
    )
    return access, item


def _refused(error: services.LiveError) -> ApiError:
    return ApiError(422, "invalid", str(error))


@router.get(PATH + "/templates", response={200: list[TemplateOut], **ERRORS})
def templates(request: HttpRequest, slug: str) -> list[TemplateOut]:
    """List the built-in session templates."""
    get_initiative_for(request.user, slug)
    return [
        TemplateOut(
            key=t.key,
            title=t.title_in("en"),
            description=t.description_in("en"),
            items=len(t.items),
        )
        for t in list_templates()
    ]


@router.get(PATH + "/sessions", response={200: list[SessionOut], **ERRORS})
def list_sessions(request: HttpRequest, slug: str) -> list[SessionOut]:
    """List the initiative's live sessions, newest first."""
    access = get_initiative_for(request.user, slug)
    return [_session_out(s) for s in access.initiative.live_sessions.all()]


@router.post(PATH + "/sessions", response={201: SessionOut, **ERRORS})
def create_session(request: HttpRequest, slug: str, payload: SessionIn) -> Status[SessionOut]:
    """Create a draft session, empty or from a built-in template."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    try:
        session = services.create_session(
            initiative=access.initiative,
            actor=signed_in_user(request),
            title=payload.title,
            template_key=payload.template_key,
        )
    except services.LiveError as error:
        raise _refused(error) from error
    return Status(201, _session_out(session))


@router.get(PATH + "/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def get_session(request: HttpRequest, slug: str, session_id: int) -> SessionOut:
    return _session_out(_session(request, slug, session_id, Capability.VIEW))


@router.post(PATH + "/sessions/{session_id}/copy", response={201: SessionOut, **ERRORS})
def copy_session(
    request: HttpRequest, slug: str, session_id: int, payload: CopyIn
) -> Status[SessionOut]:
    """Copy a session's agenda into a new draft (to rerun it, or keep it as a template)."""
    session = _session(request, slug, session_id, Capability.CONTRIBUTE)
    copy = services.copy_session(
        session=session, actor=signed_in_user(request), as_template=payload.as_template
    )
    return Status(201, _session_out(copy))


@router.post(PATH + "/sessions/{session_id}/start", response={200: SessionOut, **ERRORS})
def start_session(request: HttpRequest, slug: str, session_id: int) -> SessionOut:
    """Go live: the session becomes an activity of the initiative."""
    session = _session(request, slug, session_id, Capability.CONTRIBUTE)
    try:
        services.start_session(session=session, actor=signed_in_user(request))
    except services.LiveError as error:
        raise _refused(error) from error
    return _session_out(session)


@router.post(PATH + "/sessions/{session_id}/end", response={200: SessionOut, **ERRORS})
def end_session(request: HttpRequest, slug: str, session_id: int) -> SessionOut:
    """End the session: items close, linked participants become the activity's attendance."""
    session = _session(request, slug, session_id, Capability.CONTRIBUTE)
    services.end_session(session=session, actor=signed_in_user(request))
    return _session_out(session)


@router.get(PATH + "/sessions/{session_id}/items", response={200: list[ItemOut], **ERRORS})
def list_items(request: HttpRequest, slug: str, session_id: int) -> list[ItemOut]:
    session = _session(request, slug, session_id, Capability.VIEW)
    return [_item_out(i) for i in session.items.order_by("position")]


@router.post(PATH + "/sessions/{session_id}/items", response={201: ItemOut, **ERRORS})
def add_item(request: HttpRequest, slug: str, session_id: int, payload: ItemIn) -> Status[ItemOut]:
    """Add an item to the agenda (see the kinds and their settings in the documentation)."""
    session = _session(request, slug, session_id, Capability.CONTRIBUTE)
    try:
        item = services.add_item(
            session=session,
            kind=payload.kind,
            prompt=payload.prompt,
            config=payload.config,
            actor=signed_in_user(request),
            position=payload.position,
        )
    except services.LiveError as error:
        raise _refused(error) from error
    return Status(201, _item_out(item))


@router.patch(PATH + "/items/{item_id}", response={200: ItemOut, **ERRORS})
def update_item(request: HttpRequest, slug: str, item_id: int, payload: ItemPatch) -> ItemOut:
    _access, item = _item(request, slug, item_id, Capability.CONTRIBUTE)
    actor = signed_in_user(request)
    try:
        if payload.prompt is not None or payload.config is not None:
            services.update_item(
                item=item,
                prompt=payload.prompt if payload.prompt is not None else item.prompt,
                config=payload.config if payload.config is not None else item.config,
                actor=actor,
            )
        if payload.position is not None:
            services.move_item(item=item, position=payload.position, actor=actor)
    except services.LiveError as error:
        raise _refused(error) from error
    item.refresh_from_db()
    return _item_out(item)


@router.delete(PATH + "/items/{item_id}", response={204: None, **ERRORS})
def delete_item(request: HttpRequest, slug: str, item_id: int) -> Status[None]:
    _access, item = _item(request, slug, item_id, Capability.CONTRIBUTE)
    services.delete_item(item=item, actor=signed_in_user(request))
    return Status(204, None)


def _action(request: HttpRequest, slug: str, item_id: int, action: Any) -> ItemOut:
    _access, item = _item(request, slug, item_id, Capability.CONTRIBUTE)
    try:
        action(item=item, actor=signed_in_user(request))
    except services.LiveError as error:
        raise _refused(error) from error
    item.refresh_from_db()
    return _item_out(item)


@router.post(PATH + "/items/{item_id}/open", response={200: ItemOut, **ERRORS})
def open_item(request: HttpRequest, slug: str, item_id: int) -> ItemOut:
    """Open the item for answers and show it on every screen (the session must be live)."""
    return _action(request, slug, item_id, services.open_item)


@router.post(PATH + "/items/{item_id}/close", response={200: ItemOut, **ERRORS})
def close_item(request: HttpRequest, slug: str, item_id: int) -> ItemOut:
    return _action(request, slug, item_id, services.close_item)


@router.post(PATH + "/items/{item_id}/reveal", response={200: ItemOut, **ERRORS})
def reveal_item(request: HttpRequest, slug: str, item_id: int) -> ItemOut:
    """Show the results to the room."""
    return _action(request, slug, item_id, services.reveal_results)


@router.get(
    PATH + "/items/{item_id}/results", response={200: ItemResults, **ERRORS}, exclude_unset=True
)
def item_results(request: HttpRequest, slug: str, item_id: int) -> dict[str, Any]:
    """Return the results, split by perspective (groups below the threshold left out)."""
    _access, item = _item(request, slug, item_id, Capability.VIEW)
    return selectors.item_results(item, for_staff=True)


api_access: dict[str, RouteAccess] = {
    f"GET {BASE}/templates": "viewer",
    f"GET {BASE}/sessions": "viewer",
    f"POST {BASE}/sessions": "member",
    f"GET {BASE}/sessions/{{session_id}}": "viewer",
    f"POST {BASE}/sessions/{{session_id}}/copy": "member",
    f"POST {BASE}/sessions/{{session_id}}/start": "member",
    f"POST {BASE}/sessions/{{session_id}}/end": "member",
    f"GET {BASE}/sessions/{{session_id}}/items": "viewer",
    f"POST {BASE}/sessions/{{session_id}}/items": "member",
    f"PATCH {BASE}/items/{{item_id}}": "member",
    f"DELETE {BASE}/items/{{item_id}}": "member",
    f"POST {BASE}/items/{{item_id}}/open": "member",
    f"POST {BASE}/items/{{item_id}}/close": "member",
    f"POST {BASE}/items/{{item_id}}/reveal": "member",
    f"GET {BASE}/items/{{item_id}}/results": "viewer",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    f"POST {BASE}/sessions": {"title": "Town hall", "template_key": "intro_lbc"},
    f"POST {BASE}/sessions/{{session_id}}/copy": {"as_template": False},
    f"POST {BASE}/sessions/{{session_id}}/items": {
        "kind": "single",
        "prompt": "Ready?",
        "config": {"options": [{"key": "y", "label": "Yes"}, {"key": "n", "label": "No"}]},
    },
    f"PATCH {BASE}/items/{{item_id}}": {"prompt": "Ready now?"},
}
