"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DASHES = "---------"  # Django's label for "no choice" (BLANK_CHOICE_DASH, ModelChoiceField)
NOT_SET = _("Not set")


def name_empty_choices(form: forms.BaseForm, **labels: str | Promise) -> None:
    """Give every select's empty choice a label a person can read instead of "---------".

    ``labels`` maps a field name to its own label ("Choose a perspective"); other fields get
    "Not set".
    """
    for name, field in form.fields.items():
        label = labels.get(name, NOT_SET)
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = label  # type: ignore[assignment]
        elif isinstance(field, forms.ChoiceField):
            # By the time a form exists, ChoiceField.choices is a plain list of pairs.
            choices = list(field.choices)  # type: ignore[arg-type]
            if any(value == "" and str(text) == DASHES for value, text in choices):
                field.choices = [
                    (value, label if value == "" and str(text) == DASHES else text)
                    for value, text in choices
                ]
