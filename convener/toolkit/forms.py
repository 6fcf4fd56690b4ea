"""Forms of the toolkit pages (the worksheet answers themselves are read by the engine)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convener.framework.packs.content import WorksheetDef


class NewWorksheetForm(forms.Form):
    tool = forms.ChoiceField(label=_("Tool"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave blank to name it after the tool."),
    )

    def __init__(self, *args: Any, tools: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tool = self.fields["tool"]
        assert isinstance(tool, forms.ChoiceField)
        tool.choices = tools


class CommentForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Add a comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


MAX_TEAMS = 3


class BreakoutForm(forms.Form):
    """Name up to three teams and give each section to one of them."""

    def __init__(self, *args: Any, definition: WorksheetDef, language: str | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.section_keys = [section.key for section in definition.sections]
        for number in range(1, MAX_TEAMS + 1):
            self.fields[f"team_{number}"] = forms.CharField(
                label=_("Name of team %(number)s") % {"number": number},
                max_length=100,
                required=number <= 2,
                initial=_("Team %(number)s") % {"number": number} if number <= 2 else "",
            )
        half = (len(self.section_keys) + 1) // 2
        choices = [("", _("Nobody (stays with the whole team)"))] + [
            (str(number), _("Team %(number)s") % {"number": number})
            for number in range(1, MAX_TEAMS + 1)
        ]
        for index, section in enumerate(definition.sections):
            self.fields[f"section_{section.key}"] = forms.ChoiceField(
                label=section.title.get_text(language),
                choices=choices,
                required=False,
                initial="1" if index < half else "2",
            )

    def teams(self) -> list[tuple[str, list[str]]]:
        """Return (team name, section keys) for every named team that got a section."""
        data = self.cleaned_data
        teams = []
        for number in range(1, MAX_TEAMS + 1):
            name = (data.get(f"team_{number}") or "").strip()
            keys = [key for key in self.section_keys if data.get(f"section_{key}") == str(number)]
            if name and keys:
                teams.append((name, keys))
        return teams

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_bound and not self.errors and len(self.teams()) < 2:
            raise forms.ValidationError(_("Give sections to at least two named teams."))
        return cleaned
