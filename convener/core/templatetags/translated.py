"""``{{ obj|shown:"title" }}``: the team's text in the page language, English when none was
written; ``{{ obj|lang_en:"title" }}`` gives `` lang="en"`` on such a fallback."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from convener.core import translated

register = template.Library()


@register.filter
def shown(obj: Any, field: str) -> str:
    """Return ``field`` of ``obj`` in the active language, falling back to English."""
    return translated.shown(obj, field)


@register.filter
def lang_en(obj: Any, field: str) -> SafeString:
    """Return `` lang="en"`` when the page shows ``field``'s English for want of a translation."""
    return mark_safe(' lang="en"') if translated.is_fallback(obj, field) else mark_safe("")
