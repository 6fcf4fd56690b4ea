"""The activities pages: list, log, edit and delete an activity, and its page.

Inviting, checking in and noting roles are in ``views/attendance.py``; participation, the
keep-inviting list and the quadrants in ``views/participation.py``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.auth import signed_in_user
from convener.activities import quadrants
from convener.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    RolesForm,
    depth_choices,
    habit_choices,
    quadrant_labels,
)
from convener.activities.models import (
    Activity,
    EventKind,
    InvitationStatus,
)
from convener.activities.selectors import activities as reads
from convener.activities.services import events as services
from convener.activities.services import invitations
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.purposes import save_tags
from convener.initiatives.roles import Capability
from convener.stakeholders.models import Circle


def get_activity(access: Access, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("initiative", "next_activity"),
        initiative=access.initiative,
        pk=activity_id,
    )


def _kind_label(activity: Activity) -> str:
    return activity.custom_kind or activity.get_kind_display()


def _filtered(qs: QuerySet[Activity], form: ActivityFilterForm) -> QuerySet[Activity]:
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["kind"]:
        qs = qs.filter(kind=data["kind"])
    if data["habit"]:
        qs = qs.filter(habit=data["habit"])
    if data["quadrant"]:
        formality, learning = data["quadrant"].split("_", 1)
        qs = qs.filter(formality=formality, learning=learning)
    return qs


@login_required
def activity_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    form = ActivityFilterForm(request.GET or None)
    qs = _filtered(Activity.objects.filter(initiative=access.initiative), form)
    invited, attended = reads.counts_per_activity(access.initiative)
    today = timezone.localdate()
    habits = dict(habit_choices())
    labels = quadrant_labels()
    rows: list[dict[str, Any]] = [
        {
            "activity": a,
            "invited": invited.get(a.pk, 0),
            "attended": attended.get(a.pk, 0),
            "kind": _kind_label(a),
            "habit": habits.get(a.habit, ""),
            "quadrant": labels.get(quadrants.quadrant_of(a.formality, a.learning), ""),
        }
        for a in qs
    ]
    return render(
        request,
        "activities/events_list.html",
        {
            "access": access,
            "initiative": access.initiative,
            "filter_form": form,
            "filtered": bool(request.GET),
            "upcoming": [r for r in rows if r["activity"].starts_on >= today][::-1],
            "past": [r for r in rows if r["activity"].starts_on < today],
        },
    )


def _form_page(
    request: HttpRequest, access: Access, form: ActivityForm, activity: Activity | None
) -> HttpResponse:
    return render(
        request,
        "activities/events_form.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "activity": activity,
            "custom_kinds": reads.used_custom_kinds(access.initiative),
        },
    )


@login_required
def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    form = ActivityForm(request.POST or None, initiative=access.initiative)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                initiative=access.initiative,
                actor=signed_in_user(request),
                fields=form.service_fields(),
                expected_perspectives=form.cleaned_data["expected_perspectives"],
            )
            save_tags(activity, **form.tag_values())
        except services.ActivityError as error:
            form.add_error(None, str(error))
        else:
            form.store_spanish(activity)
            messages.success(request, _("Activity logged."))
            return redirect("activities:detail", slug=slug, activity_id=activity.pk)
    return _form_page(request, access, form, None)


@login_required
def activity_edit(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = get_activity(access, activity_id)
    form = ActivityForm(request.POST or None, instance=activity, initiative=access.initiative)
    if request.method == "POST" and form.is_valid():
        try:
            activity = Activity.objects.get(pk=activity.pk)
            services.update_activity(
                activity=activity,
                actor=signed_in_user(request),
                fields=form.service_fields(),
                expected_perspectives=form.cleaned_data["expected_perspectives"],
            )
            save_tags(Activity.objects.get(pk=activity.pk), **form.tag_values())
        except services.ActivityError as error:
            form.add_error(None, str(error))
        else:
            form.store_spanish(activity)
            messages.success(request, _("Changes saved."))
            return redirect("activities:detail", slug=slug, activity_id=activity.pk)
    return _form_page(request, access, form, activity)


@login_required
def activity_delete(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    activity = get_activity(access, activity_id)
    if request.method == "POST":
        services.delete_activity(activity=activity, actor=signed_in_user(request))
        messages.success(request, _("Activity deleted."))
        return redirect("activities:list", slug=slug)
    return render(
        request,
        "activities/events_confirm_delete.html",
        {
            "access": access,
            "initiative": access.initiative,
            "activity": activity,
            "attended": activity.attendance.count(),
        },
    )


@login_required
def activity_detail(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    activity = get_activity(access, activity_id)
    attendance = list(
        activity.attendance.select_related("stakeholder__perspective").order_by("stakeholder__name")
    )
    roles: dict[int, list[str]] = {}
    labels = dict(EventKind.choices)
    for stakeholder_id, kind in activity.engagement_events.filter(
        kind__in=services.ROLE_EVENTS
    ).values_list("stakeholder_id", "kind"):
        roles.setdefault(stakeholder_id, []).append(str(labels[kind]))
    status_counts = dict(
        activity.invitations.order_by().values_list("status").annotate(n=Count("id"))
    )
    attendees = [(a.stakeholder_id, a.stakeholder.name) for a in attendance]
    return render(
        request,
        "activities/events_detail.html",
        {
            "access": access,
            "initiative": access.initiative,
            "activity": activity,
            "kind": _kind_label(activity),
            "habit": dict(habit_choices()).get(activity.habit, ""),
            "depth": dict(depth_choices()).get(activity.intended_depth, ""),
            "circles": [Circle(c).label for c in activity.audience_circles if c in Circle.values],
            "expected": list(activity.expected_perspectives.all()),
            "quadrant": quadrant_labels().get(
                quadrants.quadrant_of(activity.formality, activity.learning), ""
            ),
            "chain": reads.chain(activity),
            "attendance": [
                {"row": a, "roles": roles.get(a.stakeholder_id, [])} for a in attendance
            ],
            "statuses": [
                (label, status_counts.get(value, 0)) for value, label in InvitationStatus.choices
            ],
            "roles_form": RolesForm(attendees=attendees) if attendees else None,
            "is_future": activity.starts_on > timezone.localdate(),
            "mail": invitations.mail_summary(activity),
        },
    )
