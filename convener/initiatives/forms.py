from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convener.core.translated import SpanishFieldsMixin
from convener.initiatives.models import (
    Initiative,
    Perspective,
    default_time_zone,
    time_zone_names,
)
from convener.initiatives.roles import ROLE_DESCRIPTIONS, Role


class InitiativeForm(SpanishFieldsMixin, forms.ModelForm):
    spanish_fields = {"title": _("Title in Spanish")}

    class Meta:
        model = Initiative
        fields = ["title", "issue", "practice_problem", "start_date", "time_zone", "plans"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "issue": forms.Textarea(attrs={"rows": 3}),
            "practice_problem": forms.Textarea(attrs={"rows": 4}),
            "plans": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"title": _("A short name the team will recognise.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = self.fields["time_zone"]
        zone.widget = forms.Select(
            choices=[(name, name.replace("_", " ")) for name in time_zone_names()]
        )
        zone.required = False  # an initiative made without choosing keeps the site's zone

    def clean_time_zone(self) -> str:
        return self.cleaned_data.get("time_zone") or default_time_zone()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, grantable: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.value, r.label) for r in Role if r.value in grantable]
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = choices
        role_field.initial = Role.MEMBER.value
        self.fields["role"].help_text = " ".join(
            f"{label}: {ROLE_DESCRIPTIONS[value]}" for value, label in choices
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class PerspectiveForm(SpanishFieldsMixin, forms.ModelForm):
    spanish_fields = {"label": _("Perspective in Spanish")}

    class Meta:
        model = Perspective
        fields = ["label", "is_family_youth", "target_percent"]
        labels = {"label": _("Perspective")}

    def __init__(self, *args: Any, initiative_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initiative_id = initiative_id

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        clash = Perspective.objects.filter(initiative_id=self._initiative_id, label__iexact=label)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This initiative already has that perspective."))
        return label
