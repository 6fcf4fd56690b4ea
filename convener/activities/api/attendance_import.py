"""API: attendance from a meeting tool's participant report or saved chat.

The files arrive as multipart form data and are read only after the permission check, so an
outsider learns nothing from a 422 about the body. A dry run answers what would be recorded and
changes nothing; otherwise the attendance is recorded in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.activities.models import Activity, MeetingReportUpload
from convener.activities.services import attendance_import as importing
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

router = Router()

PATH = "/api/v1/initiatives/{slug}/activities/{activity_id}/attendance/import"
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}

_MULTIPART = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A Zoom participant report, a Teams attendance "
                            "report, a Google Meet attendance list (.csv) or a saved Zoom chat "
                            "(.txt).",
                        },
                        "chat": {
                            "type": "string",
                            "format": "binary",
                            "description": "Optional: the saved chat, read for sign-ins.",
                        },
                        "dry_run": {"type": "boolean", "default": True},
                        "decisions": {
                            "type": "string",
                            "description": 'JSON object: person key → stakeholder id, "new" '
                            'or "skip". Needed for every ambiguous person when recording.',
                        },
                    },
                    "required": ["file"],
                }
            }
        },
    }
}


class ReportCandidateOut(Schema):
    stakeholder_id: int
    name: str
    score: int = Field(description="Name similarity, 0-100.")


class ReportPersonOut(Schema):
    key: str = Field(description="Refer to this person in `decisions`.")
    name: str
    email: str
    status: str = Field(description="matched, new or ambiguous")
    stakeholder_id: int | None
    candidates: list[ReportCandidateOut]
    minutes: int = Field(description="Total minutes present; rejoins counted once.")
    rows: list[int] = Field(description="Line numbers in the file.")
    other_names: list[str]
    location: str = Field(description="From a chat sign-in, when there was one.")
    role: str = Field(description="From a chat sign-in, when there was one.")


class AttendanceImportOut(Schema):
    source: str = Field(description="zoom, teams, meet or zoom_chat")
    title: str
    started: dt.datetime | None
    warnings: list[str]
    dry_run: bool
    people: list[ReportPersonOut]
    recorded: int = Field(description="New attendance rows (0 on a dry run).")
    already_recorded: int
    added_to_registry: int
    left_out: int


def _person(p: importing.FoundPerson) -> ReportPersonOut:
    return ReportPersonOut(
        key=p.key,
        name=p.name,
        email=p.email,
        status=p.status,
        stakeholder_id=p.match.stakeholder_id,
        candidates=[
            ReportCandidateOut(stakeholder_id=c.id, name=c.name, score=c.score)
            for c in p.match.candidates
        ],
        minutes=p.minutes,
        rows=p.rows,
        other_names=p.other_names,
        location=p.location,
        role=p.role,
    )


def _bool(value: str | None) -> bool:
    return (value or "true").strip().lower() not in ("false", "0", "no", "off")


def _decisions(raw: str | None) -> dict[str, str]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or len(value) > importing.reports.MAX_ROWS:
        raise ApiError(422, "invalid", "decisions must be a JSON object of key → choice.")
    return {str(k): str(v) for k, v in value.items()}


@router.post(
    PATH.removeprefix("/api/v1"),
    response={200: AttendanceImportOut, **ERRORS},
    openapi_extra=_MULTIPART,
)
def import_attendance(
    request: HttpRequest, slug: str, activity_id: int
) -> Status[AttendanceImportOut]:
    """Read a meeting report; with ``dry_run=false`` record the attendance it shows."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = get_object_or_404(Activity, initiative=access.initiative, pk=activity_id)
    report = request.FILES.get("file")
    chat = request.FILES.get("chat")
    if report is None:
        raise ApiError(422, "invalid", "Send the report as the multipart field `file`.")
    for upload in (report, chat):
        if upload is not None and upload.size and upload.size > importing.reports.MAX_BYTES:
            raise ApiError(
                413,
                "too_large",
                f"A report may be at most {importing.reports.MAX_BYTES // (1024 * 1024)} MB.",
            )
    dry_run = _bool(request.POST.get("dry_run"))
    stored = MeetingReportUpload(
        activity=activity,
        report=report.read(),
        chat=chat.read() if chat else b"",
        created_by=signed_in_user(request),
    )
    try:
        review = importing.review_upload(stored)
        recorded = importing.Recorded(0, 0, 0, 0)
        if not dry_run:
            stored.save()
            recorded = importing.record_upload(
                upload=stored,
                actor=signed_in_user(request),
                decisions=_decisions(request.POST.get("decisions")),
            )
    except importing.ImportProblem as problem:
        MeetingReportUpload.objects.filter(pk=stored.pk).delete()
        raise ApiError(422, "invalid", str(problem), problem.fields or None) from None
    except (importing.ActivityError, ValidationError) as error:
        MeetingReportUpload.objects.filter(pk=stored.pk).delete()
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise ApiError(422, "invalid", message) from None
    return Status(
        200,
        AttendanceImportOut(
            source=review.source,
            title=review.title,
            started=review.started,
            warnings=review.warnings,
            dry_run=dry_run,
            people=[_person(p) for p in review.people],
            recorded=recorded.attended,
            already_recorded=recorded.already,
            added_to_registry=recorded.created,
            left_out=recorded.skipped,
        ),
    )


api_access: dict[str, RouteAccess] = {f"POST {PATH}": "member"}
api_sample_bodies: dict[str, dict[str, object]] = {}
