"""Worksheets in the JSON API: the tools, worksheets, and reading and writing answers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Field, Router, Schema
from ninja.responses import Status

from convener.accounts.auth import signed_in_user
from convener.core.api import ApiError, ErrorOut
from convener.core.routes import RouteAccess
from convener.framework.packs import localize
from convener.framework.packs.content import FIELD_TYPES, FieldDef
from convener.framework.services import active_pack
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.toolkit import engine, selectors, services
from convener.toolkit.models import Worksheet

router = Router()

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
BASE = "/initiatives/{slug}/toolkit"


class ChoiceOut(Schema):
    key: str
    label: str


class FieldOut(Schema):
    key: str
    type: str = Field(description="One of: " + ", ".join(FIELD_TYPES))
    label: str
    required: bool
    choices: list[ChoiceOut] = []
    columns: list[FieldOut] = []


class SectionOut(Schema):
    key: str
    title: str
    prompt: str
    feed: str | None
    fields: list[FieldOut]


class ToolOut(Schema):
    key: str
    habit: str
    name: str
    purpose: str
    worksheets: int
    completion: int = Field(description="Average completion of its worksheets, in percent.")
    sections: list[SectionOut] = Field(description="The worksheet definition (empty if none).")


class WorksheetIn(Schema):
    tool: str = Field(min_length=1, max_length=64)
    title: str = Field(default="", max_length=200)


class WorksheetOut(Schema):
    id: int
    tool: str
    title: str
    completion: int
    team: str | None = Field(description="The breakout team, for a team's copy.")
    created_at: dt.datetime
    updated_at: dt.datetime


class AnswerOut(Schema):
    value: Any = Field(description="The answer, shaped by the field type (see the engine).")
    version: int = Field(description="Send it back as base_version when writing.")


class WorksheetDetailOut(WorksheetOut):
    values: dict[str, dict[str, AnswerOut]]


class AnswerIn(Schema):
    value: Any
    base_version: int | None = Field(
        description="The version this answer was based on; a different current version is a "
        "409 conflict. Null overwrites whatever is there."
    )


def _field_out(fd: FieldDef, language: str | None) -> FieldOut:
    return FieldOut(
        key=fd.key,
        type=fd.type,
        label=localize(fd.label, language),
        required=fd.required,
        choices=[ChoiceOut(key=c.key, label=localize(c.label, language)) for c in fd.choices],
        columns=[_field_out(column, language) for column in fd.columns],
    )


def _worksheet_out(sheet: Worksheet) -> WorksheetOut:
    return WorksheetOut(
        id=sheet.pk,
        tool=sheet.tool_key,
        title=sheet.title,
        completion=sheet.completion,
        team=sheet.team.name if sheet.team else None,
        created_at=sheet.created_at,
        updated_at=sheet.updated_at,
    )


def _sheet(access_initiative: Any, worksheet_id: int) -> Worksheet:
    return get_object_or_404(
        Worksheet.objects.select_related("team"), pk=worksheet_id, initiative=access_initiative
    )


@router.get(BASE + "/tools", response={200: list[ToolOut], **ERRORS})
def list_tools(request: HttpRequest, slug: str) -> list[ToolOut]:
    """List the pack's tools with their worksheet definitions and this initiative's progress."""
    access = get_initiative_for(request.user, slug)
    pack, language = active_pack(), get_language()
    tools = []
    for summary in selectors.tool_summaries(access.initiative, pack, language):
        sections = []
        if summary.has_worksheet:
            for section in services.definition_for(summary.key, pack).sections:
                sections.append(
                    SectionOut(
                        key=section.key,
                        title=localize(section.title, language),
                        prompt=localize(section.prompt, language),
                        feed=section.feed,
                        fields=[_field_out(fd, language) for fd in section.fields],
                    )
                )
        tools.append(
            ToolOut(
                key=summary.key,
                habit=summary.habit,
                name=summary.name,
                purpose=summary.purpose,
                worksheets=summary.worksheets,
                completion=summary.completion,
                sections=sections,
            )
        )
    return tools


@router.get(BASE + "/worksheets", response={200: list[WorksheetOut], **ERRORS})
def list_worksheets(request: HttpRequest, slug: str) -> list[WorksheetOut]:
    """List the initiative's worksheets (breakout teams' copies included), newest first."""
    access = get_initiative_for(request.user, slug)
    sheets = Worksheet.objects.filter(initiative=access.initiative).select_related("team")
    return [_worksheet_out(sheet) for sheet in sheets]


@router.post(BASE + "/worksheets", response={201: WorksheetOut, **ERRORS})
def create_worksheet(request: HttpRequest, slug: str, payload: WorksheetIn) -> Status[WorksheetOut]:
    """Start a worksheet of a tool."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    try:
        sheet = services.create_worksheet(
            initiative=access.initiative,
            tool_key=payload.tool,
            title=payload.title.strip(),
            actor=signed_in_user(request),
        )
    except services.UnknownTool:
        raise ApiError(
            422, "invalid", "The request has invalid fields.", {"tool": ["No such tool."]}
        ) from None
    return Status(201, _worksheet_out(sheet))


@router.get(BASE + "/worksheets/{worksheet_id}", response={200: WorksheetDetailOut, **ERRORS})
def get_worksheet(request: HttpRequest, slug: str, worksheet_id: int) -> WorksheetDetailOut:
    """Read a worksheet with every answer and its version."""
    access = get_initiative_for(request.user, slug)
    sheet = _sheet(access.initiative, worksheet_id)
    versions = selectors.value_versions(sheet)
    values = {
        section: {
            key: AnswerOut(value=value, version=versions.get(f"{section}.{key}", 0))
            for key, value in fields.items()
        }
        for section, fields in services.worksheet_values(sheet).items()
    }
    return WorksheetDetailOut(**_worksheet_out(sheet).dict(), values=values)


@router.put(
    BASE + "/worksheets/{worksheet_id}/values/{section_key}/{field_key}",
    response={200: AnswerOut, **ERRORS},
)
def write_answer(
    request: HttpRequest,
    slug: str,
    worksheet_id: int,
    section_key: str,
    field_key: str,
    payload: AnswerIn,
) -> AnswerOut:
    """Write one answer. If someone changed it since base_version, answer 409 with both."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    sheet = _sheet(access.initiative, worksheet_id)
    if sheet.team is not None and sheet.team.breakout.merged_at is not None:
        raise ApiError(409, "read_only", "This team copy was merged and is read-only.")
    try:
        result = services.set_value(
            worksheet=sheet,
            section=section_key,
            field=field_key,
            value=payload.value,
            actor=signed_in_user(request),
            base_version=payload.base_version,
        )
    except services.UnknownField:
        raise ApiError(404, "not_found", "This worksheet has no such field.") from None
    except engine.InvalidValue as error:
        raise ApiError(
            422, "invalid", "The request has invalid fields.", {"value": [str(error)]}
        ) from None
    if result.conflict:
        raise ApiError(
            409,
            "conflict",
            "Someone else changed this answer since your base_version.",
            {
                "current_value": [json.dumps(result.current_value)],
                "current_version": [str(result.current_version)],
                "your_value": [json.dumps(result.value)],
            },
        )
    return AnswerOut(value=result.value, version=result.version)


PREFIX = "/api/v1" + BASE
ITEM = PREFIX + "/worksheets/{worksheet_id}"
api_access: dict[str, RouteAccess] = {
    f"GET {PREFIX}/tools": "viewer",
    f"GET {PREFIX}/worksheets": "viewer",
    f"POST {PREFIX}/worksheets": "member",
    f"GET {ITEM}": "viewer",
    f"PUT {ITEM}/values/{{section_key}}/{{field_key}}": "member",
}
api_sample_bodies: dict[str, dict[str, object]] = {
    f"POST {PREFIX}/worksheets": {"tool": "four_simple_questions", "title": "Route check"},
    f"PUT {ITEM}/values/{{section_key}}/{{field_key}}": {
        "value": "Route check",
        "base_version": None,
    },
}
