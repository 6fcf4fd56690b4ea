"""Forms of the session editor: starting a session, its settings and adding an item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convener.core.translated import add_spanish_fields, take_spanish
from convener.live import kinds
from convener.live.models import ItemKind, LiveSession

# The session's texts participants see, which the team may also write in Spanish.
SPANISH_FIELDS = {"title": _("Title in Spanish"), "description": _("Description in Spanish")}
# Kinds a convener adds from the editor (proposals come from the decisions app).
EDITABLE_KINDS = [(k.value, k.label) for k in ItemKind if kinds.get(k.value).edited_here]


class SessionCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )
    template_key = forms.ChoiceField(label=_("Start from"), required=False)

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("An empty session")), *templates]


class SessionSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    suppression_threshold = forms.IntegerField(
        label=_("Smallest group shown in breakdowns"),
        min_value=1,
        max_value=50,
        help_text=_("Results by perspective hide groups smaller than this, to protect people."),
    )
    is_template = forms.BooleanField(label=_("Keep as a template"), required=False)

    def __init__(self, *args: Any, session: LiveSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        add_spanish_fields(self, SPANISH_FIELDS, session)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["translations"] = take_spanish(data, SPANISH_FIELDS, self.session.translations)
        return data


class AddItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of item"), choices=EDITABLE_KINDS)
