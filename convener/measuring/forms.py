"""Forms for running rounds: round settings, paper entry and the custom row builder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from convener.core.translated import add_spanish_fields
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.purposes import PurposeFieldsMixin
from convener.measuring.models import NOT_SURE, Round, RoundKind
from convener.measuring.services import RESPONDENT_LANGUAGES, row_choices
from convener.stakeholders.models import Circle, Stakeholder

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(PurposeFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Whose view"), choices=RoundKind.choices, widget=forms.RadioSelect
    )
    rows = forms.MultipleChoiceField(
        label=_("Rubric rows"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    audience_circles = forms.MultipleChoiceField(
        label=_("Circles invited"),
        choices=Circle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_perspectives = forms.ModelMultipleChoiceField(
        label=_("Perspectives invited"),
        queryset=Perspective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With circles too, only people in both are invited."),
    )
    audience_stakeholders = forms.ModelMultipleChoiceField(
        label=_("Hand-picked stakeholders"),
        queryset=Stakeholder.objects.none(),
        required=False,
        help_text=_("Invited as well as the circles and perspectives above."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: respondents report their own perspective"),
        required=False,
        initial=True,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in RESPONDENT_LANGUAGES],
        initial=list(RESPONDENT_LANGUAGES),
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.DateTimeField(label=_("Opens"), required=False, widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=DateTimeLocalInput())
    allow_not_sure = forms.BooleanField(label=_("Offer “not sure”"), required=False, initial=True)
    allow_comments = forms.BooleanField(
        label=_("Allow a comment per item"), required=False, initial=True
    )
    suppression_threshold = forms.IntegerField(
        label=_("Smallest group shown"),
        min_value=3,
        initial=5,
        help_text=_("Groups with fewer respondents are not shown on their own (never below 3)."),
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_groups = row_choices(initiative=initiative)
        rows_field = self.fields["rows"]
        assert isinstance(rows_field, forms.MultipleChoiceField)
        rows_field.choices = [(name, rows) for _key, name, rows in self.row_groups]
        perspectives = self.fields["audience_perspectives"]
        assert isinstance(perspectives, forms.ModelMultipleChoiceField)
        perspectives.queryset = initiative.perspectives.all()
        people = self.fields["audience_stakeholders"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = Stakeholder.objects.active().filter(initiative=initiative)
        self.fields["kind"].initial = RoundKind.STAKEHOLDERS
        add_spanish_fields(self, {"name": _("Name in Spanish")})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        return data


class RoundNameForm(forms.Form):
    """A round's name, in English and in Spanish: people answering see it at the top."""

    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"name": round.name})
        super().__init__(*args, **kwargs)
        add_spanish_fields(self, {"name": _("Name in Spanish")}, round)


class PaperForm(forms.Form):
    """One paper form: the perspective written on it and one answer per row."""

    perspective = forms.ModelChoiceField(
        label=_("Perspective on the form"),
        queryset=Perspective.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )

    def __init__(self, *args: Any, round: Round, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        perspective = self.fields["perspective"]
        assert isinstance(perspective, forms.ModelChoiceField)
        perspective.queryset = round.initiative.perspectives.all()
        pack = active_pack()
        self.row_fields: list[tuple[str, str]] = []
        for row in round.instrument.rows:
            choices: list[tuple[str, Any]] = [("", _("No answer"))]
            for level, descriptor in zip(pack.depth_levels, row["descriptors"], strict=True):
                choices.append(
                    (
                        level.key,
                        f"{localize(level.name, language)}: {localize(descriptor, language)}",
                    )
                )
            choices.append((NOT_SURE, _("Not sure")))
            name = f"row_{row['key']}"
            self.fields[name] = forms.ChoiceField(
                label=localize(row["title"], language),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.row_fields.append((name, row["key"]))

    def row_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _key in self.row_fields]

    def answers(self) -> dict[str, str | None]:
        return {key: self.cleaned_data.get(name) or None for name, key in self.row_fields}


class CustomRowQuestionsForm(forms.Form):
    """Step one of the custom row builder: what the decision is, and the four checks."""

    habit = forms.ChoiceField(label=_("Habit"), choices=[])
    title = forms.CharField(
        label=_("Operational decision"),
        max_length=200,
        help_text=_("A decision the team makes in practice, e.g. “How meeting times are set”."),
    )
    makes_difference = forms.CharField(
        label=_("Does it make a difference to the work?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    observable = forms.CharField(
        label=_("Can people see it happen?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    beneficiaries_view = forms.CharField(
        label=_("Does it look different from the side of the people it serves?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    can_change = forms.CharField(
        label=_("Is it something the group can change?"), widget=forms.Textarea(attrs={"rows": 3})
    )

    QUESTION_FIELDS = ("makes_difference", "observable", "beneficiaries_view", "can_change")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        habit = self.fields["habit"]
        assert isinstance(habit, forms.ChoiceField)
        habit.choices = [
            (h.key, h.name.get_text(get_language()))
            for h in active_pack().habits
            if not h.is_integrating
        ]


class CustomRowForm(CustomRowQuestionsForm):
    """Step two: the four descriptors, from informing to transforming."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level in active_pack().depth_levels:
            self.fields[f"descriptor_{level.key}"] = forms.CharField(
                label=_("What it looks like at %(level)s")
                % {"level": level.name.get_text(get_language())},
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def descriptors(self) -> list[str]:
        return [self.cleaned_data[f"descriptor_{key}"] for key in active_pack().depth_keys]

    def descriptor_fields(self) -> list[forms.BoundField]:
        return [self[f"descriptor_{key}"] for key in active_pack().depth_keys]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("habit", "title", *self.QUESTION_FIELDS)]
