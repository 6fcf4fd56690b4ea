"""Participant pages: a stakeholder takes a position on a proposal by personal link, no account.

Opening a link swaps its token for a short-lived session entry and redirects to an address
without the token. GET never records anything (mail scanners open links before people do).
Invalid, expired and closed links all get the same neutral page with the same status. Every
page is ``no-store``; saving is throttled per link, never per IP address, because a whole
agency often shares one address.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from convener.consensus import services
from convener.consensus.forms import PositionForm
from convener.consensus.models import ProposalLink
from convener.consensus.processes import get_process
from convener.core.participant import LANGUAGE_NAMES, participant_page
from convener.core.throttle import over_limit
from convener.core.tokens import hash_token

SESSION_KEY = "positions"
SESSION_TTL_SECONDS = 3 * 3600
OPENS_PER_MINUTE = 30
SAVES_PER_MINUTE = 60


def _throttled(key: str, limit: int) -> bool:
    return over_limit("consensus.positions", key, f"{limit}/m")  # shared by every worker


def _unavailable(request: HttpRequest, status: int = 404) -> HttpResponse:
    """The one neutral page for every link that cannot be used, whatever the reason."""
    request.session.pop(SESSION_KEY, None)
    language = (getattr(request, "LANGUAGE_CODE", "") or "en").split("-")[0]
    with translation.override(language if language in LANGUAGE_NAMES else "en"):
        return render(request, "consensus/position_unavailable.html", status=status)


@require_GET
@participant_page
def link(request: HttpRequest, token: str) -> HttpResponse:
    """Exchange a personal link's token for a session entry, then drop the token from the URL."""
    if _throttled(f"token:{hash_token(token)}", OPENS_PER_MINUTE):
        return _unavailable(request, status=429)
    found = services.find_link(token)
    if found is None:
        return _unavailable(request)
    request.session[SESSION_KEY] = {"link": found.pk, "exp": time.time() + SESSION_TTL_SECONDS}
    request.session.cycle_key()  # a fresh session id for the participant's entry
    return redirect("positions:position")


def _current_link(request: HttpRequest) -> ProposalLink | None:
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict) or entry.get("exp", 0) < time.time():
        return None
    found = (
        ProposalLink.objects.select_related(
            "proposal", "proposal__initiative", "stakeholder", "stakeholder__perspective"
        )
        .filter(pk=int(entry.get("link") or 0), stakeholder__erased_at__isnull=True)
        .first()
    )
    if found is None or not services.is_accepting(found.proposal):
        return None
    return found


def _language(request: HttpRequest, found: ProposalLink) -> str:
    """Return the language: chosen here, else kept, else the person's, else the browser's."""
    entry = request.session[SESSION_KEY]
    chosen = request.GET.get("lang") or ""
    if chosen not in LANGUAGE_NAMES:
        chosen = str(entry.get("lang") or "")
    if chosen not in LANGUAGE_NAMES:
        candidates = [found.stakeholder.preferred_language, getattr(request, "LANGUAGE_CODE", "")]
        codes = [c.split("-")[0] for c in candidates if c]
        chosen = next((c for c in codes if c in LANGUAGE_NAMES), "en")
    if entry.get("lang") != chosen:
        entry["lang"] = chosen
        request.session.modified = True
    return chosen


@require_http_methods(["GET", "POST"])
@participant_page
def position(request: HttpRequest) -> HttpResponse:
    """Show the proposal and the options with their meanings; record the person's position."""
    found = _current_link(request)
    if found is None:
        return _unavailable(request)
    language = _language(request, found)
    proposal = found.proposal
    process = get_process(proposal.process)
    positions = {
        p.revision: p
        for p in proposal.positions.filter(stakeholder=found.stakeholder).order_by("revision")
    }
    mine = positions.get(proposal.revision)
    earlier = max((r for r in positions if r < proposal.revision), default=None)
    with translation.override(language):
        if request.method == "POST":
            if _throttled(f"link:{found.pk}", SAVES_PER_MINUTE):
                return _unavailable(request, status=429)
            form = PositionForm(request.POST, process=process, language=language)
            if form.is_valid():
                try:
                    services.record_link_position(
                        link=found,
                        option=form.cleaned_data["option"],
                        reason=form.cleaned_data["reason"],
                    )
                except services.ConsensusError as error:
                    form.add_error(None, error.message)
                else:
                    return redirect(f"{reverse('positions:position')}?saved=1")
        else:
            initial = {"option": mine.option, "reason": mine.reason} if mine else {}
            form = PositionForm(initial=initial, process=process, language=language)
        revision = services.current_revision(proposal)
        earlier_position = positions[earlier] if earlier is not None else None
        return render(
            request,
            "consensus/position.html",
            {
                "proposal": proposal,
                "initiative": proposal.initiative,
                "revision": revision,
                "process_name": process.name(language),
                "process_summary": process.summary(language),
                "form": form,
                "mine": mine,
                "mine_label": process.option(mine.option).label(language) if mine else "",
                "earlier": earlier_position,
                "earlier_label": process.option(earlier_position.option).label(language)
                if earlier_position
                else "",
                "saved": request.GET.get("saved") == "1" and mine is not None,
                "language": language,
                "languages": list(LANGUAGE_NAMES.items()),
            },
        )
