"""`{{ text|localize }}`: show a pack text in the language of the current request."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from convener.framework.packs import localize as localize_text

register = template.Library()


@register.filter
def localize(text: str | Mapping[str, str] | None) -> str:
    """Return `text` in the active language, falling back to English."""
    return localize_text(text, get_language())
