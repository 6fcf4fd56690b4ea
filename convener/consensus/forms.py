"""Forms for proposals, revisions, positions, comments and decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convener.consensus.models import Outcome, Proposal, Revision
from convener.consensus.processes import PROCESSES, Process
from convener.consensus.results import DEFAULT_THRESHOLD, MIN_THRESHOLD
from convener.core.translated import add_spanish_fields
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.purposes import PurposeFieldsMixin
from convener.measuring.services import row_choices
from convener.stakeholders.models import Circle, Stakeholder

ROW_PREFIX = "row:"
# The proposal's texts the team may also write in Spanish.
SPANISH_FIELDS = {"title": _("Title in Spanish"), "text": _("Proposal in Spanish")}
SERVES_OTHER = "other"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProposalForm(PurposeFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what the group would commit to, in plain words."),
    )
    process = forms.ChoiceField(label=_("Decision process"), widget=forms.RadioSelect)
    serves = forms.ChoiceField(
        label=_("What does it serve?"),
        required=False,
        help_text=_("Link the proposal to the rubric row it is evidence for, or describe it."),
    )
    serves_other = forms.CharField(
        label=_("Describe what it serves"),
        required=False,
        max_length=200,
        help_text=_("Used when you choose “something else”: a worksheet, a goal, a plan."),
    )
    audience_team = forms.BooleanField(
        label=_("The core team takes part"), required=False, initial=True
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
        label=_("Anonymous positions: show no names, only perspectives"), required=False
    )
    opens_at = forms.DateTimeField(label=_("Opens"), required=False, widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=DateTimeLocalInput())
    suppression_threshold = forms.IntegerField(
        label=_("Smallest group shown"),
        min_value=MIN_THRESHOLD,
        initial=DEFAULT_THRESHOLD,
        help_text=_(
            "Perspectives with fewer positions are not shown on their own (never below 3)."
        ),
    )

    def __init__(self, *args: Any, initiative: Initiative, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        process = self.fields["process"]
        assert isinstance(process, forms.ChoiceField)
        process.choices = [(p.key, p.name(language)) for p in PROCESSES.values()]
        process.initial = "gradients"
        self.processes = [
            (p.key, p.name(language), p.summary(language)) for p in PROCESSES.values()
        ]
        self.row_titles: dict[str, str] = {}
        grouped: list[tuple[str, Any]] = [("", _("Nothing in particular"))]
        for _key, habit_name, rows in row_choices(initiative=initiative):
            grouped.append((habit_name, [(ROW_PREFIX + key, title) for key, title in rows]))
            self.row_titles.update({key: title for key, title in rows})
        grouped.append((SERVES_OTHER, _("Something else (describe it below)")))
        serves = self.fields["serves"]
        assert isinstance(serves, forms.ChoiceField)
        serves.choices = grouped
        perspectives = self.fields["audience_perspectives"]
        assert isinstance(perspectives, forms.ModelMultipleChoiceField)
        perspectives.queryset = initiative.perspectives.all()
        people = self.fields["audience_stakeholders"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = Stakeholder.objects.active().filter(initiative=initiative)
        add_spanish_fields(self, SPANISH_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The proposal must close after it opens."))
        serves = data.get("serves") or ""
        if serves == SERVES_OTHER and not (data.get("serves_other") or "").strip():
            self.add_error("serves_other", _("Describe what the proposal serves."))
        return data

    def serves_link(self) -> tuple[str, str, str]:
        """Return (kind, reference, label) for what the proposal serves."""
        serves = self.cleaned_data.get("serves") or ""
        if serves.startswith(ROW_PREFIX):
            key = serves.removeprefix(ROW_PREFIX)
            return "rubric_row", key, self.row_titles.get(key, key)
        if serves == SERVES_OTHER:
            return "other", "", self.cleaned_data["serves_other"].strip()
        return "", "", ""


class SettingsForm(ProposalForm):
    """A proposal's settings after creation: everything but its text and process."""

    def __init__(self, *args: Any, proposal: Proposal, language: str, **kwargs: Any) -> None:
        if not args or args[0] is None:
            kwargs.setdefault("initial", settings_initial(proposal))
        super().__init__(*args, initiative=proposal.initiative, language=language, **kwargs)
        for name in ("title", "text", "process", *(f + "_es" for f in SPANISH_FIELDS)):
            del self.fields[name]


def settings_initial(proposal: Proposal) -> dict[str, Any]:
    """Return the settings form's starting values from ``proposal``."""
    if proposal.serves_kind == "rubric_row":
        serves = ROW_PREFIX + proposal.serves_ref
    else:
        serves = SERVES_OTHER if proposal.serves_kind else ""
    return {
        "serves": serves,
        "serves_other": proposal.serves_label if proposal.serves_kind != "rubric_row" else "",
        "audience_team": proposal.audience_team,
        "audience_circles": list(proposal.audience_circles),
        "audience_perspectives": list(proposal.audience_perspectives.all()),
        "audience_stakeholders": list(proposal.audience_stakeholders.all()),
        "anonymous": proposal.anonymous,
        "opens_at": proposal.opens_at,
        "closes_at": proposal.closes_at,
        "suppression_threshold": proposal.suppression_threshold,
        "purposes": list(proposal.purposes or []),
        "concerns": proposal.concerns,
    }


class RevisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Revised proposal"), widget=forms.Textarea(attrs={"rows": 6}))
    change_note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone asked to take a position on the new text."),
    )

    def __init__(self, *args: Any, proposal: Proposal, revision: Revision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spanish_fields(self, {"title": SPANISH_FIELDS["title"]}, proposal)
        add_spanish_fields(self, {"text": SPANISH_FIELDS["text"]}, revision)
        # A new note for a new revision: nothing to start from, unlike the text.
        add_spanish_fields(self, {"change_note": _("What changed, in Spanish")})


class PositionForm(forms.Form):
    """One position on a process: an option, and a reason (required for some options)."""

    option = forms.ChoiceField(label=_("Where do you stand?"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Your reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        process: Process,
        language: str,
        perspectives: list[Perspective] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.language = language
        option = self.fields["option"]
        assert isinstance(option, forms.ChoiceField)
        option.choices = [(o.key, o.label(language)) for o in process.options]
        if perspectives is not None:
            self.fields["perspective"] = forms.ModelChoiceField(
                label=_("Which perspective do you speak from?"),
                queryset=Perspective.objects.filter(pk__in=[p.pk for p in perspectives]),
                required=False,
                empty_label=_("Prefer not to say"),
            )

    def options(self) -> list[dict[str, Any]]:
        """Return the options with their meanings, for the template's radio list."""
        chosen = self["option"].value()
        return [
            {
                "key": o.key,
                "label": o.label(self.language),
                "meaning": o.meaning(self.language),
                "needs_reason": o.needs_reason,
                "checked": chosen == o.key,
                "number": i,
            }
            for i, o in enumerate(self.process.options, start=1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("option")
        if key and self.process.option(key).needs_reason and not (data.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("This choice needs a reason: say what concerns you, so the group can respond."),
            )
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Add to the discussion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    statement = forms.CharField(
        label=_("Outcome statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group decided, in a sentence or two people will recognise later."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_by = forms.CharField(
        label=_("Who decided"),
        max_length=300,
        help_text=_("For example: the core team and key participants, by consensus."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        add_spanish_fields(self, {"statement": _("Outcome statement in Spanish")})


class LiveForm(forms.Form):
    session = forms.ChoiceField(label=_("Live session"))

    def __init__(self, *args: Any, sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        session = self.fields["session"]
        assert isinstance(session, forms.ChoiceField)
        session.choices = [(str(s.pk), str(s)) for s in sessions]
