"""Pages for the engagement ladder and the chronology of engagement."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from convener.accounts.auth import signed_in_user
from convener.activities import ladder_rules
from convener.activities.models import EngagementEvent, Milestone
from convener.activities.selectors import ladder as selectors
from convener.activities.selectors.ladder_overview import EMPTY, Group, ladder_overview
from convener.activities.services import ladder as services
from convener.core.exports import export_response
from convener.core.timeline import (
    TimelineEntry,
    build_timeline,
    entry_habits,
    filter_entries,
    group_by_quarter,
    to_markdown,
)
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Circle, Stakeholder

STALLED_SHOWN = 50


def level_labels() -> dict[int, str]:
    return {
        ladder_rules.Level.INVITED: _("Invited"),
        ladder_rules.Level.PARTICIPANT: _("Participant"),
        ladder_rules.Level.CONTRIBUTOR: _("Contributor"),
        ladder_rules.Level.PARTNER: _("Partner"),
        ladder_rules.Level.LEADER: _("Leader"),
    }


def habit_choices() -> list[tuple[str, str]]:
    language = get_language()
    return [(h.key, localize(h.name, language)) for h in active_pack().habits]


@dataclass(frozen=True)
class Segment:
    level: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    distribution: ladder_rules.Distribution
    segments: tuple[Segment, ...]
    sentence: str
    conversion: ladder_rules.Conversion

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(s.level, s.count) for s in self.segments]


def _segments(dist: ladder_rules.Distribution) -> tuple[Segment, ...]:
    labels, x, out = level_labels(), 0.0, []
    for level in ladder_rules.LEVELS:
        width = 100 * dist.share(level)
        out.append(
            Segment(level.key, labels[level], dist.counts[level], round(x, 3), round(width, 3))
        )
        x += width
    return tuple(out)


def sentence(label: str, dist: ladder_rules.Distribution) -> str:
    """Say how many of a group who took part moved past attending."""
    if not dist.took_part:
        return _("Nobody from %(group)s has taken part yet.") % {"group": label}
    values = {"moved": dist.past_participant, "total": dist.took_part, "group": label}
    if dist.past_participant == 0:
        return _("None of the %(total)s %(group)s moved past “attended”.") % values
    if dist.past_participant * 2 < dist.took_part:
        return _("Only %(moved)s of %(total)s %(group)s moved past “attended”.") % values
    return _("%(moved)s of %(total)s %(group)s moved past “attended”.") % values


def _row(key: str, label: str, group: Group) -> Row:
    dist = group.distribution(key)
    return Row(key, label, dist, _segments(dist), sentence(label, dist), group.conversion)


def _filters(request: HttpRequest, perspective_keys: list[str]) -> tuple[str, str]:
    perspective = request.GET.get("perspective", "")
    circle = request.GET.get("circle", "")
    if perspective not in (*perspective_keys, "none"):
        perspective = ""
    if circle not in (*Circle.values, "none"):
        circle = ""
    return perspective, circle


@login_required
def ladder_view(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    initiative = access.initiative
    keys = list(initiative.perspectives.values_list("key", flat=True))
    perspective, circle = _filters(request, keys)
    overview = ladder_overview(
        initiative=initiative,
        on=timezone.localdate(),
        perspective=perspective,
        circle=circle,
        stalled_limit=STALLED_SHOWN,
    )
    rows = [
        _row(p.key, p.label, overview.groups.get(p.key, EMPTY))
        for p in overview.taxonomy
        if not perspective or perspective == p.key
    ]
    if "" in overview.groups or perspective == "none":
        rows.append(
            _row("", _("people with no perspective recorded"), overview.groups.get("", EMPTY))
        )
    shown = overview.stalled
    who = selectors.names(initiative=initiative, ids=[s.person_id for s in shown])
    labels = {p.key: p.label for p in overview.taxonomy}
    return render(
        request,
        "activities/ladder_page.html",
        {
            "access": access,
            "initiative": initiative,
            "today": overview.on,
            "rows": rows,
            "overall": _row("all", _("everyone"), overview.everyone),
            "levels": [
                (lvl.key, lbl)
                for lvl, lbl in zip(ladder_rules.LEVELS, level_labels().values(), strict=True)
            ],
            "trend": [(q.label, q.distribution) for q in overview.trend],
            "stalled": [
                (s, who.get(s.person_id, ("", False)), labels.get(s.perspective_key, ""))
                for s in shown
            ],
            "stalled_total": overview.stalled_total,
            # Each person's pages are these plus their id (see stakeholders' registry_urls.py
            # and ladder_urls.py): two reverse() a page instead of two per person.
            "registry_url": reverse("stakeholders:list", kwargs={"slug": initiative.slug}),
            "ladder_url": reverse("activities:ladder", kwargs={"slug": initiative.slug}),
            "perspectives": overview.taxonomy,
            "circles": Circle.choices,
            "perspective": perspective,
            "circle": circle,
            "svg_height": 12 * len(rows),
        },
    )


@login_required
def person_ladder(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    stakeholder = get_object_or_404(Stakeholder, initiative=access.initiative, pk=stakeholder_id)
    people = ladder_rules.group_events(
        selectors.load_events(initiative=access.initiative, stakeholder_id=stakeholder.pk)
    )
    person = people.get(stakeholder.pk)
    labels = level_labels()
    today = timezone.localdate()
    events = (
        EngagementEvent.objects.filter(initiative=access.initiative, stakeholder=stakeholder)
        .select_related("activity")
        .order_by("-occurred_on", "-id")
    )
    return render(
        request,
        "activities/ladder_person.html",
        {
            "access": access,
            "initiative": access.initiative,
            "stakeholder": stakeholder,
            "level": labels[level]
            if person and (level := ladder_rules.level_on(person, today)) is not None
            else "",
            "history": [(day, labels[lvl]) for day, lvl in ladder_rules.history(person)]
            if person
            else [],
            "events": events,
        },
    )


# --- Chronology ---


class MilestoneForm(forms.Form):
    occurred_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=gettext_lazy("Milestone"), max_length=200)
    what_changed = forms.CharField(
        label=gettext_lazy("What changed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    value_produced = forms.CharField(
        label=gettext_lazy("Value produced"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    habit = forms.ChoiceField(label=gettext_lazy("Habit"), required=False)
    perspectives = forms.MultipleChoiceField(
        label=gettext_lazy("Perspectives involved"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, initiative: Initiative, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        habit = self.fields["habit"]
        perspectives = self.fields["perspectives"]
        assert isinstance(habit, forms.ChoiceField)
        assert isinstance(perspectives, forms.ChoiceField)
        habit.choices = [("", _("Not tied to one habit")), *habit_choices()]
        perspectives.choices = [(p.key, p.label) for p in selectors.perspectives(initiative)]

    def clean_occurred_on(self) -> object:
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("A milestone is something that has happened: pick today or earlier.")
            )
        return day


def _chronology_entries(
    request: HttpRequest, initiative: Initiative
) -> tuple[list[TimelineEntry], str, str]:
    habit = request.GET.get("habit", "")
    perspective = request.GET.get("perspective", "")
    entries = filter_entries(build_timeline(initiative), habit=habit, perspective=perspective)
    return entries, habit, perspective


def kind_labels() -> dict[str, str]:
    return {
        "activity": _("Activity"),
        "milestone": _("Milestone"),
        "circle_move": _("Circle move"),
        "survey_round": _("Survey round"),
        "decision": _("Decision"),
        "worksheet": _("Worksheet"),
        "invitation": _("Invitation"),
        "brand_pulse": _("Brand pulse"),
    }


@login_required
def chronology(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    entries, habit, perspective = _chronology_entries(request, access.initiative)
    habits = dict(habit_choices())
    taxonomy = selectors.perspectives(access.initiative)
    labels = {p.key: p.label for p in taxonomy}
    kinds = kind_labels()
    years = [
        (
            year.year,
            [
                (
                    q.quarter,
                    [
                        (
                            e,
                            kinds.get(e.kind, e.kind),
                            [habits.get(h, h) for h in entry_habits(e)],
                            [labels.get(k, k) for k in e.perspective_keys],
                        )
                        for e in q.entries
                    ],
                )
                for q in year.quarters
            ],
        )
        for year in group_by_quarter(entries)
    ]
    return render(
        request,
        "activities/chronology_page.html",
        {
            "access": access,
            "initiative": access.initiative,
            "years": years,
            "count": len(entries),
            "habits": list(habits.items()),
            "perspectives": taxonomy,
            "habit": habit,
            "perspective": perspective,
            "query": request.GET.urlencode(),
            "milestones": Milestone.objects.filter(initiative=access.initiative).order_by(
                "-occurred_on", "-id"
            )[:20],
        },
    )


@login_required
def chronology_export(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx", "md"):
        raise Http404
    entries, _habit, _perspective = _chronology_entries(request, access.initiative)
    filename = f"{access.initiative.slug}-chronology"
    if fmt == "md":
        labels = {**dict(habit_choices()), **kind_labels()}
        body = to_markdown(
            _("A quick chronology of engagement: %(title)s") % {"title": access.initiative.title},
            entries,
            labels=labels,
        )
        response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.md"'
        response["Cache-Control"] = "no-store"
    else:
        response = export_response(
            filename=filename,
            fmt=fmt,
            header=["date", "kind", "title", "habits", "perspectives", "detail"],
            rows=[
                [
                    e.occurred_on,
                    e.kind,
                    e.title,
                    ", ".join(entry_habits(e)),
                    ", ".join(e.perspective_keys),
                    e.detail,
                ]
                for e in entries
            ],
            sheet="Chronology",
        )
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="chronology",
        detail=f"{fmt}, {len(entries)} entries, {len(response.content)} bytes",
    )
    return response


def _milestone_form_page(
    request: HttpRequest, access: object, form: MilestoneForm, milestone: Milestone | None
) -> HttpResponse:
    return render(
        request,
        "activities/chronology_milestone_form.html",
        {"access": access, "initiative": access.initiative, "form": form, "milestone": milestone},  # type: ignore[attr-defined]
    )


@login_required
def milestone_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    form = MilestoneForm(request.POST or None, initiative=access.initiative)
    if request.method == "POST" and form.is_valid():
        services.save_milestone(
            initiative=access.initiative,
            actor=signed_in_user(request),
            perspective_keys=form.cleaned_data.pop("perspectives"),
            **form.cleaned_data,
        )
        messages.success(request, _("Milestone added to the chronology."))
        return redirect("activities:chronology", slug=slug)
    return _milestone_form_page(request, access, form, None)


@login_required
def milestone_edit(request: HttpRequest, slug: str, milestone_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    milestone = get_object_or_404(Milestone, initiative=access.initiative, pk=milestone_id)
    initial = {
        "occurred_on": milestone.occurred_on,
        "title": milestone.title,
        "what_changed": milestone.what_changed,
        "value_produced": milestone.value_produced,
        "habit": milestone.habit,
        "perspectives": [p.key for p in milestone.perspectives.all()],
    }
    form = MilestoneForm(request.POST or None, initial=initial, initiative=access.initiative)
    if request.method == "POST" and form.is_valid():
        services.save_milestone(
            initiative=access.initiative,
            actor=signed_in_user(request),
            milestone=milestone,
            perspective_keys=form.cleaned_data.pop("perspectives"),
            **form.cleaned_data,
        )
        messages.success(request, _("Milestone saved."))
        return redirect("activities:chronology", slug=slug)
    return _milestone_form_page(request, access, form, milestone)


@login_required
def milestone_delete(request: HttpRequest, slug: str, milestone_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    milestone = get_object_or_404(Milestone, initiative=access.initiative, pk=milestone_id)
    if request.method == "POST":
        services.delete_milestone(milestone=milestone, actor=signed_in_user(request))
        messages.success(request, _("Milestone deleted."))
        return redirect("activities:chronology", slug=slug)
    return render(
        request,
        "activities/chronology_milestone_delete.html",
        {"access": access, "initiative": access.initiative, "milestone": milestone},
    )
