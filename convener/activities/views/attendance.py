"""The attendance pages of an activity: invite people, record replies, check people in
(from the invitations, by search, or as walk-ins), and note who led or contributed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.activities.forms import (
    InviteFilterForm,
    RolesForm,
    WalkInForm,
)
from convener.activities.models import (
    Activity,
    ActivityInvitation,
    InvitationStatus,
)
from convener.activities.selectors import activities as reads
from convener.activities.services import events as services
from convener.activities.views.events import get_activity
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders import selectors
from convener.stakeholders.services.duplicates import PossibleDuplicate
from convener.stakeholders.services.registry import RegistryError

SEARCH_LIMIT = 20
INVITE_LIMIT = 200


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@login_required
@require_POST
def activity_roles(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    activity = get_activity(access, activity_id)
    form = RolesForm(request.POST, attendees=reads.attendee_choices(activity))
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
    activity = get_activity(access, activity_id)
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
    activity = get_activity(access, activity_id)
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
