"""The participation pages: the four circles, the dashboard, and the target mix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convener.core import charts as core_charts
from convener.initiatives.models import target_total_problem
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders.analytics import ParticipationReport, RangeCheck
from convener.stakeholders.models import Circle
from convener.stakeholders.services import participation as service
from convener.stakeholders.views import participation_charts as charts


class CirclePlacementForm(forms.Form):
    circle = forms.ChoiceField(
        label=gettext_lazy("Circle"),
        choices=[("", gettext_lazy("Not placed")), *Circle.choices],
        required=False,
    )
    what_they_might_do = forms.CharField(
        label=gettext_lazy("What they might do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubsetForm(forms.Form):
    circle = forms.ChoiceField(label=gettext_lazy("Circle"), required=False)
    tag = forms.ChoiceField(label=gettext_lazy("Tag"), required=False)

    def __init__(self, *args: Any, tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        circle = self.fields["circle"]
        tag = self.fields["tag"]
        assert isinstance(circle, forms.ChoiceField)
        assert isinstance(tag, forms.ChoiceField)
        circle.choices = [("", _("Every circle")), *Circle.choices]
        tag.choices = [("", _("Any tag")), *[(t, t) for t in tags]]


class TargetsForm(forms.Form):
    def __init__(self, *args: Any, perspectives: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.perspectives = perspectives
        for p in perspectives:
            self.fields[f"target_{p.pk}"] = forms.IntegerField(
                label=_("%(label)s: target share (%%)") % {"label": p.label},
                min_value=0,
                max_value=100,
                required=False,
                initial=p.target_percent,
            )

    def targets(self) -> dict[int, int | None]:
        return {p.pk: self.cleaned_data.get(f"target_{p.pk}") for p in self.perspectives}

    def clean(self) -> dict[str, Any]:
        """Refuse targets that cannot add up to 100 %, naming their total."""
        data = super().clean() or {}
        values = [data.get(f"target_{p.pk}") for p in self.perspectives]
        problem = target_total_problem(values)
        if problem:
            raise forms.ValidationError(problem)
        return data


def _check_text(check: RangeCheck) -> dict[str, str]:
    labels = {
        "critics": _("Critics are at the table"),
        "scale": _("Every level of scale is present: state, regional, local and practice"),
        "power": _("Both authority and influence are present"),
        "affected_family_youth": _("Families or youth are among the people affected"),
    }
    names = {
        "state": _("state"),
        "regional": _("regional"),
        "local": _("local"),
        "practice": _("practice"),
        "authority": _("authority"),
        "influence": _("influence"),
    }
    if check.passed:
        detail = ""
    elif check.missing:
        detail = _("Missing: %(items)s") % {"items": ", ".join(names[m] for m in check.missing)}
    elif check.key == "critics":
        detail = _("No one is listed as a critic.")
    else:
        detail = _("No family or youth perspective is marked as affected.")
    return {"label": labels[check.key], "detail": detail}


def _dashboard_context(report: ParticipationReport) -> dict[str, Any]:
    share_chart = core_charts.bar_chart(
        [
            core_charts.BarRow(row.label, row.share, f"{round(row.share * 100)}%", row.reference)
            for row in report.balance.perspectives
        ],
        core_charts.DASHBOARD,
        top=1.0,
    )
    circle_rows = [(str(charts.CIRCLE_SHORT[c.circle]), c.count) for c in report.circles.counts]
    circle_rows.append((str(charts.CIRCLE_SHORT[""]), report.circles.unplaced))
    circle_chart = core_charts.bar_chart(core_charts.count_rows(circle_rows), core_charts.DASHBOARD)
    concern_labels = {
        "interest": _("Have an interest in the issue"),
        "affected": _("Are affected by the issue"),
        "can_affect": _("Can affect the issue"),
    }
    rows = [
        {
            "row": row,
            "share": round(row.share * 100),
            "target": None if row.target is None else round(row.target * 100),
            "difference": f"{round(row.difference * 100):+d}",
        }
        for row in report.balance.perspectives
    ]
    return {
        "report": report,
        "balance_rows": rows,
        "share_chart": share_chart,
        "circle_chart": circle_chart,
        "circle_rows": circle_rows,
        "landscape": [(concern_labels[r.concern], r) for r in report.landscape],
        "checks": [(c, _check_text(c)) for c in report.range_checks],
        "evenness_percent": (
            None if report.balance.evenness is None else round(report.balance.evenness * 100)
        ),
        "distance_percent": (
            None if report.balance.distance is None else round(report.balance.distance * 100)
        ),
    }


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    initiative = access.initiative
    form = SubsetForm(request.GET or None, tags=service.tag_names(initiative))
    subset = service.Subset()
    if form.is_valid():
        subset = service.Subset(circle=form.cleaned_data["circle"], tag=form.cleaned_data["tag"])
    report = service.participation_report(initiative=initiative, subset=subset)
    return render(
        request,
        "stakeholders/participation_dashboard.html",
        {
            "access": access,
            "initiative": initiative,
            "form": form,
            "subset": subset,
            "subset_circle": charts.CIRCLE_SHORT.get(subset.circle, ""),
            **_dashboard_context(report),
        },
    )


@login_required
def targets(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspectives = list(access.initiative.perspectives.all())
    form = TargetsForm(request.POST or None, perspectives=perspectives)
    if request.method == "POST" and form.is_valid():
        values = form.targets()
        service.set_targets(perspectives=perspectives, targets=values)
        total = sum(v for v in values.values() if v is not None)
        if any(v is not None for v in values.values()) and total != 100:
            messages.success(
                request,
                _(
                    "Targets saved. They add up to %(total)s%%; the perspectives without a "
                    "target share the %(left)s%% left."
                )
                % {"total": total, "left": 100 - total},
            )
        else:
            messages.success(request, _("Targets saved."))
        return redirect("stakeholders:dashboard", slug=slug)
    current = sum(p.target_percent or 0 for p in perspectives)
    saved_problem = target_total_problem([p.target_percent for p in perspectives])
    return render(
        request,
        "stakeholders/participation_targets.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "current_total": current,
            "any_set": any(p.target_percent is not None for p in perspectives),
            "saved_problem": saved_problem,
        },
    )
