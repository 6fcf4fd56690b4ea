"""What a breakout group shows a participant in their language: its name and the worksheet
section it works on (by its title, never its internal ``tool_key:section_key``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from convener.framework.packs.content import localize
from convener.framework.services import active_pack
from convener.toolkit.services import UnknownTool, definition_for


def group_name_translations(number: int) -> dict[str, Any]:
    """Return the ``translations`` of group ``number``'s name in every other site language."""
    out: dict[str, Any] = {}
    for code, _name in settings.LANGUAGES:
        if code != "en":
            with override(code):
                out[code] = {"name": _("Group %(n)d") % {"n": number}}
    return out


def section_title(reference: str, language: str) -> str:
    """Return "Tool · Section" for ``"tool_key:section_key"`` in ``language``, or "" if unknown."""
    tool_key, _sep, section_key = reference.partition(":")
    try:
        section = definition_for(tool_key).section(section_key)
    except (UnknownTool, KeyError, LookupError):
        return ""
    try:
        tool_name = localize(active_pack().tool(tool_key).name, language)
    except (KeyError, LookupError):
        tool_name = ""
    title = localize(section.title, language)
    return f"{tool_name} · {title}" if tool_name else title
