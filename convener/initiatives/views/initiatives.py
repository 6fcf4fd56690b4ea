"""An initiative: the landing page, the list, creating one, its home, habits and settings."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.home import home_items
from convener.core.timeline import build_timeline
from convener.framework.services import active_pack
from convener.initiatives import selectors, services
from convener.initiatives.forms import InitiativeForm
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

RECENT_ENTRIES = 6  # lines of recent activity on the home page


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("initiatives:list")
    return render(request, "initiatives/landing.html", {"pack": active_pack()})


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    active, archived = selectors.memberships_of(signed_in_user(request))
    return render(request, "initiatives/list.html", {"active": active, "archived": archived})


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative = services.create_initiative(owner=signed_in_user(request), **form.cleaned_data)
        messages.success(request, _("Initiative created. You are its owner."))
        return redirect("initiatives:home", slug=initiative.slug)
    return render(request, "initiatives/create.html", {"form": form})


@login_required
def initiative_home(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    initiative = access.initiative
    figures, steps = home_items(initiative)
    return render(
        request,
        "initiatives/home.html",
        {
            "access": access,
            "initiative": initiative,
            "habits": _habit_cards(),
            "team_size": initiative.memberships.count(),
            "perspective_count": initiative.perspectives.count(),
            "figures": figures,
            "steps": steps,
            "steps_left": sum(not step.done for step in steps),
            "recent": build_timeline(initiative, end=dt.date.today())[-RECENT_ENTRIES:][::-1],
        },
    )


def _habit_cards() -> list[dict[str, object]]:
    pack, language = active_pack(), get_language() or "en"
    return [habit.as_card(pack, language) for habit in pack.habits]


@login_required
def habit_page(request: HttpRequest, slug: str, habit: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    pack, language = active_pack(), get_language() or "en"
    found = next((h for h in pack.habits if h.key == habit), None)
    if found is None:
        raise Http404
    return render(
        request,
        "initiatives/habit.html",
        {
            "access": access,
            "initiative": access.initiative,
            "habit": found.as_card(pack, language),
            "rows": [row.as_card(pack, language) for row in pack.rows_for_habit(found.key)],
            "tools": [tool.as_card(pack, language) for tool in pack.tools_for_habit(found.key)],
            "depth_levels": [level.as_card(pack, language) for level in pack.depth_levels],
            "perspectives": access.initiative.perspectives.all(),
        },
    )


@login_required
def initiative_settings(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    form = InitiativeForm(request.POST or None, instance=access.initiative)
    if request.method == "POST" and form.is_valid():
        services.update_initiative(initiative=access.initiative, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("initiatives:home", slug=slug)
    return render(
        request,
        "initiatives/settings.html",
        {"access": access, "initiative": access.initiative, "form": form},
    )


@login_required
@require_POST
def initiative_archive(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN)
    services.archive_initiative(initiative=access.initiative)
    messages.success(
        request, _("“%(title)s” is archived and read-only.") % {"title": access.initiative.title}
    )
    return redirect("initiatives:list")


@login_required
@require_POST
def initiative_restore(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN, allow_archived=True)
    services.restore_initiative(initiative=access.initiative)
    messages.success(
        request, _("“%(title)s” is active again.") % {"title": access.initiative.title}
    )
    return redirect("initiatives:home", slug=slug)
