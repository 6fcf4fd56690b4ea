"""Pages: e-mail an activity's invitations, send changes as calendar updates, cancel it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.activities.models import Activity
from convener.activities.services import invitations as services
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability


def _activity(request: HttpRequest, slug: str, activity_id: int) -> tuple[Access, Activity]:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    return access, get_object_or_404(Activity, initiative=access.initiative, pk=activity_id)


def _back(slug: str, activity: Activity) -> HttpResponse:
    return redirect("activities:detail", slug=slug, activity_id=activity.pk)


@login_required
@require_POST
def send_invitations(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    _access, activity = _activity(request, slug, activity_id)
    if activity.cancelled_at or not services.is_open_for_replies(activity):
        messages.error(request, _("This activity is over or cancelled: no invitations were sent."))
        return _back(slug, activity)
    count = services.mail_summary(activity).to_send
    services.request_invitations(activity=activity, actor=signed_in_user(request))
    messages.success(
        request,
        _("Invitations are on their way to %(n)d people.") % {"n": count}
        if count
        else _("Everyone who can be e-mailed already has the invitation."),
    )
    return _back(slug, activity)


@login_required
@require_POST
def send_updates(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    _access, activity = _activity(request, slug, activity_id)
    count = services.mail_summary(activity).pending_updates
    services.request_updates(activity=activity, actor=signed_in_user(request))
    messages.success(
        request,
        _("The changes are on their way to %(n)d people as a calendar update.") % {"n": count},
    )
    return _back(slug, activity)


@login_required
def cancel_activity(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access, activity = _activity(request, slug, activity_id)
    summary = services.mail_summary(activity)
    if request.method == "POST" and not activity.cancelled_at:
        services.cancel_activity(activity=activity, actor=signed_in_user(request))
        messages.success(
            request,
            _(
                "The activity is cancelled; %(n)d people are being told, "
                "with a calendar cancellation."
            )
            % {"n": summary.sent},
        )
        return _back(slug, activity)
    return render(
        request,
        "activities/events_cancel.html",
        {
            "access": access,
            "initiative": activity.initiative,
            "activity": activity,
            "summary": summary,
        },
    )
