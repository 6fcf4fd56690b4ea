"""Forms a participant fills in without an account: the session code and signing in."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from convener.core.translated import is_fallback, shown
from convener.initiatives.models import Initiative
from convener.live.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH

LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=20,
        help_text=_("The six characters shown on the screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in code):
            raise ValidationError(_("A session code has six letters and digits, like K7M2QX."))
        return code


class TeamTextSelect(forms.Select):
    """A select whose options (all but the empty first) are the team's words, kept in English.

    On a page in another language they are marked lang="en", so that a screen reader reads
    them with English pronunciation (WCAG 3.1.2).
    """

    # The values shown in a translation the team wrote (those are not marked English).
    translated_values: set[str] = set()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"] in self.translated_values:
            return option
        if option["value"] and (translation.get_language() or "en").split("-")[0] != "en":
            option["attrs"]["lang"] = "en"
        return option


class JoinForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=120)
    location = forms.CharField(
        label=_("Where are you joining from?"),
        max_length=120,
        required=False,
        help_text=_("A town, county or organization. Optional."),
    )
    perspective = forms.ChoiceField(
        label=_("The perspective you bring"), required=False, widget=TeamTextSelect
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.perspectives = {p.key: p for p in initiative.perspectives.all()}
        choices: list[tuple[str, Any]] = [("", _("I'd rather not say"))]
        choices += [(p.key, shown(p, "label")) for p in self.perspectives.values()]
        perspective = self.fields["perspective"]
        assert isinstance(perspective, forms.ChoiceField)
        perspective.choices = choices
        assert isinstance(perspective.widget, TeamTextSelect)
        perspective.widget.translated_values = {
            p.key for p in self.perspectives.values() if not is_fallback(p, "label")
        }
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
