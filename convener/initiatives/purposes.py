"""What a piece of work serves: the purposes the federal SPP/APR instructions name.

Since the 2020-2025 State Performance Plan / Annual Performance Report, a state describes how
stakeholders took part in setting targets, analysing data, developing improvement strategies
and evaluating progress. Activities, rubric rounds and proposals carry those purposes (a fixed
set, here) and the indicator or plan they concern (free text, offered from a list the
initiative keeps in its settings). The stakeholder-engagement report reads both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    TARGET_SETTING = "target_setting", _("Setting targets")
    DATA_ANALYSIS = "data_analysis", _("Analysing data")
    IMPROVEMENT_STRATEGIES = "improvement_strategies", _("Developing improvement strategies")
    EVALUATING_PROGRESS = "evaluating_progress", _("Evaluating progress")


PURPOSE_KEYS: tuple[str, ...] = tuple(Purpose.values)
CONCERN_MAX_LENGTH = 200
PLAN_DATALIST_ID = "initiative-plans"


def purposes_field() -> models.JSONField[Any, Any]:
    """Return the model field that holds a record's purposes (a list of ``Purpose`` values)."""
    return models.JSONField(_("purposes"), default=list, blank=True)


def concerns_field() -> models.CharField[str, str]:
    """Return the model field that holds the indicator or plan a record concerns."""
    return models.CharField(_("indicator or plan"), max_length=CONCERN_MAX_LENGTH, blank=True)


def clean_purposes(values: Iterable[str]) -> list[str]:
    """Return the known purposes among ``values``, once each, in the fixed order."""
    chosen = set(values)
    return [key for key in PURPOSE_KEYS if key in chosen]


def purpose_labels(keys: Iterable[str]) -> list[str]:
    names = dict(Purpose.choices)
    return [str(names[key]) for key in clean_purposes(keys)]


def plan_list(text: str) -> list[str]:
    """Return the initiative's indicators and plans: one per non-blank line, once each."""
    seen: list[str] = []
    for line in text.splitlines():
        name = line.strip()[:CONCERN_MAX_LENGTH]
        if name and name not in seen:
            seen.append(name)
    return seen


class Tagged(Protocol):
    purposes: Any
    concerns: str

    def save(self, *, update_fields: list[str]) -> None: ...


class PurposeFieldsMixin(forms.Form):
    """Form fields for the purposes and the indicator or plan a record concerns."""

    purposes = forms.MultipleChoiceField(
        label=_("What this work serves"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The purposes of stakeholder engagement the SPP/APR instructions name."),
    )
    concerns = forms.CharField(
        label=_("Indicator or plan"),
        max_length=CONCERN_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"list": PLAN_DATALIST_ID}),
        help_text=_(
            "For example: SPP/APR Indicator 17 (SSIP). Choose one the initiative keeps, "
            "or write another."
        ),
    )

    def clean_concerns(self) -> str:
        return " ".join(str(self.cleaned_data.get("concerns") or "").split())

    def purpose_initial(self, record: Tagged | None) -> None:
        """Fill the two fields from ``record`` (an unbound edit form)."""
        if record is not None and not self.is_bound:
            self.initial.setdefault("purposes", list(record.purposes or []))
            self.initial.setdefault("concerns", record.concerns)

    def tag_values(self) -> dict[str, Any]:
        return {
            "purposes": clean_purposes(self.cleaned_data.get("purposes") or []),
            "concerns": self.cleaned_data.get("concerns") or "",
        }


def save_tags(record: Tagged, *, purposes: Iterable[str], concerns: str) -> None:
    """Store what ``record`` serves and the indicator or plan it concerns."""
    record.purposes = clean_purposes(purposes)
    record.concerns = " ".join(concerns.split())[:CONCERN_MAX_LENGTH]
    record.save(update_fields=["purposes", "concerns"])
