"""The four circles page: circles collapsed with their counts, a search, moves in place.

Each row carries only a link to move the person; the move form is fetched for that one row
(by htmx, or by reloading the page with ``?move=<id>`` without JavaScript) and, once saved,
the row is replaced where it stands.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders.models import CIRCLE_ORDER, Stakeholder
from convener.stakeholders.services import participation as service
from convener.stakeholders.services.registry import RegistryError, move_circle, update_stakeholder
from convener.stakeholders.views import participation_charts as charts
from convener.stakeholders.views.participation import CirclePlacementForm

MEMBERS_SHOWN = 100
ROW = "stakeholders/participation_circles.html#circle-row"


@login_required
def circles(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    initiative = access.initiative
    search = request.GET.get("q", "").strip()[:100]
    moving = _moving(request, access)
    if moving is not None and getattr(request, "htmx", False):
        return render(request, ROW, _row_context(access, moving, form=_form(moving)))
    report = service.participation_report(initiative=initiative)
    members = service.circle_members(initiative, limit=MEMBERS_SHOWN, search=search)
    totals = service.circle_totals(initiative)
    opened = request.GET.get("open", "")
    groups: list[dict[str, Any]] = [
        {
            "circle": circle,
            "label": charts.CIRCLE_SHORT[circle],
            "role": charts.CIRCLE_ROLE[circle],
            "members": members[circle],
            "total": totals[circle],
            "open": bool(search and members[circle])
            or opened == (circle or "none")
            or (moving is not None and moving.circle == circle),
        }
        for circle in (*CIRCLE_ORDER, "")
    ]
    shallow_codes = ("nobody_beyond_second_circle", "few_beyond_second_circle")
    return render(
        request,
        "stakeholders/participation_circles.html",
        {
            "access": access,
            "initiative": initiative,
            "rings": charts.rings(report.circles.counts),
            "size": charts.SIZE,
            "centre": charts.CENTRE,
            "groups": groups,
            "warnings": [
                f for f in report.findings if f.code in (*shallow_codes, "shallow_organization")
            ],
            "moves": service.recent_moves(initiative),
            "members_shown": MEMBERS_SHOWN,
            "search": search,
            "found": sum(len(members[c]) for c in members) if search else None,
            "moving": moving,
            "moving_form": _form(moving) if moving is not None else None,
        },
    )


@login_required
@require_POST
def circle_update(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    person = get_object_or_404(
        Stakeholder.objects.active().filter(initiative=access.initiative), pk=stakeholder_id
    )
    form = CirclePlacementForm(request.POST, prefix=f"s{person.pk}")
    htmx = getattr(request, "htmx", False)
    if not form.is_valid():
        if htmx:
            return render(request, ROW, _row_context(access, person, form=form))
        messages.error(request, _("That circle could not be saved. Please try again."))
        return redirect(_back(slug, person))
    actor = signed_in_user(request)
    circle, note = form.cleaned_data["circle"], form.cleaned_data["what_they_might_do"].strip()
    try:
        if circle != person.circle:
            move_circle(stakeholder=person, to_circle=circle, actor=actor, note=note)
        if note != person.what_they_might_do:
            update_stakeholder(stakeholder=person, actor=actor, fields={"what_they_might_do": note})
    except RegistryError as error:
        if htmx:
            form.add_error(None, str(error))
            return render(request, ROW, _row_context(access, person, form=form))
        messages.error(request, str(error))
        return redirect(_back(slug, person))
    saved = _("%(name)s: saved (%(circle)s).") % {
        "name": person.name,
        "circle": charts.CIRCLE_SHORT[person.circle],
    }
    if htmx:
        return render(request, ROW, _row_context(access, person, saved=saved))
    messages.success(request, saved)
    return redirect(_back(slug, person))


def _moving(request: HttpRequest, access: Access) -> Stakeholder | None:
    wanted = request.GET.get("move", "")
    if not (wanted.isdigit() and access.can_contribute):
        return None
    return (
        Stakeholder.objects.active()
        .filter(initiative=access.initiative, pk=int(wanted))
        .select_related("perspective", "organization")
        .first()
    )


def _form(person: Stakeholder) -> CirclePlacementForm:
    form = CirclePlacementForm(
        initial={"circle": person.circle, "what_they_might_do": person.what_they_might_do},
        prefix=f"s{person.pk}",
    )
    # The form replaces the row's link: keyboard focus follows it (htmx focuses autofocus).
    form.fields["circle"].widget.attrs["autofocus"] = True
    return form


def _row_context(access: Access, person: Stakeholder, **extra: Any) -> dict[str, Any]:
    return {"access": access, "initiative": access.initiative, "person": person, **extra}


def _back(slug: str, person: Stakeholder) -> str:
    query = urlencode({"open": person.circle or "none"})
    return (
        reverse("stakeholders:circles", kwargs={"slug": slug}) + f"?{query}#stakeholder-{person.pk}"
    )
