"""The history of a worksheet's answers, with restore; and the breakout pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.framework.packs import localize
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.toolkit import breakouts, engine, services
from convener.toolkit.bound_sections import circle_labels
from convener.toolkit.forms import BreakoutForm
from convener.toolkit.views.common import context, is_writable, tool_name, worksheet_for

HISTORY_LIMIT = 200


@login_required
def history(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """List the changes of every answer (or of one section/field), newest first; restore one."""
    need = Capability.CONTRIBUTE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    sheet = worksheet_for(access, worksheet_id)
    if request.method == "POST":
        revision = get_object_or_404(
            sheet.revisions, pk=request.POST.get("revision", "0").strip() or 0
        )
        if not is_writable(access, sheet):
            messages.error(request, _("This copy was merged and can no longer be changed."))
        elif services.restore_revision(revision=revision, actor=signed_in_user(request)).saved:
            messages.success(request, _("The earlier answer is back."))
        else:
            messages.info(request, _("That answer is already the current one."))
        return redirect("toolkit:history", slug=slug, worksheet_id=sheet.pk)
    language, circles = get_language(), circle_labels()
    definition = services.definition_for(sheet.tool_key)
    revisions = sheet.revisions.select_related("author")
    section_key = request.GET.get("section", "")
    if section_key:
        revisions = revisions.filter(section_key=section_key)
    field_key = request.GET.get("field", "")
    if field_key:
        revisions = revisions.filter(field_key=field_key)
    rows = []
    for revision in revisions[:HISTORY_LIMIT]:
        try:
            section = definition.section(revision.section_key)
            fd = section.field(revision.field_key)
        except KeyError:
            continue
        rows.append(
            {
                "revision": revision,
                "where": f"{localize(section.title, language)} — {localize(fd.label, language)}",
                "text": engine.display_text(fd, revision.new_value, language, circles),
            }
        )
    return render(
        request,
        "toolkit/history.html",
        context(
            access,
            worksheet=sheet,
            tool_name=tool_name(sheet.tool_key, language),
            rows=rows,
            writable=is_writable(access, sheet),
            filtered=bool(section_key or field_key),
        ),
    )


@login_required
def breakout(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Split the worksheet's sections among sub-teams, or show the breakout in progress."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    sheet = worksheet_for(access, worksheet_id)
    language = get_language()
    definition = services.definition_for(sheet.tool_key)
    current = breakouts.open_breakout(sheet)
    form = BreakoutForm(request.POST or None, definition=definition, language=language)
    if request.method == "POST" and current is None and form.is_valid():
        try:
            breakouts.start_breakout(
                worksheet=sheet, teams=form.teams(), actor=signed_in_user(request)
            )
        except breakouts.BreakoutError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Breakout started: each team now has its own copy."))
            return redirect("toolkit:breakout", slug=slug, worksheet_id=sheet.pk)
    teams = []
    if current is not None:
        for team in current.teams.select_related("copy"):
            teams.append(
                {
                    "team": team,
                    "sections": [
                        localize(section.title, language)
                        for section in engine.sections_by_key(definition, team.section_keys)
                    ],
                }
            )
    return render(
        request,
        "toolkit/breakout.html",
        context(
            access,
            worksheet=sheet,
            tool_name=tool_name(sheet.tool_key, language),
            form=form,
            current=current,
            teams=teams,
        ),
    )


@login_required
@require_POST
def merge(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Merge every team's copy back into the main worksheet."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    sheet = worksheet_for(access, worksheet_id)
    current = breakouts.open_breakout(sheet)
    if current is None:
        messages.error(request, _("There is no breakout to merge."))
        return redirect("toolkit:worksheet", slug=slug, worksheet_id=sheet.pk)
    notes = breakouts.merge_breakout(breakout=current, actor=signed_in_user(request))
    for note in notes:
        messages.warning(request, note)
    messages.success(request, _("The teams' answers are merged into the worksheet."))
    return redirect("toolkit:worksheet", slug=slug, worksheet_id=sheet.pk)
