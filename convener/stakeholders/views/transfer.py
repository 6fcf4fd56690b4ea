"""Import and export pages: upload → preview and fix → queue the import → follow its status.

The import itself runs as a background job, all or nothing; the status page polls for its
outcome. Export sends the registry, or the view its filters describe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from convener.accounts.auth import signed_in_user
from convener.core.exports import export_response
from convener.core.views.status import render_job_status
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders import tabular
from convener.stakeholders.models import ImportBatch, ImportStatus, Kind, Stakeholder
from convener.stakeholders.services import transfer as services
from convener.stakeholders.services import transfer_export, transfer_jobs

SHOWN_ERROR_ROWS = 200
SHOWN_DUPLICATES = 300
SHOWN_READY = 10
DUPLICATE_LABELS = {
    "skip": gettext_lazy("Skip: keep the existing record as it is"),
    "merge": gettext_lazy("Merge: fill the existing record's blank fields"),
    "overwrite": gettext_lazy("Update: replace fields with the file's values"),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "A CSV or Excel (.xlsx) file, first row holding the column names, at most 10 MB."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[
            ("", gettext_lazy("Detect from the file")),
            ("csv", "CSV"),
            ("xlsx", "Excel (.xlsx)"),
        ],
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > tabular.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: which registry field it fills."""

    def __init__(
        self, header: Sequence[str], mapping: Sequence[str], samples: Sequence[str], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        choices = [("", _("(leave this column out)")), *tabular.FIELDS.items()]
        for i, column in enumerate(header):
            sample = samples[i] if i < len(samples) else ""
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=column or _("Column %d (no name)") % (i + 1),
                choices=choices,
                required=False,
                initial=mapping[i] if i < len(mapping) else "",
                help_text=_("First row: %s") % sample if sample else "",
            )
        self.width = len(header)

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"col_{i}", "") for i in range(self.width)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for problem in tabular.mapping_errors(self.mapping()):
            self.add_error(None, problem)
        return cleaned


def _reviewable(batch: ImportBatch) -> bool:
    """True if the batch can be reviewed and (again) imported: staged, failed, or job lost."""
    return batch.status in (ImportStatus.STAGED, ImportStatus.FAILED) or batch.is_stale


def _batch_for(request: HttpRequest, slug: str, batch_id: int) -> tuple[Any, ImportBatch]:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    batch = get_object_or_404(ImportBatch, pk=batch_id, initiative=access.initiative)
    return access, batch


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.stage_import(
                initiative=access.initiative,
                actor=signed_in_user(request),
                data=upload.read(),
                filename=upload.name or "",
                fmt=form.cleaned_data["format"],
            )
        except tabular.TabularError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("stakeholders:import_preview", slug=slug, batch_id=batch.pk)
    waiting = ImportBatch.objects.filter(
        initiative=access.initiative,
        status__in=[
            ImportStatus.STAGED,
            ImportStatus.FAILED,
            ImportStatus.QUEUED,
            ImportStatus.RUNNING,
        ],
    ).select_related("created_by")[:10]
    return render(
        request,
        "stakeholders/transfer_upload.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "waiting": waiting,
            "fields": [
                (label, tabular.HEADER_ALIASES[key]) for key, label in tabular.FIELDS.items()
            ],
        },
    )


@login_required
def import_preview(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    access, batch = _batch_for(request, slug, batch_id)
    context: dict[str, Any] = {"access": access, "initiative": access.initiative, "batch": batch}
    if not _reviewable(batch):
        return redirect("stakeholders:import_status", slug=slug, batch_id=batch.pk)
    action = request.POST.get("action", "")
    first = batch.rows[0][1] if batch.rows else []
    bound = request.method == "POST" and action == "mapping"
    form = MappingForm(
        batch.header, batch.mapping, first, data=request.POST if bound else None, prefix="map"
    )
    if bound and form.is_valid():
        services.update_mapping(batch=batch, mapping=form.mapping())
        messages.success(request, _("Column mapping saved; it will be offered next time too."))
        return redirect(request.path)
    if request.method == "POST" and action in ("fix", "exclude"):
        return _change_row(request, batch, action)
    results = services.preview_import(batch)
    context.update(_preview_context(batch, results))
    context["form"] = form
    return render(request, "stakeholders/transfer_preview.html", context)


def _change_row(request: HttpRequest, batch: ImportBatch, action: str) -> HttpResponse:
    try:
        number = int(request.POST.get("row", ""))
    except ValueError:
        number = -1
    if action == "exclude":
        done = services.exclude_row(batch=batch, number=number)
        message = _("Row %d will be left out.") % number
    else:
        cells = {
            i: request.POST[f"cell_{i}"]
            for i in range(len(batch.header))
            if f"cell_{i}" in request.POST
        }
        done = services.fix_row(batch=batch, number=number, cells=cells)
        message = _("Row %d updated.") % number
    if done:
        messages.success(request, message)
    else:
        messages.error(request, _("That row is not in this import any more."))
    return redirect(request.path + "#problems")


def _preview_context(batch: ImportBatch, results: list[tabular.RowResult]) -> dict[str, Any]:
    """Return the counts and the tables the preview shows."""
    cells_by_row = {int(n): cells for n, cells in batch.rows}
    column_of = {key: i for i, key in enumerate(batch.mapping) if key}
    failing = [r for r in results if r.errors]
    duplicates = [r for r in results if r.duplicate_of is not None and not r.errors]
    ready = [r for r in results if r.duplicate_of is None and not r.errors]
    existing = dict(
        Stakeholder.objects.filter(
            pk__in=[r.duplicate_of for r in duplicates[:SHOWN_DUPLICATES]]
        ).values_list("id", "name")
    )
    # Values the fix inputs suggest (a <datalist> per field): perspectives and choices.
    suggestions: dict[str, list[str]] = {
        "perspective": list(batch.initiative.perspectives.values_list("label", flat=True)),
        **{key: list(values) for key, values in tabular.CHOICE_ALIASES.items()},
        "interest": ["yes", "no"],
        "affected": ["yes", "no"],
        "can_affect": ["yes", "no"],
        "contact_permitted": ["yes", "no"],
    }
    problems = []
    for r in failing[:SHOWN_ERROR_ROWS]:
        cells = cells_by_row.get(r.number, [])
        columns = sorted({column_of[e.column] for e in r.errors if e.column in column_of})
        problems.append(
            {
                "number": r.number,
                "name": r.values.get("name", ""),
                "errors": [
                    {"field": tabular.FIELDS.get(e.column, e.column), "message": e.message}
                    for e in r.errors
                ],
                "cells": [
                    {
                        "index": i,
                        "label": batch.header[i],
                        "value": cells[i],
                        "options": f"options-{batch.mapping[i]}"
                        if batch.mapping[i] in suggestions
                        else "",
                    }
                    for i in columns
                    if i < len(cells)
                ],
            }
        )
    return {
        "total": len(results),
        "ready_count": len(ready),
        "ready": [
            {
                "number": r.number,
                "name": r.values.get("name", ""),
                "kind": Kind(str(r.values["kind"])).label,
                "organization": r.values.get("organization", ""),
            }
            for r in ready[:SHOWN_READY]
        ],
        "suggestions": {
            f"options-{key}": values for key, values in suggestions.items() if key in batch.mapping
        },
        "failing_count": len(failing),
        "problems": problems,
        "duplicate_count": len(duplicates),
        "duplicates": [
            {
                "row": r,
                "existing_id": r.duplicate_of,
                "existing_name": existing.get(r.duplicate_of or 0),
            }
            for r in duplicates[:SHOWN_DUPLICATES]
        ],
        "importable": len(ready) + len(duplicates),
        "duplicate_labels": DUPLICATE_LABELS,
        "shown_error_rows": SHOWN_ERROR_ROWS,
        "shown_duplicates": SHOWN_DUPLICATES,
    }


@login_required
@require_POST
def import_commit(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """Check the batch once more and queue its import; the status page follows the job."""
    _access, batch = _batch_for(request, slug, batch_id)
    preview = reverse("stakeholders:import_preview", kwargs={"slug": slug, "batch_id": batch.pk})
    status = reverse("stakeholders:import_status", kwargs={"slug": slug, "batch_id": batch.pk})
    if not _reviewable(batch):
        return redirect(status)  # already queued or imported: a double click lands here
    default = request.POST.get("duplicates", "skip")
    default = default if default in DUPLICATE_LABELS else "skip"
    choices: dict[int, str] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("dup_") and key[4:].isdigit() and value in DUPLICATE_LABELS:
            choices[int(key[4:])] = value
    problems = tabular.mapping_errors(batch.mapping)
    if problems:
        messages.error(request, " ".join(problems))
        return redirect(preview)
    failing = [r for r in services.preview_import(batch) if r.errors]
    if failing:
        messages.error(
            request,
            ngettext(
                "Nothing was imported: %(count)d row has a problem. Fix it or leave it out.",
                "Nothing was imported: %(count)d rows have problems. Fix them or leave them out.",
                len(failing),
            )
            % {"count": len(failing)},
        )
        return redirect(preview + "#problems")
    transfer_jobs.queue_import(
        batch=batch, actor=signed_in_user(request), default_choice=default, choices=choices
    )
    return redirect(status)


@login_required
@require_GET
def import_status(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """Show where a queued import is; htmx polls the status fragment until it is finished."""
    access, batch = _batch_for(request, slug, batch_id)
    return render_job_status(
        request,
        "stakeholders/transfer_status.html",
        {"access": access, "initiative": access.initiative, "batch": batch},
    )


@login_required
@require_POST
def import_discard(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    _access, batch = _batch_for(request, slug, batch_id)
    if batch.status in (ImportStatus.STAGED, ImportStatus.FAILED):
        services.discard_import(batch=batch)
        messages.success(request, _("The uploaded file was discarded; nothing was imported."))
    return redirect("stakeholders:import", slug=slug)


@login_required
@require_GET
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the registry, or the view its filters describe, as CSV or XLSX."""
    access = get_initiative_for(request.user, slug)
    fmt = request.GET.get("format", "csv")
    fmt = fmt if fmt in ("csv", "xlsx") else "csv"
    params = {k: request.GET.get(k, "") for k in request.GET if k != "format"}
    header, rows = transfer_export.export_stakeholders(
        initiative=access.initiative,
        params=params,
        include_contact=access.can(Capability.CONTRIBUTE),
    )
    response = export_response(
        filename=f"{access.initiative.slug}-stakeholders-{dt.date.today().isoformat()}",
        fmt=fmt,
        header=header,
        rows=rows,
        sheet="Stakeholders",
    )
    transfer_export.record_export(
        initiative=access.initiative,
        actor=signed_in_user(request),
        header=header,
        rows=len(rows),
        fmt=fmt,
        size=len(response.content),
        what=transfer_export.filter_description(params),
    )
    return response
