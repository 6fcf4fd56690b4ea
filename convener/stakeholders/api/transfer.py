"""API endpoints for the transfer area (api/__init__.py merges the areas): bulk import.

The import takes rows as JSON objects keyed by column name, checks them exactly as the upload
page does, and writes all of them or none: any row error answers 422 with the errors per row.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from convener.accounts.auth import signed_in_user
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders import tabular
from convener.stakeholders.models import ImportMapping
from convener.stakeholders.services import transfer as services

router = Router()

IMPORT_PATH = "/initiatives/{slug}/stakeholders/import"
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


@router.post(
    IMPORT_PATH,
    response={200: ImportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Import stakeholders in bulk (all or nothing)",
)
def import_stakeholders(request: HttpRequest, slug: str, payload: ImportIn) -> ImportOut:
    """Add rows to the registry in one transaction.

    Any row error answers 422 and saves nothing; ``error.fields`` is keyed ``row N``, where
    N counts the rows from 1, with messages naming the field.
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
    try:
        summary = services.import_rows(
            initiative=access.initiative,
            actor=signed_in_user(request),
            header=header,
            rows=list(enumerate(rows, start=1)),
            mapping=mapping,
            default_choice=payload.duplicates,
            source="API",
            dry_run=payload.dry_run,
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
    return ImportOut(**summary.as_dict(), dry_run=payload.dry_run)


api_access: dict[str, RouteAccess] = {
    "POST /api/v1/initiatives/{slug}/stakeholders/import": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    "POST /api/v1/initiatives/{slug}/stakeholders/import": {
        "rows": [{"name": "Ana Ruiz", "email": "ana@example.org"}],
        "dry_run": True,
    },
}
