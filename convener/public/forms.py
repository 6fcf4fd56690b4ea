from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from convener.activities.models import Activity
from convener.initiatives.models import Initiative
from convener.measuring.models import Round
from convener.public import selectors
from convener.public.models import SECTIONS, PublicPage

SECTION_LABELS = {
    "about": _("What the initiative is about"),
    "convenings": _("Upcoming convenings open to the public"),
    "heard": _("What we heard (rubric results, small groups never shown)"),
    "decided": _("What we decided and why (the decision log)"),
    "changing": _("What is changing"),
}


class ConveningChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # The date in words, in the page's language, as every other page shows it.
        return f"{obj.title} · {date_format(obj.starts_on, 'DATE_FORMAT')}"


class PublicPageForm(forms.Form):
    """The team's choices for the public page. Only the initiative's own records are offered."""

    is_published = forms.BooleanField(
        label=_("Publish the public page"),
        required=False,
        help_text=_("Anyone with the address can read it, without an account."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections shown"),
        choices=list(SECTION_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    about_en = forms.CharField(
        label=_("About the initiative, in English"),
        help_text=_("Leave empty to use the initiative's issue statement."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    about_es = forms.CharField(
        label=_("About the initiative, in Spanish"),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "es"}),
        required=False,
        max_length=4000,
    )
    changing_en = forms.CharField(
        label=_("What is changing, in English"),
        help_text=_("A few sentences about the changes under way. Do not name anyone."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    changing_es = forms.CharField(
        label=_("What is changing, in Spanish"),
        widget=forms.Textarea(attrs={"rows": 4, "lang": "es"}),
        required=False,
        max_length=4000,
    )
    activities = ConveningChoiceField(
        label=_("Convenings open to the public"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rounds = forms.ModelMultipleChoiceField(
        label=_("Rubric rounds whose results are shared"),
        queryset=Round.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, *args: Any, initiative: Initiative, page: PublicPage, today: dt.date, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "is_published": page.is_published,
                "sections": [s for s in SECTIONS if page.shows(s)],
                "about_en": page.about_en,
                "about_es": page.about_es,
                "changing_en": page.changing_en,
                "changing_es": page.changing_es,
                "activities": list(page.activities.values_list("pk", flat=True)),
                "rounds": list(page.rounds.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        activities = selectors.offered_activities(initiative, today)
        rounds = selectors.offered_rounds(initiative)
        activity_field = self.fields["activities"]
        round_field = self.fields["rounds"]
        assert isinstance(activity_field, forms.ModelMultipleChoiceField)
        assert isinstance(round_field, forms.ModelMultipleChoiceField)
        activity_field.queryset = Activity.objects.filter(pk__in=[a.pk for a in activities])
        round_field.queryset = Round.objects.filter(pk__in=[r.pk for r in rounds])
