"""The registry pages: list with search, filters, sorting and bulk actions; detail; forms."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.exports import export_response
from convener.initiatives.models import Initiative
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders import selectors
from convener.stakeholders.forms import BulkAction, BulkForm, RegistryFilterForm, StakeholderForm
from convener.stakeholders.models import Circle, Kind, Stakeholder, Tag
from convener.stakeholders.panels import panels_for
from convener.stakeholders.services import registry as services
from convener.stakeholders.services import transfer_export

PAGE_SIZE = 50
SORT_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("organization", gettext_lazy("Organization")),
    ("perspective", gettext_lazy("Perspective")),
    ("circle", gettext_lazy("Circle")),
    ("updated", gettext_lazy("Updated")),
)


@dataclass(frozen=True)
class Row:
    """One line of the list, prepared in Python: cheaper to render than model lookups."""

    pk: int
    name: str
    url: str
    is_organization: bool
    erased: bool
    organization: str
    organization_url: str
    position: str
    perspective: str
    circle: str
    updated: str
    updated_iso: str
    tags: list[str]
    email: str


def _rows(stakeholders: Iterable[Stakeholder], list_url: str, show_contact: bool) -> list[Row]:
    # The detail page is the list URL plus the id (see registry_urls.py): one reverse() for
    # the page instead of two per row.
    circles = dict(Circle.choices)
    rows = []
    for s in stakeholders:
        updated = timezone.localtime(s.updated_at)
        rows.append(
            Row(
                pk=s.pk,
                name=s.name,
                url=f"{list_url}{s.pk}/",
                is_organization=s.kind == Kind.ORGANIZATION,
                erased=s.erased_at is not None,
                organization=s.organization.name if s.organization else "",
                organization_url=f"{list_url}{s.organization_id}/" if s.organization_id else "",
                position=s.position,
                perspective=s.perspective.label if s.perspective else "",
                circle=str(circles.get(s.circle, "")),
                updated=date_format(updated, "SHORT_DATE_FORMAT"),
                updated_iso=updated.isoformat(),
                tags=[t.name for t in s.tags.all()],
                email=s.email if show_contact else "",
            )
        )
    return rows


def contact_visible(access: Access) -> bool:
    """Return whether ``access``'s role may see e-mail addresses and phone numbers."""
    return access.can(Capability.CONTRIBUTE)


def _page_url(base: str, params: dict[str, str], **changes: str) -> str:
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v})
    return f"{base}?{query}" if query else base


def _filter_form(initiative: Initiative, data: QueryDict) -> RegistryFilterForm:
    # Sorted here rather than in SQL: the (initiative, kind) index finds the organizations,
    # and sorting a few hundred names in Python beats walking the name index over everyone.
    organizations = sorted(
        Stakeholder.objects.filter(initiative=initiative, kind=Kind.ORGANIZATION)
        .order_by()
        .values_list("pk", "name"),
        key=lambda row: (row[1].casefold(), row[0]),
    )
    return RegistryFilterForm(
        data,
        perspectives=[(p.key, p.label) for p in initiative.perspectives.all()],
        tags=list(Tag.objects.filter(initiative=initiative).values_list("name", flat=True)),
        organizations=organizations,
    )


@login_required
def stakeholder_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    slug = access.initiative.slug
    initiative = access.initiative
    show_contact = contact_visible(access)
    qs = selectors.filter_stakeholders(initiative, request.GET, contact_visible=show_contact)
    paginator = Paginator(selectors.with_list_relations(qs), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    filters = selectors.active_filters(request.GET)
    sort = selectors.parse_sort(request.GET.get("sort"))
    base = reverse("stakeholders:list", kwargs={"slug": slug})
    keep = {**filters, "sort": sort.param}
    columns = []
    for key, label in SORT_COLUMNS:
        current = sort.key == key
        next_sort = f"-{key}" if current and not sort.descending else key
        columns.append(
            {
                "key": key,
                "label": label,
                "url": _page_url(base, {**filters, "sort": next_sort}),
                "aria_sort": (
                    ("descending" if sort.descending else "ascending") if current else ""
                ),
            }
        )
    pages = [
        {"number": n, "url": _page_url(base, keep, page=str(n)) if isinstance(n, int) else ""}
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return render(
        request,
        "stakeholders/registry_list.html",
        {
            "access": access,
            "initiative": initiative,
            "page": page,
            "rows": _rows(page.object_list, base, show_contact),
            "tick_label": _("Tick"),
            "organization_label": Kind.ORGANIZATION.label,
            "erased_label": _("Erased"),
            "none_label": _("none"),
            "not_placed_label": _("not placed"),
            "pages": pages,
            "count": paginator.count,
            "filter_form": _filter_form(initiative, request.GET),
            "filtered": bool(filters),
            "columns": columns,
            "show_contact": show_contact,
            "bulk_form": BulkForm(auto_id="bulk-%s"),
            "return_query": urlencode({**keep, "page": str(page.number)}),
            "export_query": urlencode(keep),
            "circles": Circle,
        },
    )


def _get_stakeholder(access: Access, stakeholder_id: int) -> Stakeholder:
    return get_object_or_404(
        Stakeholder.objects.select_related("organization", "perspective", "initiative"),
        initiative=access.initiative,
        pk=stakeholder_id,
    )


@login_required
def stakeholder_detail(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    stakeholder = _get_stakeholder(access, stakeholder_id)
    moves = list(stakeholder.circle_moves.select_related("moved_by"))
    audit = services.audit_trail(stakeholder)
    for entry in audit:
        entry.field_labels = [_field_label(name) for name in entry.fields]  # type: ignore[attr-defined]
    history: list[dict[str, Any]] = [
        {"at": m.moved_at, "kind": "move", "move": m, "by": m.moved_by} for m in moves
    ] + [
        {"at": e.created_at, "kind": "audit", "entry": e, "by": e.actor}
        for e in audit
        if e.detail != services.CIRCLE_MOVE_DETAIL  # the move itself is listed
    ]
    history.sort(key=lambda item: item["at"], reverse=True)
    members = (
        list(stakeholder.members.select_related("perspective").order_by("name"))
        if stakeholder.kind == Kind.ORGANIZATION
        else []
    )
    return render(
        request,
        "stakeholders/registry_detail.html",
        {
            "access": access,
            "initiative": access.initiative,
            "stakeholder": stakeholder,
            "tags": list(stakeholder.tags.all()),
            "members": members,
            "moves": moves,
            "history": history,
            "panels": panels_for(stakeholder),
            "show_contact": contact_visible(access),
        },
    )


def _field_label(name: str) -> str:
    try:
        field = Stakeholder._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _form_page(
    request: HttpRequest, access: Access, form: StakeholderForm, stakeholder: Stakeholder | None
) -> HttpResponse:
    return render(
        request,
        "stakeholders/registry_form.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "stakeholder": stakeholder,
        },
    )


def _add_service_error(form: StakeholderForm, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, str(error.args[0] if error.args else error))


@login_required
def stakeholder_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    initial = {}
    if organization := request.GET.get("organization", ""):
        initial["organization"] = organization
    form = StakeholderForm(request.POST or None, initiative=access.initiative, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.create_stakeholder(
                initiative=access.initiative,
                actor=signed_in_user(request),
                fields=form.field_values(),
                tags=form.tag_names(),
            )
        except (services.RegistryError, ValidationError) as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("“%(name)s” added.") % {"name": stakeholder.name})
            return redirect("stakeholders:detail", slug=slug, stakeholder_id=stakeholder.pk)
    return _form_page(request, access, form, None)


@login_required
def stakeholder_edit(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    stakeholder = _get_stakeholder(access, stakeholder_id)
    if stakeholder.is_erased:
        messages.error(request, _("This record has been erased and cannot be changed."))
        return redirect("stakeholders:detail", slug=slug, stakeholder_id=stakeholder.pk)
    # The form writes cleaned values onto its instance; give it a copy so that the service
    # can still tell which fields changed.
    form = StakeholderForm(
        request.POST or None, initiative=access.initiative, instance=copy.copy(stakeholder)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_stakeholder(
                stakeholder=stakeholder,
                actor=signed_in_user(request),
                fields=form.field_values(),
                tags=form.tag_names(),
            )
        except (services.RegistryError, ValidationError) as error:
            _add_service_error(form, error)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("stakeholders:detail", slug=slug, stakeholder_id=stakeholder.pk)
    return _form_page(request, access, form, stakeholder)


def _confirm_page(
    request: HttpRequest, access: Access, stakeholder: Stakeholder, action: str
) -> HttpResponse:
    return render(
        request,
        "stakeholders/registry_confirm.html",
        {
            "access": access,
            "initiative": access.initiative,
            "stakeholder": stakeholder,
            "action": action,
            "member_count": stakeholder.members.count(),
        },
    )


@login_required
def stakeholder_delete(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    stakeholder = _get_stakeholder(access, stakeholder_id)
    if request.method == "POST":
        name = stakeholder.name
        services.delete_stakeholder(stakeholder=stakeholder, actor=signed_in_user(request))
        messages.success(request, _("“%(name)s” deleted.") % {"name": name})
        return redirect("stakeholders:list", slug=slug)
    return _confirm_page(request, access, stakeholder, "delete")


@login_required
def stakeholder_erase(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN)
    stakeholder = _get_stakeholder(access, stakeholder_id)
    if request.method == "POST":
        if not stakeholder.is_erased:
            services.erase_stakeholder(stakeholder=stakeholder, actor=signed_in_user(request))
        messages.success(
            request, _("Personal data erased. Anonymous counts still include this record.")
        )
        return redirect("stakeholders:detail", slug=slug, stakeholder_id=stakeholder.pk)
    return _confirm_page(request, access, stakeholder, "erase")


@login_required
@require_POST
@never_cache
def stakeholder_export_person(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN)
    stakeholder = _get_stakeholder(access, stakeholder_id)
    data = services.export_person_data(stakeholder=stakeholder, actor=signed_in_user(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="stakeholder-{stakeholder.pk}-personal-data.json"'
    )
    return response


@login_required
@require_POST
def stakeholder_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    actor = signed_in_user(request)
    form = BulkForm(request.POST)
    back = reverse("stakeholders:list", kwargs={"slug": slug})
    query = request.POST.get("return_query", "")
    back_url = f"{back}?{QueryDict(query).urlencode()}" if query else back
    if not form.is_valid():
        for error in [*form.non_field_errors(), *form.errors.get("tag", [])]:
            messages.error(request, str(error))
        return redirect(back_url)
    ids, action = form.cleaned_data["ids"], form.cleaned_data["action"]
    if action == BulkAction.EXPORT:
        fmt = form.cleaned_data.get("format") or "csv"
        header, rows = transfer_export.export_selection(
            initiative=access.initiative,
            stakeholder_ids=ids,
            include_contact=contact_visible(access),
        )
        response = export_response(
            filename=f"{slug}-stakeholders", fmt=fmt, header=header, rows=rows, sheet="Stakeholders"
        )
        transfer_export.record_export(
            initiative=access.initiative,
            actor=actor,
            header=header,
            rows=len(rows),
            fmt=fmt,
            size=len(response.content),
            what="selected stakeholders",
        )
        return response
    if action == BulkAction.MOVE:
        circle = form.cleaned_data.get("circle") or ""
        moved = services.bulk_move_circle(
            initiative=access.initiative, stakeholder_ids=ids, to_circle=circle, actor=actor
        )
        label = Circle(circle).label if circle else _("Not placed in a circle")
        messages.success(
            request,
            ngettext(
                "%(count)s stakeholder moved to %(circle)s.",
                "%(count)s stakeholders moved to %(circle)s.",
                moved,
            )
            % {"count": moved, "circle": label},
        )
    else:
        tag = form.cleaned_data["tag"]
        tagged = services.bulk_tag(
            initiative=access.initiative, stakeholder_ids=ids, tag_name=tag, actor=actor
        )
        messages.success(
            request,
            ngettext(
                "Tag “%(tag)s” added to %(count)s stakeholder.",
                "Tag “%(tag)s” added to %(count)s stakeholders.",
                tagged,
            )
            % {"tag": tag, "count": tagged},
        )
    return redirect(back_url)
