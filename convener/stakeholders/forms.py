"""Forms of the registry: the stakeholder form, grouped in fieldsets, and the bulk actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from convener.core.forms import name_empty_choices
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Circle, Kind, Power, Scale, Side, Stakeholder, Stance
from convener.stakeholders.services.registry import EDITABLE_FIELDS, parse_tag_names

FIELDSETS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (_("Identity"), ("kind", "name", "organization", "position")),
    (
        _("Perspective and landscape"),
        (
            "perspective",
            "concern_interest",
            "concern_affected",
            "concern_can_affect",
            "side",
            "power",
            "stance",
            "scale",
        ),
    ),
    (_("Circle"), ("circle", "what_they_might_do")),
    (
        _("Contact and consent"),
        ("email", "phone", "contact_permitted", "consent_date", "consent_source"),
    ),
    (_("Accessibility and language"), ("preferred_language", "accessibility_needs")),
    (_("Notes and tags"), ("notes", "tags")),
)


class StakeholderForm(forms.ModelForm):
    """Create or edit one stakeholder; choices are limited to the initiative's own records."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separate tags with commas, for example: youth council, rural."),
    )

    class Meta:
        model = Stakeholder
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "consent_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "what_they_might_do": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }
        help_texts = {
            "kind": _("A person, or an organization or group that people can belong to."),
            "organization": _("The organization or group this person belongs to, if any."),
            "perspective": _("The point of view this stakeholder brings to the table."),
            "what_they_might_do": _("What they might do for the initiative from this circle."),
            "preferred_language": _("A language code, for example en or es."),
            "consent_source": _("Where the permission came from, for example a sign-up form."),
        }

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organizations = Stakeholder.objects.filter(
            Q(erased_at__isnull=True) | Q(pk=self.instance.organization_id),
            initiative=initiative,
            kind=Kind.ORGANIZATION,
        ).order_by("name")
        if self.instance.pk:
            organizations = organizations.exclude(pk=self.instance.pk)
        organization.queryset = organizations
        perspective = self.fields["perspective"]
        assert isinstance(perspective, forms.ModelChoiceField)
        perspective.queryset = initiative.perspectives.all()
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())
        name_empty_choices(
            self, perspective=_("Choose a perspective"), organization=_("No organization")
        )

    def fieldsets(self) -> list[tuple[Promise, list[BoundField]]]:
        """Return (legend, bound fields) for each group of the form, in order."""
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if not email:
            return ""
        clash = Stakeholder.objects.filter(initiative=self.initiative, email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Someone in this registry already has that e-mail address.")
            )
        return email

    def clean_preferred_language(self) -> str:
        return (self.cleaned_data["preferred_language"] or "en").strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == Kind.ORGANIZATION and cleaned.get("organization"):
            self.add_error(
                "organization", _("An organization cannot belong to another organization.")
            )
        if (
            cleaned.get("kind") == Kind.PERSON
            and self.instance.pk
            and Stakeholder.objects.filter(organization_id=self.instance.pk).exists()
        ):
            self.add_error(
                "kind", _("People belong to this organization: it cannot become a person.")
            )
        return cleaned

    def tag_names(self) -> list[str]:
        return parse_tag_names(self.cleaned_data.get("tags") or "")

    def field_values(self) -> dict[str, Any]:
        """Return the model field values to hand to the registry services."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class BulkAction:
    MOVE = "move"
    TAG = "tag"
    EXPORT = "export"


class BulkForm(forms.Form):
    """An action on the stakeholders ticked in the list."""

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (BulkAction.MOVE, _("Move to a circle")),
            (BulkAction.TAG, _("Add a tag")),
            (BulkAction.EXPORT, _("Export")),
        ],
    )
    circle = forms.ChoiceField(
        label=_("Circle to move to"),
        required=False,
        choices=[("", _("Not placed in a circle")), *Circle.choices],
    )
    tag = forms.CharField(label=_("Tag to add"), required=False, max_length=60)
    format = forms.ChoiceField(
        label=_("File format"),
        required=False,
        choices=[("csv", "CSV"), ("xlsx", "XLSX")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _quick_selects(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The ticked rows come as repeated "ids" values; the services keep only this
        # initiative's own records, so anything else is simply ignored.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        cleaned["ids"] = sorted({int(v) for v in raw if str(v).isdigit()})
        if not cleaned["ids"]:
            raise forms.ValidationError(_("Tick at least one stakeholder first."))
        if cleaned.get("action") == BulkAction.TAG and not parse_tag_names(
            cleaned.get("tag") or ""
        ):
            self.add_error("tag", _("Give the tag a name."))
        return cleaned


class QuickSelect(forms.Select):
    """A single-choice <select> built in Python rather than through widget templates.

    The list page renders a dozen selects (one with every organization) on each request;
    the template-based widget spent more time on them than the whole database work.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        current = "" if value is None else str(value[0] if isinstance(value, list) else value)
        parts = []
        for key, label in self.choices:
            value_text = escape(str(key))
            selected = " selected" if str(key) == current else ""
            parts.append(f'<option value="{value_text}"{selected}>{escape(str(label))}</option>')
        # Every value and label is escaped above; flatatt escapes the attributes.
        return mark_safe(f"<select{flatatt(final)}>{''.join(parts)}</select>")


def _quick_selects(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField):
            # ChoiceField.choices is normalised to a list by the time the form exists.
            field.widget = QuickSelect(choices=cast(list[tuple[Any, Any]], field.choices))


YES_NO_CHOICES = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class RegistryFilterForm(forms.Form):
    """The list's search and filters, submitted by GET so that every view has a link."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_any(Kind.choices))
    circle = forms.ChoiceField(
        label=_("Circle"),
        required=False,
        choices=_any([*Circle.choices, ("none", _("Not placed"))]),
    )
    side = forms.ChoiceField(
        label=_("Internal or external"), required=False, choices=_any(Side.choices)
    )
    power = forms.ChoiceField(label=_("Power"), required=False, choices=_any(Power.choices))
    stance = forms.ChoiceField(label=_("Stance"), required=False, choices=_any(Stance.choices))
    scale = forms.ChoiceField(
        label=_("Level of scale"), required=False, choices=_any(Scale.choices)
    )
    concern_interest = forms.ChoiceField(
        label=_("Has an interest"), required=False, choices=YES_NO_CHOICES
    )
    concern_affected = forms.ChoiceField(
        label=_("Is affected"), required=False, choices=YES_NO_CHOICES
    )
    concern_can_affect = forms.ChoiceField(
        label=_("Can affect"), required=False, choices=YES_NO_CHOICES
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    language = forms.CharField(
        label=_("Preferred language"),
        required=False,
        max_length=10,
        help_text=_("A language code, for example es."),
    )
    contact_permitted = forms.ChoiceField(
        label=_("May be contacted"), required=False, choices=YES_NO_CHOICES
    )
    organization = forms.ChoiceField(label=_("Organization"), required=False)

    def __init__(
        self,
        *args: Any,
        perspectives: list[tuple[str, str]],
        tags: list[str],
        organizations: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _quick_selects(self)
        self._set_choices("perspective", [*perspectives, ("none", str(_("No perspective")))])
        self._set_choices("tag", [(t, t) for t in tags])
        self._set_choices("organization", [(str(pk), name) for pk, name in organizations])

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _any(list(choices))
        field.widget.choices = field.choices

    def more_fields(self) -> list[BoundField]:
        """Return every filter but the search box and the perspective (shown first)."""
        return [self[name] for name in self.fields if name not in ("q", "perspective")]
