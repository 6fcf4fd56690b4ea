"""Owner pages: download the whole initiative, and import an export as a new initiative."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from convener.accounts.auth import signed_in_user
from convener.archive.exporting import export_initiative
from convener.archive.forms import ImportForm
from convener.archive.graph import exported_models
from convener.archive.importing import ImportProblem, import_bytes
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability


@never_cache
@login_required
def export_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show what an export holds (GET); send the JSON file (POST, recorded in the audit log)."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    initiative = access.initiative
    if request.method == "POST":
        document = export_initiative(initiative=initiative, actor=signed_in_user(request))
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        filename = f"{initiative.slug}-{timezone.now():%Y%m%d-%H%M}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    contents = []
    for item in exported_models():
        count = item.queryset(initiative).count()
        if count:
            contents.append((item.model._meta.verbose_name_plural, count))
    return render(
        request,
        "archive/export.html",
        {"access": access, "initiative": initiative, "contents": contents},
    )


@never_cache
@login_required
def import_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload an export file; it becomes a new initiative owned by the uploader."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    form = ImportForm(request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = import_bytes(
                data=form.cleaned_data["file"].read(), actor=signed_in_user(request)
            )
        except ImportProblem as exc:
            problem = str(exc)
        else:
            messages.success(
                request,
                _("Imported as a new initiative with %(count)s records. You are its owner.")
                % {"count": sum(result.created.values())},
            )
            return redirect("initiatives:home", slug=result.initiative.slug)
    return render(
        request,
        "archive/import.html",
        {"access": access, "initiative": access.initiative, "form": form, "problem": problem},
        status=400 if problem else 200,
    )
