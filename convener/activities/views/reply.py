"""The reply page: an invited person says whether they are coming, without an account.

The e-mail's link carries the secret once: it is swapped for a session entry and dropped from
the address bar (as survey and proposal links are). The page asks to confirm; only a POST
records the reply.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from convener.activities.models import ActivityInvitation, InvitationStatus
from convener.activities.services import invitations as services
from convener.core.participant import LANGUAGE_NAMES, participant_page

SESSION_KEY = "activity_reply"
SESSION_TTL_SECONDS = 2 * 60 * 60
STATUS_ANSWER: dict[str, str] = {str(v): k for k, v in services.ANSWERS.items()}


def _unavailable(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    language = (getattr(request, "LANGUAGE_CODE", "") or "en").split("-")[0]
    with translation.override(language if language in LANGUAGE_NAMES else "en"):
        return render(request, "activities/reply_unavailable.html", status=404)


@require_GET
@participant_page
def reply_link(request: HttpRequest, token: str) -> HttpResponse:
    found = services.find_invitation(token)
    if found is None:
        return _unavailable(request)
    request.session[SESSION_KEY] = {
        "invitation": found.pk,
        "exp": time.time() + SESSION_TTL_SECONDS,
    }
    request.session.cycle_key()
    answer = request.GET.get("answer", "")
    target = redirect("reply:page")
    if answer in services.ANSWERS:
        target["Location"] += f"?answer={answer}"
    return target


def _current(request: HttpRequest) -> ActivityInvitation | None:
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict) or entry.get("exp", 0) < time.time():
        return None
    return (
        ActivityInvitation.objects.select_related("activity__initiative", "stakeholder")
        .filter(
            pk=int(entry.get("invitation") or 0),
            stakeholder__erased_at__isnull=True,
            activity__initiative__archived_at__isnull=True,
        )
        .first()
    )


def _language(request: HttpRequest, invitation: ActivityInvitation) -> str:
    entry = request.session[SESSION_KEY]
    chosen = request.GET.get("lang") or str(entry.get("lang") or "")
    if chosen not in LANGUAGE_NAMES:
        preferred = (invitation.stakeholder.preferred_language or "").split("-")[0]
        browser = (getattr(request, "LANGUAGE_CODE", "") or "").split("-")[0]
        chosen = next((c for c in (preferred, browser) if c in LANGUAGE_NAMES), "en")
    if entry.get("lang") != chosen:
        entry["lang"] = chosen
        request.session.modified = True
    return chosen


@require_http_methods(["GET", "POST"])
@participant_page
def reply_page(request: HttpRequest) -> HttpResponse:
    invitation = _current(request)
    if invitation is None:
        return _unavailable(request)
    language = _language(request, invitation)
    activity = invitation.activity
    open_for_replies = services.is_open_for_replies(activity)
    error = ""
    saved = False
    with translation.override(language):
        if request.method == "POST":
            answer = request.POST.get("answer", "")
            if not open_for_replies:
                error = _("This activity is over: replies are closed.")
            elif answer not in services.ANSWERS:
                error = _("Choose one of the three answers.")
            else:
                services.record_reply(invitation=invitation, answer=answer)
                saved = True
        current = STATUS_ANSWER.get(invitation.status, "")
        chosen = request.POST.get("answer") or request.GET.get("answer") or current
        return render(
            request,
            "activities/reply.html",
            {
                "invitation": invitation,
                "activity": activity,
                "initiative": activity.initiative,
                "choices": [
                    ("yes", _("I'm coming")),
                    ("no", _("I can't come")),
                    ("maybe", _("Maybe")),
                ],
                "chosen": chosen if chosen in services.ANSWERS else "",
                "current": current,
                "saved": saved,
                "error": error,
                "open": open_for_replies,
                "declined": invitation.status == InvitationStatus.DECLINED,
                "language": language,
                "languages": list(LANGUAGE_NAMES.items()),
            },
            status=422 if error else 200,
        )
