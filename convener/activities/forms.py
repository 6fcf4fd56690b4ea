"""Forms of the activities pages: the activity, invitations, check-in, roles and filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from convener.activities.models import (
    Activity,
    ActivityKind,
    Direction,
    EventKind,
    Formality,
    LearningMode,
)
from convener.activities.quadrants import QUADRANTS
from convener.activities.services.events import ACTIVITY_FIELDS, ROLE_EVENTS, time_problem
from convener.core.forms import name_empty_choices
from convener.core.translated import add_spanish_fields, spanish_from, store_spanish
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Perspective, time_zone_names
from convener.initiatives.purposes import PurposeFieldsMixin
from convener.stakeholders.models import Circle, Tag

BLANK = [("", "—")]
# The texts invitees read (the reply page) that the team may also write in Spanish.
SPANISH_FIELDS = {
    "title": _("Title in Spanish"),
    "description": _("Description in Spanish"),
    "place": _("Place in Spanish"),
}


def habit_choices() -> list[tuple[str, str]]:
    pack, language = active_pack(), get_language()
    return [(h.key, h.name.get_text(language)) for h in pack.habits]


def depth_choices() -> list[tuple[str, str]]:
    pack, language = active_pack(), get_language()
    return [(d.key, d.name.get_text(language)) for d in pack.depth_levels]


def quadrant_labels() -> dict[str, str]:
    return {
        "formal_from": str(_("Formal / Learning from")),
        "formal_with": str(_("Formal / Learning with")),
        "informal_from": str(_("Informal / Learning from")),
        "informal_with": str(_("Informal / Learning with")),
    }


class ActivityForm(PurposeFieldsMixin, forms.ModelForm):
    """Log or edit an activity; choices are limited to the initiative's own records."""

    audience_circles = forms.MultipleChoiceField(
        label=_("Audience circles"),
        choices=Circle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Activity
        fields = [*ACTIVITY_FIELDS, "expected_perspectives"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "custom_kind": forms.TextInput(attrs={"list": "custom-kinds"}),
            "expected_perspectives": forms.CheckboxSelectMultiple,
            "formality": forms.RadioSelect,
            "learning": forms.RadioSelect,
            "direction": forms.RadioSelect,
        }
        help_texts = {
            "start_time": _("Leave the times empty for an all-day activity."),
            "link": _("For an online convening: the meeting link invitations will carry."),
            "custom_kind": _("Only when the type is “Other”: name it, or reuse an earlier one."),
            "next_activity": _(
                "In a hybrid chain, the activity that follows this one, for example a two-way "
                "workgroup after a one-way webinar."
            ),
        }

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.purpose_initial(self.instance if self.instance.pk else None)
        self.fields["habit"] = forms.ChoiceField(
            label=_("Habit served"), choices=BLANK + habit_choices(), required=False
        )
        self.fields["intended_depth"] = forms.ChoiceField(
            label=_("Intended depth"), choices=BLANK + depth_choices(), required=False
        )
        perspectives = self.fields["expected_perspectives"]
        assert isinstance(perspectives, forms.ModelMultipleChoiceField)
        perspectives.queryset = Perspective.objects.filter(initiative=initiative)
        zone = self.fields["time_zone"]
        zone.widget = forms.Select(
            choices=[("", _("The initiative's (%(zone)s)") % {"zone": initiative.time_zone})]
            + [(name, name.replace("_", " ")) for name in time_zone_names()]
        )
        nxt = self.fields["next_activity"]
        assert isinstance(nxt, forms.ModelChoiceField)
        others = Activity.objects.filter(initiative=initiative).order_by("starts_on", "id")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        nxt.queryset = others
        # Radio buttons without the blank choice: leaving all unticked means "not recorded".
        for name, choices in (
            ("formality", Formality.choices),
            ("learning", LearningMode.choices),
            ("direction", Direction.choices),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = list(choices)
        add_spanish_fields(self, SPANISH_FIELDS, self.instance)
        name_empty_choices(self, next_activity=_("None"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == ActivityKind.CUSTOM and not (data.get("custom_kind") or "").strip():
            self.add_error("custom_kind", _("Name the type of activity."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        elif starts:
            trial = Activity(
                initiative=self.initiative,
                starts_on=starts,
                ends_on=ends,
                start_time=data.get("start_time"),
                end_time=data.get("end_time"),
                time_zone=data.get("time_zone") or "",
            )
            problem = time_problem(trial)
            if problem:
                self.add_error("end_time" if trial.start_time else "start_time", problem)
        return data

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ACTIVITY_FIELDS}

    def store_spanish(self, activity: Activity) -> None:
        """Save the Spanish title and description written in the form on ``activity``."""
        store_spanish(activity, spanish_from(self.cleaned_data, SPANISH_FIELDS))


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    habit = forms.ChoiceField(label=_("Habit"), required=False)
    quadrant = forms.ChoiceField(label=_("Quadrant"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["kind"].choices = any_choice + list(ActivityKind.choices)  # type: ignore[attr-defined]
        self.fields["habit"].choices = any_choice + habit_choices()  # type: ignore[attr-defined]
        labels = quadrant_labels()
        self.fields["quadrant"].choices = any_choice + [(k, labels[k]) for k in QUADRANTS]  # type: ignore[attr-defined]


class InviteFilterForm(forms.Form):
    """Narrow the registry down to the people to invite."""

    circle = forms.ChoiceField(label=_("Circle"), required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["circle"].choices = any_choice + list(Circle.choices)  # type: ignore[attr-defined]
        self.fields["perspective"].choices = any_choice + [  # type: ignore[attr-defined]
            (p.key, p.label) for p in initiative.perspectives.all()
        ]
        self.fields["tag"].choices = any_choice + [  # type: ignore[attr-defined]
            (t, t) for t in Tag.objects.filter(initiative=initiative).values_list("name", flat=True)
        ]


class WalkInForm(forms.Form):
    """Someone who came without an invitation: added to the registry and checked in."""

    name = forms.CharField(label=_("Name"), max_length=200)
    perspective = forms.ModelChoiceField(
        label=_("Perspective"), queryset=Perspective.objects.none(), required=False
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "walk_in")
        super().__init__(*args, **kwargs)
        field = self.fields["perspective"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Perspective.objects.filter(initiative=initiative)
        name_empty_choices(self, perspective=_("Choose a perspective"))


class RolesForm(forms.Form):
    """Note what some attendees did at the activity."""

    kind = forms.ChoiceField(label=_("What they did"))
    stakeholders = forms.TypedMultipleChoiceField(
        label=_("Who"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, attendees: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "roles")
        super().__init__(*args, **kwargs)
        labels = dict(EventKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in ROLE_EVENTS]  # type: ignore[attr-defined]
        self.fields["stakeholders"].choices = attendees  # type: ignore[attr-defined]
