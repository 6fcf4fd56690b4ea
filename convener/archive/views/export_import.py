"""Owner pages: download the whole initiative, and import an export as a new initiative.

The import runs as a background job; its status page polls (htmx) until it is finished.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from convener.accounts.auth import signed_in_user
from convener.archive import selectors
from convener.archive.exporting import export_initiative, record_export
from convener.archive.forms import ImportForm
from convener.archive.graph import exported_models
from convener.archive.importing import ImportProblem, queue_archive_import
from convener.core.views.status import render_job_status
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability


@never_cache
@login_required
def export_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show what an export holds (GET); send the JSON file (POST, recorded in the audit log)."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    initiative = access.initiative
    if request.method == "POST":
        actor = signed_in_user(request)
        document = export_initiative(initiative=initiative, actor=actor)
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        record_export(
            initiative=initiative, actor=actor, document=document, size=len(response.content)
        )
        filename = f"{initiative.slug}-{timezone.now():%Y%m%d-%H%M}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    contents = []
    for item in exported_models():
        count = item.queryset(initiative).count()
        if count:
            contents.append((plural_name(item.model._meta), count))
    return render(
        request,
        "archive/export.html",
        {"access": access, "initiative": initiative, "contents": contents},
    )


@never_cache
@login_required
def import_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload an export file; a background job makes it a new initiative owned by the uploader."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    form = ImportForm(request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = queue_archive_import(
                initiative=access.initiative,
                actor=signed_in_user(request),
                data=upload.read(),
                filename=upload.name or "",
            )
        except ImportProblem as exc:
            problem = str(exc)
        else:
            return redirect("archive:import_status", slug=slug, import_id=job.pk)
    recent = selectors.imports_started_from(access.initiative)[:5]
    return render(
        request,
        "archive/import.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "problem": problem,
            "recent": recent,
        },
        status=400 if problem else 200,
    )


@never_cache
@login_required
@require_GET
def import_status(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """Show where an initiative import is; htmx polls the status fragment until it is finished."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    job = get_object_or_404(selectors.imports_started_from(access.initiative), pk=import_id)
    return render_job_status(
        request,
        "archive/import_status.html",
        {"access": access, "initiative": access.initiative, "job": job, "result": job.result},
    )


def plural_name(meta: Any) -> str:
    """Return a model's plural name; fix Django's default "+s" ("entrys", "batchs", "tallys")."""
    plural, singular = str(meta.verbose_name_plural), str(meta.verbose_name)
    if plural != singular + "s":
        return plural  # set by the model itself
    if singular.endswith("y") and singular[-2:-1] not in "aeiou":
        return singular[:-1] + "ies"
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    return plural
