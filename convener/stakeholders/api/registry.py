"""API endpoints for the registry area (api/__init__.py merges the areas).

The same form and services as the pages validate and write, so a record is as valid through
the API as through the browser. Perspectives are given by key; circle, side, power, stance,
scale and kind by their choice values. Viewers get no contact fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.core.api import MAX_ID, ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders import selectors
from convener.stakeholders.forms import StakeholderForm
from convener.stakeholders.models import CIRCLE_ORDER, Stakeholder
from convener.stakeholders.services import registry as services
from convener.stakeholders.services.duplicates import PossibleDuplicate, check_not_duplicate

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PAGE_SIZE = 50
BASE = "/api/v1/initiatives/{slug}/stakeholders"


class OrganizationRef(Schema):
    id: int
    name: str


class StakeholderOut(Schema):
    id: int
    kind: str = Field(description="person or organization")
    name: str
    organization: OrganizationRef | None
    position: str
    perspective: str | None = Field(description="The perspective's key.")
    concern_interest: bool
    concern_affected: bool
    concern_can_affect: bool
    side: str = Field(description="internal, external or blank")
    power: str = Field(description="authority, influence, both or blank")
    stance: str = Field(description="supporter, neutral, critic or blank")
    scale: str = Field(description="state, regional, local, practice or blank")
    circle: str = Field(description=f"One of {', '.join(CIRCLE_ORDER)}, or blank.")
    what_they_might_do: str
    preferred_language: str
    accessibility_needs: str
    email: str | None = Field(default=None, description="Left out for viewers.")
    phone: str | None = Field(default=None, description="Left out for viewers.")
    contact_permitted: bool
    consent_date: dt.date | None
    consent_source: str
    notes: str
    tags: list[str]
    erased: bool
    updated_at: dt.datetime


class StakeholderPage(Schema):
    count: int = Field(description="How many stakeholders match the filters, on all pages.")
    page: int
    pages: int
    items: list[StakeholderOut]


class StakeholderIn(Schema):
    kind: str = "person"
    name: str = Field(min_length=1, max_length=200)
    organization_id: int | None = None
    position: str = ""
    perspective: str | None = Field(default=None, description="A perspective key.")
    concern_interest: bool = False
    concern_affected: bool = False
    concern_can_affect: bool = False
    side: str = ""
    power: str = ""
    stance: str = ""
    scale: str = ""
    circle: str = ""
    what_they_might_do: str = ""
    preferred_language: str = "en"
    accessibility_needs: str = ""
    email: str = ""
    phone: str = ""
    contact_permitted: bool = False
    consent_date: dt.date | None = None
    consent_source: str = ""
    notes: str = ""
    tags: list[str] = Field(default_factory=list)
    confirm_new: bool = Field(
        default=False,
        description="Create even though the registry may already hold this record (after a "
        "409 possible_duplicate answer listed the matches).",
    )


class StakeholderPatch(Schema):
    kind: str | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    organization_id: int | None = None
    position: str | None = None
    perspective: str | None = None
    concern_interest: bool | None = None
    concern_affected: bool | None = None
    concern_can_affect: bool | None = None
    side: str | None = None
    power: str | None = None
    stance: str | None = None
    scale: str | None = None
    circle: str | None = None
    what_they_might_do: str | None = None
    preferred_language: str | None = None
    accessibility_needs: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_permitted: bool | None = None
    consent_date: dt.date | None = None
    consent_source: str | None = None
    notes: str | None = None
    tags: list[str] | None = None


class ListFilters(Schema):
    q: str = ""
    perspective: str = ""
    kind: str = ""
    circle: str = ""
    side: str = ""
    power: str = ""
    stance: str = ""
    scale: str = ""
    concern_interest: str = ""
    concern_affected: str = ""
    concern_can_affect: str = ""
    tag: str = ""
    language: str = ""
    contact_permitted: str = ""
    organization: str = ""
    sort: str = Field(
        default="name",
        description="name, organization, perspective, circle or updated; a leading - reverses.",
    )
    page: int = Field(1, ge=1, le=MAX_ID)


def _out(s: Stakeholder, *, show_contact: bool) -> dict[str, Any]:
    """Return ``s`` as the API shows it; contact fields are left out when not ``show_contact``.

    A plain dict rather than a schema instance: fields missing from it stay unset, and the
    read operations leave unset fields out of the response (``exclude_unset``).
    """
    values: dict[str, Any] = {
        "id": s.pk,
        "kind": s.kind,
        "name": s.name,
        "organization": (
            {"id": s.organization.pk, "name": s.organization.name} if s.organization else None
        ),
        "position": s.position,
        "perspective": s.perspective.key if s.perspective else None,
        "concern_interest": s.concern_interest,
        "concern_affected": s.concern_affected,
        "concern_can_affect": s.concern_can_affect,
        "side": s.side,
        "power": s.power,
        "stance": s.stance,
        "scale": s.scale,
        "circle": s.circle,
        "what_they_might_do": s.what_they_might_do,
        "preferred_language": s.preferred_language,
        "accessibility_needs": s.accessibility_needs,
        "contact_permitted": s.contact_permitted,
        "consent_date": s.consent_date,
        "consent_source": s.consent_source,
        "notes": s.notes,
        "tags": [t.name for t in s.tags.all()],
        "erased": s.is_erased,
        "updated_at": s.updated_at,
    }
    if show_contact:
        # Set only for roles that may see them; left unset, the fields are left out.
        values["email"], values["phone"] = s.email, s.phone
    return values


def _show_contact(access: Access) -> bool:
    return access.can(Capability.CONTRIBUTE)


def _get(access: Access, stakeholder_id: int) -> Stakeholder:
    return get_object_or_404(
        Stakeholder.objects.select_related("organization", "perspective", "initiative"),
        initiative=access.initiative,
        pk=stakeholder_id,
    )


def _form_data(access: Access, values: dict[str, Any]) -> QueryDict:
    """Turn API values into the form's data: perspective key to id, tags to text."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if name in ("tags", "organization_id", "perspective"):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    key = values.get("perspective")
    if key:
        perspective = access.initiative.perspectives.filter(key=key).first()
        if perspective is None:
            raise ApiError(
                422,
                "invalid",
                "The request has invalid fields.",
                {"perspective": [f"Unknown perspective key: {key}"]},
            )
        data["perspective"] = str(perspective.pk)
    if values.get("organization_id") is not None:
        data["organization"] = str(values["organization_id"])
    data["tags"] = ", ".join(values.get("tags") or [])
    return data


def _validated(
    access: Access, values: dict[str, Any], instance: Stakeholder | None
) -> StakeholderForm:
    form = StakeholderForm(
        _form_data(access, values), initiative=access.initiative, instance=instance
    )
    if not form.is_valid():
        fields = {
            ("organization_id" if name == "organization" else name): [str(e) for e in errors]
            for name, errors in form.errors.items()
        }
        raise ApiError(422, "invalid", "The request has invalid fields.", fields)
    return form


def duplicate_error(offer: PossibleDuplicate) -> ApiError:
    """Answer 409 ``possible_duplicate``, listing the records that may be this one."""
    return ApiError(
        409,
        "possible_duplicate",
        "The registry may already hold this record. Use one of the matches, or send the "
        "request again with confirm_new set to create a new record.",
        {"matches": [f"{m.pk}: {m.name}" for m in offer.matches]},
    )


def _service_error(error: Exception) -> ApiError:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return ApiError(422, "invalid", "The request has invalid fields.", error.message_dict)
    return ApiError(422, "invalid", str(error.args[0] if error.args else error))


@router.get(
    "/initiatives/{slug}/stakeholders",
    response={200: StakeholderPage, **ERRORS},
    exclude_unset=True,
)
def list_stakeholders(
    request: HttpRequest, slug: str, filters: Query[ListFilters]
) -> dict[str, Any]:
    """List the registry, 50 per page, with the same filters and sorting as the list page."""
    access = get_initiative_for(request.user, slug)
    show_contact = _show_contact(access)
    params = {k: str(v) for k, v in filters.dict().items()}
    qs = selectors.filter_stakeholders(access.initiative, params, contact_visible=show_contact)
    paginator = Paginator(selectors.with_list_relations(qs), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [_out(s, show_contact=show_contact) for s in page.object_list],
    }


@router.post("/initiatives/{slug}/stakeholders", response={201: StakeholderOut, **ERRORS})
def create_stakeholder(
    request: HttpRequest, slug: str, payload: StakeholderIn
) -> Status[dict[str, Any]]:
    """Add a person or organization (core team members and up)."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    values = payload.dict()
    confirm_new = values.pop("confirm_new")
    form = _validated(access, values, None)
    try:
        check_not_duplicate(
            initiative=access.initiative,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            kind=payload.kind,
            confirmed_new=confirm_new,
        )
    except PossibleDuplicate as offer:
        raise duplicate_error(offer) from None
    try:
        stakeholder = services.create_stakeholder(
            initiative=access.initiative,
            actor=signed_in_user(request),
            fields=form.field_values(),
            tags=form.tag_names(),
        )
    except (services.RegistryError, ValidationError) as error:
        raise _service_error(error) from None
    return Status(201, _out(_get(access, stakeholder.pk), show_contact=True))


@router.get(
    "/initiatives/{slug}/stakeholders/{int:stakeholder_id}",
    response={200: StakeholderOut, **ERRORS},
    exclude_unset=True,
)
def get_stakeholder(request: HttpRequest, slug: str, stakeholder_id: int) -> dict[str, Any]:
    access = get_initiative_for(request.user, slug)
    return _out(_get(access, stakeholder_id), show_contact=_show_contact(access))


@router.patch(
    "/initiatives/{slug}/stakeholders/{int:stakeholder_id}",
    response={200: StakeholderOut, **ERRORS},
)
def update_stakeholder(
    request: HttpRequest, slug: str, stakeholder_id: int, payload: StakeholderPatch
) -> dict[str, Any]:
    """Change some fields; fields not sent keep their values. ``tags`` replaces all tags."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    stakeholder = _get(access, stakeholder_id)
    if stakeholder.is_erased:
        raise ApiError(409, "erased", "This record has been erased and cannot be changed.")
    current = _out(stakeholder, show_contact=True)
    current["organization_id"] = stakeholder.organization_id
    changes = payload.dict(exclude_unset=True)
    values = {
        **{k: v for k, v in current.items() if k in StakeholderIn.model_fields},
        **changes,
    }
    form = _validated(access, values, Stakeholder.objects.get(pk=stakeholder.pk))
    try:
        services.update_stakeholder(
            stakeholder=stakeholder,
            actor=signed_in_user(request),
            fields=form.field_values(),
            tags=form.tag_names(),
        )
    except (services.RegistryError, ValidationError) as error:
        raise _service_error(error) from None
    return _out(_get(access, stakeholder.pk), show_contact=True)


@router.delete(
    "/initiatives/{slug}/stakeholders/{int:stakeholder_id}", response={204: None, **ERRORS}
)
def delete_stakeholder(request: HttpRequest, slug: str, stakeholder_id: int) -> Status[None]:
    """Delete a stakeholder (conveners and owners)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    stakeholder = _get(access, stakeholder_id)
    services.delete_stakeholder(stakeholder=stakeholder, actor=signed_in_user(request))
    return Status(204, None)


api_access: dict[str, RouteAccess] = {
    f"GET {BASE}": "viewer",
    f"POST {BASE}": "member",
    f"GET {BASE}/{{stakeholder_id}}": "viewer",
    f"PATCH {BASE}/{{stakeholder_id}}": "member",
    f"DELETE {BASE}/{{stakeholder_id}}": "convener",
}

# Request bodies the route inventory sends, so that checks reach the permission test.
api_sample_bodies: dict[str, dict[str, object]] = {
    f"POST {BASE}": {"name": "Route check person"},
    f"PATCH {BASE}/{{stakeholder_id}}": {"position": "Route check"},
}
