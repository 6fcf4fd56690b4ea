"""The perspectives an initiative hears from: add, rename, reorder, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.initiatives import services
from convener.initiatives.forms import PerspectiveForm
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability


@login_required
def perspectives(request: HttpRequest, slug: str) -> HttpResponse:
    need = Capability.MANAGE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    form = PerspectiveForm(request.POST or None, initiative_id=access.initiative.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_perspective(initiative=access.initiative, **form.cleaned_data)
        except services.TargetsError as error:
            form.add_error("target_percent", str(error))
        else:
            messages.success(request, _("Perspective added."))
            return redirect("initiatives:perspectives", slug=slug)
    return render(
        request,
        "initiatives/perspectives.html",
        {
            "access": access,
            "initiative": access.initiative,
            "perspectives": access.initiative.perspectives.all(),
            "form": form,
        },
    )


@login_required
def perspective_edit(request: HttpRequest, slug: str, perspective_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspective = get_object_or_404(access.initiative.perspectives, pk=perspective_id)
    form = PerspectiveForm(
        request.POST or None, instance=perspective, initiative_id=access.initiative.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_perspective(perspective=perspective, **form.cleaned_data)
        except services.TargetsError as error:
            form.add_error("target_percent", str(error))
        else:
            messages.success(request, _("Perspective saved."))
            return redirect("initiatives:perspectives", slug=slug)
    return render(
        request,
        "initiatives/perspective_edit.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "perspective": perspective,
        },
    )


@login_required
@require_POST
def perspective_move(request: HttpRequest, slug: str, perspective_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspective = get_object_or_404(access.initiative.perspectives, pk=perspective_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.move_perspective(perspective=perspective, offset=offset)
    return redirect(
        reverse("initiatives:perspectives", kwargs={"slug": slug})
        + f"#perspective-{perspective.pk}"
    )


@login_required
@require_POST
def perspective_delete(request: HttpRequest, slug: str, perspective_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspective = get_object_or_404(access.initiative.perspectives, pk=perspective_id)
    services.delete_perspective(perspective=perspective)
    messages.success(request, _("Perspective “%(label)s” removed.") % {"label": perspective.label})
    return redirect("initiatives:perspectives", slug=slug)
