"""The facilitator's button that copies a breakout's group notes into a toolkit worksheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.live import breakout_worksheets, kinds
from convener.live.models import Item
from convener.live.services import LiveError
from convener.live.views.common import item_for, session_for
from convener.toolkit.models import Worksheet
from convener.toolkit.services import definition_for


@require_POST
@login_required
def to_worksheet(request: HttpRequest, slug: str, session_id: int, item_id: int) -> HttpResponse:
    """Append the groups' notes to the worksheet chosen in ``worksheet`` ("new" starts one)."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    item = item_for(session, item_id)
    choice = request.POST.get("worksheet") or "new"
    worksheet = None
    if choice != "new":
        # Looked up in any initiative on purpose, so the service can refuse a foreign one.
        worksheet = Worksheet.objects.filter(pk=int(choice) if choice.isdigit() else 0).first()
        if worksheet is None:
            messages.error(request, _("Choose a worksheet from the list."))
            return redirect("live:facilitate", slug=slug, session_id=session.pk)
    try:
        report = breakout_worksheets.copy_notes_to_worksheet(
            item=item, worksheet=worksheet, actor=signed_in_user(request)
        )
    except LiveError as error:
        messages.error(request, str(error))
        return redirect("live:facilitate", slug=slug, session_id=session.pk)
    messages.success(request, _summary(report))
    return redirect("live:facilitate", slug=slug, session_id=session.pk)


def _summary(report: breakout_worksheets.CopyReport) -> str:
    parts = []
    if report.copied:
        where = "; ".join(f"{group} → {section}" for group, section in report.copied)
        parts.append(
            _("Copied into “%(worksheet)s” (as section comments): %(where)s.")
            % {"worksheet": report.worksheet.title, "where": where}
        )
    if report.already_there:
        parts.append(
            _("Already in “%(worksheet)s”, not copied again: %(n)d.")
            % {"worksheet": report.worksheet.title, "n": len(report.already_there)}
        )
    if report.empty_groups:
        parts.append(_("No notes yet: %(groups)s.") % {"groups": ", ".join(report.empty_groups)})
    return " ".join(parts) or _("There were no groups to copy.")


def form_context(item: Item | None) -> dict[str, Any] | None:
    """Return what the facilitator's copy form needs, or None when the item names no section."""
    if item is None or not kinds.get(item.kind).groups:
        return None
    try:
        tool, sections = breakout_worksheets.target_of(item)
    except LiveError:
        return None
    definition = definition_for(tool)
    language = get_language()
    pack = active_pack()
    return {
        "item": item,
        "tool": localize(pack.tool(tool).name, language) if tool in pack.tool_keys else tool,
        "sections": [localize(definition.section(key).title, language) for key in sections],
        "worksheets": breakout_worksheets.worksheets_for(item),
    }
