"""The report form: a period, the sections, and the smallest group shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convener.reports import summaries


def section_choices() -> list[tuple[str, Any]]:
    labels = {
        "overview": _("Overview: the issue, the team and the period"),
        "participation": _("Participation balance"),
        "circles": _("The four circles"),
        "activities": _("Activity mix and the engagement ladder"),
        "rounds": _("Rubric rounds and their shifts"),
        "decisions": _("Decisions"),
        "chronology": _("Chronology"),
    }
    return [(key, labels[key]) for key in summaries.SECTIONS]


class ReportForm(forms.Form):
    since = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=section_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section.")},
    )
    threshold = forms.IntegerField(
        label=_("Smallest group shown on its own"),
        min_value=summaries.MIN_THRESHOLD,
        max_value=50,
        help_text=_(
            "Breakdowns by perspective hide any group with fewer people than this (never below 3)."
        ),
    )

    @classmethod
    def initial_for(cls, today: dt.date) -> dict[str, object]:
        period = summaries.default_period(today)
        return {
            "since": period.since,
            "until": period.until,
            "sections": list(summaries.SECTIONS),
            "threshold": summaries.DEFAULT_THRESHOLD,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until:
            problem = summaries.period_problem(since, until)
            if problem:
                self.add_error("until", problem)
        return data

    def period(self) -> summaries.Period:
        return summaries.Period(self.cleaned_data["since"], self.cleaned_data["until"])


class EngagementForm(forms.Form):
    """The stakeholder-engagement account's period and smallest group shown."""

    since = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    threshold = forms.IntegerField(
        label=_("Smallest group shown on its own"),
        min_value=summaries.MIN_THRESHOLD,
        max_value=50,
        required=False,
        help_text=_(
            "Breakdowns by perspective hide any group with fewer people than this (never below 3)."
        ),
    )

    @classmethod
    def bind(cls, query: Any, today: dt.date) -> EngagementForm:
        """Bind the query string, filling in the last 12 months and the default group size."""
        period = summaries.default_period(today)
        data = {
            "since": query.get("since") or period.since.isoformat(),
            "until": query.get("until") or period.until.isoformat(),
            "threshold": query.get("threshold") or str(summaries.DEFAULT_THRESHOLD),
        }
        return cls(data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until:
            problem = summaries.period_problem(since, until)
            if problem:
                self.add_error("until", problem)
        return data

    def period(self) -> summaries.Period:
        return summaries.Period(self.cleaned_data["since"], self.cleaned_data["until"])

    def group_size(self) -> int:
        return summaries.clamp_threshold(self.cleaned_data.get("threshold"))
