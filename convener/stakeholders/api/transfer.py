"""API endpoints for the transfer area (api/__init__.py merges the areas): bulk import.

The import takes rows as JSON objects keyed by column name and checks them exactly as the
upload page does: any row error answers 422 with the errors per row. Rows that pass are queued
as a background job (202 with the job's status URL); the job writes all of them or none, and
``GET .../stakeholders/imports/{batch_id}`` reports queued, running, done (with the counts)
or failed (with the reason). A dry run answers at once with the counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders import tabular
from convener.stakeholders.models import ImportBatch, ImportMapping, ImportStatus
from convener.stakeholders.services import transfer as services
from convener.stakeholders.services import transfer_jobs

router = Router()

IMPORT_PATH = "/initiatives/{slug}/stakeholders/import"
STATUS_PATH = "/initiatives/{slug}/stakeholders/imports/{batch_id}"
Cell = str | int | float | bool | None


class ImportIn(Schema):
    rows: list[dict[str, Cell]] = Field(
        min_length=1,
        max_length=tabular.MAX_ROWS,
        description="One object per stakeholder, keyed by column name (as in a spreadsheet).",
    )
    mapping: dict[str, str] | None = Field(
        default=None,
        description=(
            'Column name → field key (or "" to leave the column out). Columns not named here '
            "are matched by the initiative's remembered mapping, then by the usual aliases. "
            "Field keys: " + ", ".join(tabular.FIELDS)
        ),
    )
    duplicates: Literal["skip", "merge", "overwrite", "error"] = Field(
        default="skip",
        description=(
            "Rows matching an existing record by e-mail or by name and organization: skip them, "
            "merge (fill blank fields), overwrite (replace fields with non-blank values), or "
            "treat them as errors."
        ),
    )
    dry_run: bool = Field(default=False, description="Check and count, but save nothing.")


class ImportOut(Schema):
    rows: int
    created: int
    merged: int
    skipped: int
    organizations_created: int
    dry_run: bool


class ImportJobOut(Schema):
    id: int = Field(description="The import's id; poll its status at ``status_url``.")
    status: Literal["staged", "queued", "running", "done", "failed"] = Field(
        description=(
            "queued → running → done, or failed (nothing imported; see ``error``). An upload "
            "made on the import page is staged until someone reviews and imports it there."
        )
    )
    status_url: str = Field(description="The API path that reports this import's status.")
    page_url: str = Field(description="The page that shows the same status to a person.")
    rows: int = Field(description="Rows queued for import.")
    started_by: str = Field(description="Who started the import.")
    queued_at: dt.datetime | None
    finished_at: dt.datetime | None
    summary: ImportOut | None = Field(
        default=None, description="The counts, once the import is done."
    )
    error: str = Field(default="", description="Why nothing was imported, once it has failed.")


JOB_STATUS = {
    ImportStatus.STAGED: "staged",
    ImportStatus.QUEUED: "queued",
    ImportStatus.RUNNING: "running",
    ImportStatus.COMMITTED: "done",
    ImportStatus.FAILED: "failed",
}


def _job_out(slug: str, batch: ImportBatch) -> ImportJobOut:
    summary = batch.summary if batch.status == ImportStatus.COMMITTED else None
    return ImportJobOut(
        id=batch.pk,
        status=JOB_STATUS.get(ImportStatus(batch.status), "queued"),  # type: ignore[arg-type]
        status_url=f"/api/v1/initiatives/{slug}/stakeholders/imports/{batch.pk}",
        page_url=reverse("stakeholders:import_status", kwargs={"slug": slug, "batch_id": batch.pk}),
        rows=len(batch.rows) if batch.rows else int((batch.summary or {}).get("rows", 0)),
        started_by=str(batch.started_by or batch.created_by or ""),
        queued_at=batch.queued_at,
        finished_at=batch.finished_at,
        summary=ImportOut(**summary, dry_run=False) if summary else None,
        error=batch.error,
    )


@router.post(
    IMPORT_PATH,
    response={
        200: ImportOut,
        202: ImportJobOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Import stakeholders in bulk (all or nothing, as a background job)",
)
def import_stakeholders(
    request: HttpRequest, slug: str, payload: ImportIn
) -> ImportOut | Status[ImportJobOut]:
    """Check the rows, then queue their import: 202 with the job to poll.

    Any row error answers 422 at once and queues nothing; ``error.fields`` is keyed ``row N``,
    where N counts the rows from 1, with messages naming the field. The job writes every row
    or none (a row the registry refuses by then fails the job with the reason). A dry run
    answers 200 with the counts and saves nothing.
    """
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    header, rows = tabular.rows_from_records(payload.rows)
    remembered = ImportMapping.objects.filter(initiative=access.initiative).first()
    mapping = tabular.guess_mapping(header, remembered.mapping if remembered else None)
    for i, column in enumerate(header):
        if payload.mapping and column in payload.mapping:
            mapping[i] = payload.mapping[column]
    problems = tabular.mapping_errors(mapping)
    if problems:
        raise ApiError(422, "invalid_mapping", " ".join(problems), {"mapping": problems})
    actor = signed_in_user(request)
    numbered = list(enumerate(rows, start=1))
    try:
        summary = services.import_rows(
            initiative=access.initiative,
            actor=actor,
            header=header,
            rows=numbered,
            mapping=mapping,
            default_choice=payload.duplicates,
            source="API",
            dry_run=True,
        )
    except services.ImportRejected as exc:
        fields = {
            f"row {r.number}": [f"{e.column}: {e.message}" for e in r.errors] for r in exc.rows
        }
        raise ApiError(
            422,
            "invalid_rows",
            f"{len(exc.rows)} rows have errors; nothing was imported.",
            fields,
        ) from exc
    if payload.dry_run:
        return ImportOut(**summary.as_dict(), dry_run=True)
    batch = transfer_jobs.create_queued_import(
        initiative=access.initiative,
        actor=actor,
        header=header,
        rows=numbered,
        mapping=mapping,
        default_choice=payload.duplicates,
        source="api",
    )
    batch.refresh_from_db()
    return Status(202, _job_out(slug, batch))


@router.get(
    STATUS_PATH,
    response={200: ImportJobOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Status of a stakeholder import",
)
def import_status(request: HttpRequest, slug: str, batch_id: int) -> ImportJobOut:
    """Report a queued import: queued, running, done with the counts, or failed with why."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    batch = get_object_or_404(
        ImportBatch.objects.select_related("started_by", "created_by"),
        pk=batch_id,
        initiative=access.initiative,
    )
    return _job_out(slug, batch)


api_access: dict[str, RouteAccess] = {
    "POST /api/v1/initiatives/{slug}/stakeholders/import": "member",
    "GET /api/v1/initiatives/{slug}/stakeholders/imports/{batch_id}": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/initiatives/{slug}/stakeholders/import": {
        "rows": [{"name": "Ana Ruiz", "email": "ana@example.org"}],
        "dry_run": True,
    },
}
