"""Forms of a training series: its title, a new session for it, an existing session added."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convener.core.translated import add_spanish_fields
from convener.live.models import LiveSession

SPANISH_FIELDS = {"title": _("Title in Spanish")}


class SeriesForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example the cohort's name and year."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spanish_fields(self, SPANISH_FIELDS)


class NewSessionForm(forms.Form):
    template_key = forms.ChoiceField(label=_("Start from"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = templates


class ExistingSessionForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), coerce=int)

    def __init__(self, *args: Any, sessions: list[LiveSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.pk, s.title) for s in sessions]
