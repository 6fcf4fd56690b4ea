"""Respondent pages: a stakeholder answers a round by personal link or QR code, no account.

Opening a link swaps its token for a short-lived session entry and redirects to an address
without the token. GET never records anything (mail scanners open links before people do).
Invalid, expired and used links all get the same neutral page with the same status. Every
page is ``no-store``; saving is throttled per response (or link), never per IP address,
because a whole room or agency often shares one address.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from convener.core.participant import participant_page
from convener.core.throttle import over_limit
from convener.core.tokens import hash_token, new_token
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.models import Perspective
from convener.measuring import services
from convener.measuring.models import CollectionMode, Response, Round, RoundLink

SESSION_KEY = "respond"
SESSION_TTL_SECONDS = 3 * 3600  # sliding: visits extend it
SESSION_REFRESH_SECONDS = 600  # extend at most this often, to spare a session write per save
SAVES_PER_MINUTE = 120
OPENS_PER_MINUTE = 30


@dataclass
class Respondent:
    """The round and response a browser's session entry points at."""

    round: Round
    link: RoundLink | None
    response: Response | None
    entry: dict[str, Any]
    answered: int = 0  # items answered, after the last save

    @property
    def throttle_key(self) -> str:
        """Key the throttle by personal link, or by the room respondent's own entry.

        Both are stable from the first visit on, before and after the response exists.
        """
        if self.link is not None:
            return f"link:{self.link.pk}"
        return f"room:{self.round.pk}:{self.entry.get('nonce', '')}"


def _unavailable(request: HttpRequest) -> HttpResponse:
    """The one neutral page for every link that cannot be used, whatever the reason."""
    request.session.pop(SESSION_KEY, None)
    return render(request, "measuring/respond_unavailable.html", status=404)


def _closed(request: HttpRequest, token: str) -> HttpResponse | None:
    """Say plainly that the room's round is over, when it is (the room code is shared openly)."""
    round = services.find_closed_room_round(token)
    if round is None:
        return None
    request.session.pop(SESSION_KEY, None)
    offered = round.languages or ["en"]
    wanted = [request.GET.get("lang") or "", getattr(request, "LANGUAGE_CODE", "")]
    language = next((c for c in (w.split("-")[0] for w in wanted) if c in offered), offered[0])
    context = {
        "initiative": round.initiative,
        "closed_at": round.closes_at or round.updated_at,
        "languages": _language_choices(round),
        "language": language,
    }
    with translation.override(language):
        return render(request, "measuring/respond_closed.html", context, status=410)


def _throttled(key: str, limit: int) -> bool:
    return over_limit("measuring.respond", key, f"{limit}/m")  # shared by every worker


def _too_many(request: HttpRequest) -> HttpResponse:
    template = "measuring/respond_throttled.html"
    return render(request, template, {"htmx": bool(getattr(request, "htmx", False))}, status=429)


def _enter(request: HttpRequest, entry: dict[str, Any]) -> None:
    entry["exp"] = time.time() + SESSION_TTL_SECONDS
    request.session[SESSION_KEY] = entry
    request.session.cycle_key()  # a fresh session id for the respondent's entry


@require_GET
@participant_page
def link(request: HttpRequest, token: str) -> HttpResponse:
    """Exchange a personal link's token for a session entry, then drop the token from the URL."""
    if _throttled(f"token:{hash_token(token)}", OPENS_PER_MINUTE):
        return _too_many(request)
    found = services.find_link(token)
    if found is None:
        return _unavailable(request)
    _enter(request, {"round": found.round_id, "link": found.pk, "response": None})
    return redirect("respond:respond")


@require_GET
@participant_page
def room(request: HttpRequest, token: str) -> HttpResponse:
    """Start (or resume) this browser's own anonymous response to the round in the room."""
    round = services.find_room_round(token)
    if round is None:
        return _closed(request, token) or _unavailable(request)
    current = request.session.get(SESSION_KEY) or {}
    if current.get("round") == round.pk and current.get("link") is None:
        _enter(request, current)  # the same browser scanning again keeps its answers
    else:
        nonce = new_token()[:22]
        _enter(request, {"round": round.pk, "link": None, "response": None, "nonce": nonce})
    return redirect("respond:respond")


def _respondent(request: HttpRequest) -> Respondent | None:
    entry = request.session.get(SESSION_KEY)
    now = time.time()
    if not isinstance(entry, dict) or entry.get("exp", 0) < now:
        return None
    round = Round.objects.select_related("instrument").filter(pk=entry["round"]).first()
    if round is None or not services.is_accepting(round):
        return None
    link = None
    if entry.get("link"):
        # One query: the link and its response (reverse one-to-one), if the person is not erased.
        link = (
            RoundLink.objects.select_related("response")
            .filter(pk=entry["link"], round=round, stakeholder__erased_at__isnull=True)
            .first()
        )
        if link is None:
            return None
        response = getattr(link, "response", None)
    elif entry.get("response"):
        response = Response.objects.filter(pk=entry["response"], round=round).first()
    else:
        response = None
    if response is not None:
        response.round = round  # already loaded, with its instrument
    if entry["exp"] - now < SESSION_TTL_SECONDS - SESSION_REFRESH_SECONDS:
        entry["exp"] = now + SESSION_TTL_SECONDS  # slide the expiry, but not on every save
        request.session.modified = True
    return Respondent(round=round, link=link, response=response, entry=entry)


def _language(request: HttpRequest, who: Respondent) -> str:
    """Return the respondent's language: chosen here, else their preference, else the browser's.

    The outcome is kept in the session entry, so later saves need no lookup.
    """
    offered = who.round.languages or ["en"]
    chosen: str = request.GET.get("lang") or ""
    if chosen not in offered:
        chosen = str(who.entry.get("lang") or "")
    if chosen not in offered:
        candidates = [
            who.link.stakeholder.preferred_language if who.link else None,
            getattr(request, "LANGUAGE_CODE", None),
        ]
        codes = [c.split("-")[0] for c in candidates if c]
        chosen = next((c for c in codes if c in offered), offered[0])
    if who.entry.get("lang") != chosen:
        who.entry["lang"] = chosen
        request.session.modified = True
    return chosen


def _items(who: Respondent, language: str) -> list[dict[str, Any]]:
    answers = {a.row_key: a for a in who.response.answers.all()} if who.response else {}
    items = []
    depth_keys = active_pack().depth_keys
    for number, row in enumerate(who.round.instrument.rows, start=1):
        answer = answers.get(row["key"])
        items.append(
            {
                "number": number,
                "key": row["key"],
                "title": localize(row["title"], language),
                "options": [
                    (level, localize(text, language))
                    for level, text in zip(depth_keys, row["descriptors"], strict=True)
                ],
                "level": answer.level if answer else "",
                "comment": answer.comment if answer else "",
            }
        )
    return items


def _progress(who: Respondent) -> dict[str, int]:
    total = len(who.round.instrument.rows)
    answered = who.response.answers.count() if who.response else 0
    return {"answered": answered, "total": total}


def _perspectives(who: Respondent) -> list[Perspective]:
    return list(who.round.initiative.perspectives.all()) if _asks_perspective(who) else []


def _asks_perspective(who: Respondent) -> bool:
    return who.round.anonymous or who.link is None


@require_GET
@participant_page
def respond(request: HttpRequest) -> HttpResponse:
    """The survey: one item per rubric row, saved as the respondent goes."""
    who = _respondent(request)
    if who is None:
        return _unavailable(request)
    language = _language(request, who)
    with translation.override(language):
        return render(
            request,
            "measuring/respond_survey.html",
            {
                "round": who.round,
                "initiative": who.round.initiative,
                "items": _items(who, language),
                "progress": _progress(who),
                "perspectives": _perspectives(who),
                "current_perspective": who.response.perspective_id if who.response else None,
                "asks_perspective": _asks_perspective(who),
                "submitted": bool(who.response and who.response.submitted_at),
                "language": language,
                "languages": _language_choices(who.round),
                "saved": request.GET.get("saved") == "1",
                "empty": request.GET.get("empty") == "1",
            },
        )


def _language_choices(round: Round) -> list[tuple[str, str]]:
    names = {"en": "English", "es": "Español"}
    return [(code, names.get(code, code)) for code in round.languages or ["en"]]


def _save_from_post(request: HttpRequest, who: Respondent, language: str) -> Response | None:
    """Save what the form carries; create the response on the first real answer.

    Leave the number of answered items in ``who.answered``.
    """
    keys = who.round.instrument.row_keys
    levels = {k: request.POST[f"level-{k}"] for k in keys if request.POST.get(f"level-{k}")}
    comments = {k: request.POST.get(f"comment-{k}", "").strip() for k in keys}
    perspective = None
    wants_perspective = _asks_perspective(who) and "perspective" in request.POST
    if wants_perspective:
        perspective = who.round.initiative.perspectives.filter(
            pk=_int(request.POST.get("perspective"))
        ).first()
    response = who.response
    if response is None and (levels or perspective is not None):
        response = services.start_response(
            round=who.round,
            mode=CollectionMode.ONLINE if who.link else CollectionMode.ROOM,
            language=language,
            link=who.link,
            perspective=perspective,
        )
        who.response = response
        who.entry["response"] = response.pk
        request.session.modified = True
    if response is None:
        who.answered = 0
        return None
    if wants_perspective:
        services.set_perspective(response=response, perspective=perspective)
    who.answered = services.save_answers(response=response, levels=levels, comments=comments)
    return response


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@require_POST
@participant_page
def save(request: HttpRequest) -> HttpResponse:
    """Autosave (htmx, on every change) or the plain form's "save and finish later"."""
    who = _respondent(request)
    if who is None:
        return _unavailable(request)
    if _throttled(who.throttle_key, SAVES_PER_MINUTE):
        return _too_many(request)
    language = _language(request, who)
    _save_from_post(request, who, language)
    if getattr(request, "htmx", False):
        progress = {"answered": who.answered, "total": len(who.round.instrument.rows)}
        with translation.override(language):
            return render(
                request,
                "measuring/respond_survey.html#progress",
                {"progress": progress, "just_saved": True},
            )
    return redirect(f"{reverse('respond:respond')}?saved=1")


@require_POST
@participant_page
def submit(request: HttpRequest) -> HttpResponse:
    """Save the form and submit the response; it stays editable until the round closes."""
    who = _respondent(request)
    if who is None:
        return _unavailable(request)
    if _throttled(who.throttle_key, SAVES_PER_MINUTE):
        return _too_many(request)
    language = _language(request, who)
    with services.respondent_write():  # one write transaction for the last answers and submit
        response = _save_from_post(request, who, language)
        if response is None or not who.answered:
            # Nothing answered: not a response. What was entered (a perspective) is kept.
            return redirect(f"{reverse('respond:respond')}?empty=1")
        services.submit_response(response=response)
    return redirect("respond:thanks")


@require_GET
@participant_page
def thanks(request: HttpRequest) -> HttpResponse:
    who = _respondent(request)
    if who is None or who.response is None or who.response.submitted_at is None:
        return _unavailable(request)
    language = _language(request, who)
    with translation.override(language):
        return render(
            request,
            "measuring/respond_thanks.html",
            {
                "round": who.round,
                "initiative": who.round.initiative,
                "progress": _progress(who),
                "language": language,
                "languages": _language_choices(who.round),
            },
        )
