"""The team's own words in other languages: one mechanism for every app's content.

A model with team-written text (a perspective's name, a session or proposal title, a round's
name…) keeps English in its ordinary fields and other languages in a JSON ``translations``
field: ``{"es": {"title": "…", "text": "…"}}``. Edit forms add a Spanish field beside each
translated one (``title_es``…) with :func:`add_spanish_fields`, and store what was written
with :func:`spanish_from` / :func:`set_spanish`. Participant pages show :func:`shown`, which
falls back to the English when no Spanish was written (and :func:`is_fallback` says so, for
``lang="en"``). Live items keep theirs in ``config["translations"]`` (``convener.live``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE = "en"
SPANISH = "es"
SUFFIX = "_" + SPANISH


def page_language(language: str | None = None) -> str:
    """Return ``language`` (the active one when None) without its region: "es-MX" gives "es"."""
    return (language or get_language() or SOURCE).split("-")[0]


def written(obj: Any, field: str, language: str) -> str:
    """Return the text the team wrote for ``field`` in ``language``, or ``""``."""
    texts = (getattr(obj, "translations", None) or {}).get(language) or {}
    value = texts.get(field) or ""
    return value.strip() if isinstance(value, str) else ""


def shown(obj: Any, field: str, language: str | None = None) -> str:
    """Return ``field`` of ``obj`` in ``language`` (the active one), else its English."""
    lang = page_language(language)
    if lang != SOURCE and (text := written(obj, field, lang)):
        return text
    return str(getattr(obj, field, "") or "")


def is_fallback(obj: Any, field: str, language: str | None = None) -> bool:
    """Whether a page in ``language`` shows the English of ``field`` for want of a translation."""
    lang = page_language(language)
    return lang != SOURCE and not written(obj, field, lang) and bool(getattr(obj, field, ""))


def add_spanish_fields(form: forms.BaseForm, names: Mapping[str, Any], obj: Any = None) -> None:
    """Add an optional ``<name>_es`` field after each English field in ``names``.

    ``names`` maps the English field to what the Spanish is written in (``"title"``). The new
    field copies the English field's widget kind and length; its initial value comes from
    ``obj``'s translations when ``obj`` is given.
    """
    for name, label in names.items():
        english = form.fields.get(name)
        widget: forms.Widget
        if english is not None and isinstance(english.widget, forms.Textarea):
            widget = forms.Textarea(attrs={"rows": english.widget.attrs.get("rows", 4)})
        else:
            widget = forms.TextInput()
        max_length = getattr(english, "max_length", None)
        field = forms.CharField(
            label=label,
            required=False,
            max_length=max_length,
            widget=widget,
            help_text=_("Shown to people reading in Spanish; left empty, they see the English."),
        )
        if obj is not None:
            field.initial = written(obj, name, SPANISH)
        form.fields[name + SUFFIX] = field
    # keep each Spanish field right after its English one
    order = []
    for key in list(form.fields):
        if key.endswith(SUFFIX) and key.removesuffix(SUFFIX) in names:
            continue
        order.append(key)
        if key in names:
            order.append(key + SUFFIX)
    form.order_fields(order)


def spanish_from(cleaned_data: dict[str, Any], names: Collection[str]) -> dict[str, str]:
    """Return ``{field: spanish}`` from a form's cleaned data (empty texts included)."""
    return {name: (cleaned_data.get(name + SUFFIX) or "").strip() for name in names}


def take_spanish(
    cleaned_data: dict[str, Any], names: Collection[str], current: dict[str, Any]
) -> dict[str, Any]:
    """Remove the ``<name>_es`` texts from ``cleaned_data``; return ``current`` with them.

    The result is the whole ``translations`` value to store (a new dict).
    """
    holder = type("Holder", (), {})()
    holder.translations = dict(current or {})
    set_spanish(holder, spanish_from(cleaned_data, names))
    for name in names:
        cleaned_data.pop(name + SUFFIX, None)
    return dict(holder.translations)


def set_spanish(obj: Any, texts: dict[str, str]) -> bool:
    """Store ``texts`` as ``obj``'s Spanish (empty removes); return whether anything changed."""
    current = dict(obj.translations or {})
    spanish = dict(current.get(SPANISH) or {})
    before = dict(spanish)
    for name, text in texts.items():
        if text:
            spanish[name] = text
        else:
            spanish.pop(name, None)
    if spanish == before:
        return False
    if spanish:
        current[SPANISH] = spanish
    else:
        current.pop(SPANISH, None)
    obj.translations = current
    return True


class SpanishFieldsMixin:
    """For a ModelForm: a Spanish field after each of ``spanish_fields``, stored on save.

    ``spanish_fields`` maps the English field to the Spanish field's label. The Spanish is
    written into ``instance.translations`` while cleaning, so ``form.save()`` stores it.
    """

    spanish_fields: dict[str, Any] = {}
    instance: Any
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spanish_fields(self, self.spanish_fields, self.instance)  # type: ignore[arg-type]

    def clean(self) -> dict[str, Any]:
        """Store the Spanish on the instance; ``cleaned_data["translations"]`` carries it too
        (for views that pass the cleaned data to a service)."""
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        self.instance.translations = take_spanish(
            data, self.spanish_fields, self.instance.translations
        )
        data["translations"] = self.instance.translations
        return data


def store_spanish(obj: Any, texts: dict[str, str]) -> None:
    """Save ``texts`` as ``obj``'s Spanish (for a service that stores only the English)."""
    if set_spanish(obj, texts):
        obj.save(update_fields=["translations"])
