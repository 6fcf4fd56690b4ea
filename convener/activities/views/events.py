"""The activities pages: list, log and edit; invite, check in, note roles; participation;
keep-inviting list; the One-Way/Two-Way quadrants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.activities import quadrants
from convener.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    InviteFilterForm,
    RolesForm,
    WalkInForm,
    depth_choices,
    habit_choices,
    quadrant_labels,
)
from convener.activities.models import (
    Activity,
    ActivityInvitation,
    EventKind,
    InvitationStatus,
)
from convener.activities.services import events as services
from convener.activities.services import invitations
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.purposes import save_tags
from convener.initiatives.roles import Capability
from convener.stakeholders import selectors
from convener.stakeholders.models import Circle
from convener.stakeholders.services.duplicates import PossibleDuplicate
from convener.stakeholders.services.registry import RegistryError

SEARCH_LIMIT = 20
INVITE_LIMIT = 200


def _get_activity(access: Access, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("initiative", "next_activity"),
        initiative=access.initiative,
        pk=activity_id,
    )


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


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
    invited, attended = services.counts_per_activity(access.initiative)
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
            "custom_kinds": services.used_custom_kinds(access.initiative),
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
            messages.success(request, _("Activity logged."))
            return redirect("activities:detail", slug=slug, activity_id=activity.pk)
    return _form_page(request, access, form, None)


@login_required
def activity_edit(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get_activity(access, activity_id)
    form = ActivityForm(request.POST or None, instance=activity, initiative=access.initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                activity=Activity.objects.get(pk=activity.pk),
                actor=signed_in_user(request),
                fields=form.service_fields(),
                expected_perspectives=form.cleaned_data["expected_perspectives"],
            )
            save_tags(Activity.objects.get(pk=activity.pk), **form.tag_values())
        except services.ActivityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("activities:detail", slug=slug, activity_id=activity.pk)
    return _form_page(request, access, form, activity)


@login_required
def activity_delete(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    activity = _get_activity(access, activity_id)
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
    activity = _get_activity(access, activity_id)
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
            "chain": services.chain(activity),
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


@login_required
@require_POST
def activity_roles(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get_activity(access, activity_id)
    form = RolesForm(request.POST, attendees=services.attendee_choices(activity))
    if form.is_valid():
        new = services.record_roles(
            activity=activity,
            actor=signed_in_user(request),
            stakeholder_ids=form.cleaned_data["stakeholders"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(
            request, ngettext("%(n)s note saved.", "%(n)s notes saved.", new) % {"n": new}
        )
    else:
        messages.error(request, _("Choose what they did and at least one person who came."))
    return redirect(reverse("activities:detail", args=[slug, activity.pk]) + "#roles")


@login_required
def activity_invite(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get_activity(access, activity_id)
    actor = signed_in_user(request)
    if request.method == "POST":
        if request.POST.get("action") == "status":
            invitation = get_object_or_404(
                ActivityInvitation, activity=activity, pk=request.POST.get("invitation", "0")
            )
            try:
                services.set_invitation_status(
                    invitation=invitation, status=request.POST.get("status", ""), actor=actor
                )
            except services.ActivityError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Reply recorded."))
        else:
            new = services.invite(
                activity=activity,
                actor=actor,
                stakeholder_ids=_ids(request.POST.getlist("stakeholders")),
            )
            messages.success(
                request,
                ngettext("%(n)s person invited.", "%(n)s people invited.", new) % {"n": new},
            )
        return redirect(request.get_full_path())
    form = InviteFilterForm(request.GET or None, initiative=access.initiative)
    params = form.cleaned_data if form.is_valid() else {}
    invited_ids = set(activity.invitations.values_list("stakeholder_id", flat=True))
    candidates = list(
        selectors.filter_stakeholders(access.initiative, {k: v for k, v in params.items() if v})
        .filter(erased_at__isnull=True)
        .exclude(pk__in=invited_ids)
        .select_related("perspective")
        .order_by("name", "id")[: INVITE_LIMIT + 1]
    )
    invitations = list(
        activity.invitations.select_related("stakeholder__perspective").order_by(
            "stakeholder__name"
        )
    )
    return render(
        request,
        "activities/events_invite.html",
        {
            "access": access,
            "initiative": access.initiative,
            "activity": activity,
            "filter_form": form,
            "candidates": candidates[:INVITE_LIMIT],
            "more": len(candidates) > INVITE_LIMIT,
            "invitations": invitations,
            "statuses": InvitationStatus.choices,
        },
    )


def _checkin_post(request: HttpRequest, access: Access, activity: Activity) -> HttpResponse | None:
    """Handle one of the three check-in forms; return None when the walk-in form has errors."""
    actor = signed_in_user(request)
    action = request.POST.get("action")
    if action == "walk_in":
        walk_in = WalkInForm(request.POST, initiative=access.initiative)
        if not walk_in.is_valid():
            return None
        data = walk_in.cleaned_data
        services.check_in_walk_in(
            activity=activity,
            actor=actor,
            name=data["name"],
            perspective=data["perspective"],
            fields={"email": data["email"]} if data["email"] else None,
            confirmed_new=request.POST.get("confirmed_new") == "1",
        )
        messages.success(
            request, _("%(name)s added to the registry and checked in.") % {"name": data["name"]}
        )
    elif action == "many":
        new = services.check_in_many(
            activity=activity,
            actor=actor,
            stakeholder_ids=_ids(request.POST.getlist("stakeholders")),
        )
        messages.success(
            request,
            ngettext("%(n)s person checked in.", "%(n)s people checked in.", new) % {"n": new},
        )
    else:
        stakeholder = get_object_or_404(
            selectors.filter_stakeholders(access.initiative, {}),
            pk=request.POST.get("stakeholder", "0"),
        )
        _row, created = services.check_in(activity=activity, stakeholder=stakeholder, actor=actor)
        message = (
            _("%(name)s checked in.") if created else _("%(name)s was already checked in.")
        ) % {"name": stakeholder.name}
        messages.success(request, message)
    return redirect(request.get_full_path())


@login_required
def activity_checkin(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = _get_activity(access, activity_id)
    walk_in = WalkInForm(initiative=access.initiative)
    future_message = ""
    try:
        services.check_attendance_allowed(activity)
    except services.FutureAttendanceError as error:
        future_message = str(error)
    offer: PossibleDuplicate | None = None
    if request.method == "POST" and not future_message:
        try:
            response = _checkin_post(request, access, activity)
        except PossibleDuplicate as possible:
            # "This person?": offer the matches before anyone new is added (issue 16).
            offer, response = possible, None
        except (services.ActivityError, RegistryError) as error:
            messages.error(request, str(error))
            return redirect(request.get_full_path())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        if response is not None:
            return response
        walk_in = WalkInForm(request.POST, initiative=access.initiative)
    elif request.method == "POST":
        messages.error(request, future_message)
        return redirect(request.get_full_path())
    query = request.GET.get("q", "").strip()[:100]
    present = set(activity.attendance.values_list("stakeholder_id", flat=True))
    results = (
        list(
            selectors.filter_stakeholders(access.initiative, {"q": query})
            .filter(erased_at__isnull=True)
            .select_related("perspective", "organization")
            .order_by("name", "id")[:SEARCH_LIMIT]
        )
        if query
        else []
    )
    invitees = list(
        activity.invitations.select_related("stakeholder").order_by("stakeholder__name")
    )
    return render(
        request,
        "activities/events_checkin.html",
        {
            "access": access,
            "initiative": access.initiative,
            "activity": activity,
            "future_message": future_message,
            "query": query,
            "results": [{"s": s, "present": s.pk in present} for s in results],
            "invitees": [{"i": i, "present": i.stakeholder_id in present} for i in invitees],
            "walk_in_form": walk_in,
            "offer": offer,
            "present": present,
            "present_count": len(present),
        },
    )


@login_required
def keep_inviting(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    return render(
        request,
        "activities/events_keep_inviting.html",
        {
            "access": access,
            "initiative": access.initiative,
            "rows": services.keep_inviting(access.initiative),
            "circles": dict(Circle.choices),
        },
    )


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


@login_required
def activity_participation(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    activity = _get_activity(access, activity_id)
    result = services.activity_participation(activity)
    return render(
        request,
        "activities/events_participation.html",
        {
            "access": access,
            "initiative": access.initiative,
            "activity": activity,
            "result": result,
            "evenness": _percent(result.report.balance.evenness),
            "shares": [
                {"p": p, "share": _percent(p.share), "reference": _percent(p.reference)}
                for p in result.report.balance.perspectives
            ],
        },
    )


CHART_W, CHART_H, CHART_PAD = 600, 240, 40


def _trend_chart(rows: list[services.TrendRow]) -> dict[str, Any]:
    """Return the polyline points of the two series, in SVG units (0 to 100% on the y axis)."""
    n = len(rows)
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD

    def x(i: int) -> float:
        return round(CHART_PAD + (inner_w * i / (n - 1) if n > 1 else inner_w / 2), 1)

    def y(value: float) -> float:
        return round(CHART_PAD + inner_h * (1 - value), 1)

    def series(values: list[float | None]) -> dict[str, Any]:
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        return {"line": " ".join(f"{a},{b}" for a, b in points), "dots": points}

    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": CHART_PAD,
        "right": CHART_W - CHART_PAD,
        "top": CHART_PAD,
        "middle": CHART_PAD + inner_h / 2,
        "bottom": CHART_H - CHART_PAD,
        "evenness": series([r.evenness for r in rows]),
        "family": series([r.family_youth_share for r in rows]),
    }


@login_required
def participation_trend(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    rows = services.participation_trend(access.initiative)
    return render(
        request,
        "activities/events_trend.html",
        {
            "access": access,
            "initiative": access.initiative,
            "rows": [
                {
                    "row": r,
                    "evenness": _percent(r.evenness),
                    "family": _percent(r.family_youth_share),
                }
                for r in rows
            ],
            "chart": _trend_chart(rows) if rows else None,
        },
    )


@login_required
def quadrant_view(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    years = services.activity_years(access.initiative)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and int(raw_year) in years else None
    points = services.quadrant_points(access.initiative, year=year)
    shares, unplaced = quadrants.shares(points)
    labels = quadrant_labels()
    dots = quadrants.layout(points)
    top = quadrants.dominant(shares)
    return render(
        request,
        "activities/quadrants.html",
        {
            "access": access,
            "initiative": access.initiative,
            "years": years,
            "year": year,
            "total": len(points),
            "unplaced": [p for p in points if not quadrants.quadrant_of(p.formality, p.learning)],
            "unplaced_count": unplaced,
            "shares": [
                {
                    "key": s.key,
                    "label": labels[s.key],
                    "count": s.count,
                    "percent": _percent(s.share),
                }
                for s in shares
            ],
            "top": {"label": labels[top.key], "percent": _percent(top.share)} if top else None,
            "dots": dots,
            "by_quadrant": [
                {"label": labels[k], "dots": [d for d in dots if d.quadrant == k]}
                for k in quadrants.QUADRANTS
            ],
            "quarters": [
                {
                    "q": q,
                    "two_way": _percent(q.two_way_share),
                    "with": _percent(q.with_share),
                }
                for q in quadrants.by_quarter(points)
            ],
        },
    )
