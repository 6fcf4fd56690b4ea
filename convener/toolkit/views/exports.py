"""A worksheet's print view, and its PDF and Markdown downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language

from convener.accounts.auth import signed_in_user
from convener.framework.packs import localize
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.services import record_audit
from convener.toolkit import exports, services
from convener.toolkit.bound_sections import bind_sections, circle_labels
from convener.toolkit.models import Worksheet
from convener.toolkit.views.common import context, tool_name, visible_sections, worksheet_for

PRINT_CSS = "toolkit/print.css"


def _print_context(access: Access, sheet: Worksheet) -> dict[str, Any]:
    language = get_language()
    definition = services.definition_for(sheet.tool_key)
    sections = bind_sections(
        definition,
        visible_sections(sheet, definition),
        services.worksheet_values(sheet),
        {},
        language,
    )
    return context(
        access,
        worksheet=sheet,
        tool_name=tool_name(sheet.tool_key, language),
        feeds_summary=localize(definition.feeds_summary, language),
        sections=sections,
    )


def _filename(sheet: Worksheet, extension: str) -> str:
    return f"{slugify(sheet.title) or 'worksheet'}.{extension}"


@login_required
def print_view(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Show the worksheet as a clean page for printing."""
    access = get_initiative_for(request.user, slug)
    sheet = worksheet_for(access, worksheet_id)
    return render(request, "toolkit/print.html", _print_context(access, sheet))


@login_required
def export_pdf(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Download the worksheet as a PDF."""
    access = get_initiative_for(request.user, slug)
    sheet = worksheet_for(access, worksheet_id)
    html = render_to_string(
        "toolkit/print.html", {**_print_context(access, sheet), "for_pdf": True}, request=request
    )
    css = finders.find(PRINT_CSS)
    pdf = exports.render_pdf(html, Path(str(css)))
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="worksheet",
        target_id=sheet.pk,
        detail=f"pdf, {len(pdf)} bytes",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(sheet, "pdf")}"'
    return response


@login_required
def export_markdown(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Download the worksheet as Markdown."""
    access = get_initiative_for(request.user, slug)
    sheet = worksheet_for(access, worksheet_id)
    language = get_language()
    definition = services.definition_for(sheet.tool_key)
    text = exports.worksheet_markdown(
        title=sheet.title,
        tool_name=tool_name(sheet.tool_key, language),
        sections=visible_sections(sheet, definition),
        values=services.worksheet_values(sheet),
        language=language,
        circles=circle_labels(),
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="worksheet",
        target_id=sheet.pk,
        detail=f"markdown, {len(response.content)} bytes",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(sheet, "md")}"'
    return response
