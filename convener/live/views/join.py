"""Participant pages: join by code, sign in, answer the current item. No account needed.

The browser keeps which participant it is in its Django session
(``request.session["live_participants"][CODE] = participant id``), which the WebSocket
consumer reads too. Every page works as a plain HTML form; ``participant.js`` adds the live
socket, an outbox of unacknowledged votes and the richer controls on top.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from convener.core.throttle import client_key
from convener.live import kinds, services
from convener.live.forms import CodeForm, InvalidAnswer, JoinForm, answer_from_post
from convener.live.joining import (
    TooManyAttempts,
    answer_allowed,
    join_allowed,
    session_for_code,
)
from convener.live.kinds import InvalidVote
from convener.live.models import BreakoutGroup, Item, LiveSession, Participant, Vote
from convener.live.selectors import group_view
from convener.live.views.charts import results_view
from convener.live.views.common import item_view, js_strings

SESSION_KEY = "live_participants"
LANGUAGE_KEY = "live_language"
LANGUAGES = [("en", "English"), ("es", "Español")]
ANSWERS_PER_MINUTE = 60

View = Callable[..., HttpResponse]


def participant_page(view: View) -> View:
    """Never cache participant pages, never index them."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = never_cache(view)(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, no-cache, max-age=0, private"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _throttled(participant: Participant) -> bool:
    """Count this participant's form posts this minute (never per IP: a venue shares one)."""
    return not answer_allowed(participant, rate=f"{ANSWERS_PER_MINUTE}/m")


def _language(request: HttpRequest, participant: Participant | None = None) -> str:
    """Return the page language: chosen on the page, else the participant's, else the browser's."""
    chosen = request.GET.get("lang") or ""
    if chosen in dict(LANGUAGES):
        request.session[LANGUAGE_KEY] = chosen
        if participant is not None and participant.language != chosen:
            Participant.objects.filter(pk=participant.pk).update(language=chosen)
            participant.language = chosen
        return chosen
    stored = request.session.get(LANGUAGE_KEY)
    if stored in dict(LANGUAGES):
        return str(stored)
    if participant is not None and participant.language in dict(LANGUAGES):
        return participant.language
    browser = translation.get_language_from_request(request)
    return "es" if browser.startswith("es") else "en"


def _find(code: str) -> LiveSession | None:
    return (
        LiveSession.objects.select_related("initiative", "current_item")
        .filter(join_code=code.upper(), is_template=False)
        .first()
    )


def _participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    joined = request.session.get(SESSION_KEY) or {}
    participant_id = joined.get(session.join_code)
    if not participant_id:
        return None
    return (
        Participant.objects.select_related("perspective")
        .filter(pk=participant_id, session=session)
        .first()
    )


def _base(language: str, session: LiveSession | None, **extra: Any) -> dict[str, Any]:
    return {"language": language, "languages": LANGUAGES, "session": session, **extra}


def _strings(language: str) -> dict[str, str]:
    with translation.override(language):
        return js_strings()


def _not_found(request: HttpRequest, code: str) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        # The message belongs to the code field (aria-invalid, aria-describedby), not above it.
        form = CodeForm({"code": code})
        form.is_valid()
        form.add_error(
            "code",
            _("No session has that code. Check the six characters on the screen and try again."),
        )
        return render(request, "live/join_code.html", _base(language, None, form=form), status=404)


@participant_page
def start(request: HttpRequest) -> HttpResponse:
    """Ask for the six-character code shown on the screen."""
    language = _language(request)
    with translation.override(language):
        data = request.POST if request.method == "POST" else None
        if data is None and "code" in request.GET:  # a link or QR code carrying ?code=
            data = request.GET
        form = CodeForm(data)
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                found = session_for_code(code, client_key(request))
            except TooManyAttempts as refused:
                form.add_error("code", str(refused))
                context = _base(language, None, form=form)
                return render(request, "live/join_code.html", context, status=429)
            if found is None:
                return _not_found(request, code)
            return redirect("join:session", code=code)
        return render(request, "live/join_code.html", _base(language, None, form=form))


def _current(session: LiveSession, participant: Participant, language: str) -> dict[str, Any]:
    """Return the current item as this participant sees it, with their group for a breakout."""
    item = session.current_item if session.status == "live" else None
    if item is None:
        return {"current": None}
    vote = Vote.objects.filter(item=item, participant=participant).first()
    view = item_view(item, language=language, vote=vote)
    group = None
    if kinds.get(item.kind).groups:
        found = BreakoutGroup.objects.filter(item=item, members=participant).first()
        # the group in the participant's language: its name, prompt and worksheet section
        group = group_view(found, language=language) if found else None
    results = None
    if item.revealed and view["votes"]:
        results = results_view(item, for_staff=False, language=language)
    return {"current": view, "group": group, "results": results}


@participant_page
def session_page(request: HttpRequest, code: str) -> HttpResponse:
    """Sign in to a session, then follow its current item."""
    try:
        session = session_for_code(code, client_key(request))
    except TooManyAttempts:
        return redirect(reverse("join:start") + "?code=" + code[:12])  # explains there
    if session is None:
        return _not_found(request, code)
    if code != session.join_code:
        return redirect("join:session", code=session.join_code)
    participant = _participant(request, session)
    language = _language(request, participant)
    from convener.live.views import series_join  # it reads this module's session keys

    in_series = series_join.visit(request, participant)  # a training series knows the device
    growth_url = in_series.growth_url if in_series else ""
    with translation.override(language):
        if session.status == "ended":
            ended = _base(language, session, growth_url=growth_url)
            return series_join.keep(render(request, "live/join_ended.html", ended), in_series)
        if participant is None:
            return _sign_in(request, session, language)
        context = _base(
            language,
            session,
            participant=participant,
            strings=_strings(language),
            growth_url=growth_url,
            **_current(session, participant, language),
        )
        return series_join.keep(render(request, "live/participant.html", context), in_series)


def _sign_in(request: HttpRequest, session: LiveSession, language: str) -> HttpResponse:
    initial = {"language": language}
    form = JoinForm(request.POST or None, initiative=session.initiative, initial=initial)
    if request.method == "POST" and form.is_valid() and not join_allowed(session):
        form.add_error(None, _("Many people are joining right now. Try again in a minute."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant, _token = services.join(
                session=session,
                display_name=data["display_name"],
                location=data["location"],
                perspective=form.perspectives.get(data["perspective"]),
                language=data["language"],
            )
        except services.LiveError as error:
            form.add_error(None, str(error))
            return render(request, "live/join_sign_in.html", _base(language, session, form=form))
        joined = dict(request.session.get(SESSION_KEY) or {})
        joined[session.join_code] = participant.pk
        request.session[SESSION_KEY] = joined
        request.session[LANGUAGE_KEY] = data["language"]
        return redirect("join:session", code=session.join_code)
    return render(request, "live/join_sign_in.html", _base(language, session, form=form))


@participant_page
def current(request: HttpRequest, code: str) -> HttpResponse:
    """The current item as an HTML fragment, fetched by participant.js when the state moves."""
    session = _find(code)
    participant = _participant(request, session) if session else None
    if session is None or participant is None:
        return HttpResponse(status=404)
    language = _language(request, participant)
    with translation.override(language):
        context = _base(
            language, session, participant=participant, **_current(session, participant, language)
        )
        return render(request, "live/_participant_item.html", context)


def _open_item(session: LiveSession, request: HttpRequest) -> Item | None:
    try:
        item_id = int(request.POST.get("item") or 0)
    except ValueError:
        return None
    return Item.objects.filter(pk=item_id, session=session).first()


@require_POST
@participant_page
def answer(request: HttpRequest, code: str) -> HttpResponse:
    """Store an answer sent as a plain form (no JavaScript), then show the item again."""
    session = _find(code)
    participant = _participant(request, session) if session else None
    if session is None or participant is None:
        return redirect("join:start")
    language = _language(request, participant)
    item = _open_item(session, request)
    with translation.override(language):
        if _throttled(participant):
            messages.error(
                request, _("Too many answers in a minute. Wait a moment, then try again.")
            )
            return redirect("join:session", code=session.join_code)
        if item is None or item.status != "open":
            messages.error(request, _("This question is closed; your answer was not saved."))
            return redirect("join:session", code=session.join_code)
        try:
            value, text = answer_from_post(item.kind, item.config, request.POST)
            services.cast_vote(item=item, participant=participant, value=value, text=text)
        except (InvalidAnswer, InvalidVote) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your answer is saved. You can change it while open."))
    return redirect(reverse("join:session", args=[session.join_code]) + f"#item-{item.pk}")


@require_POST
@participant_page
def notes(request: HttpRequest, code: str) -> HttpResponse:
    """Save the group's shared notes sent as a plain form; a newer version is a conflict."""
    session = _find(code)
    participant = _participant(request, session) if session else None
    if session is None or participant is None:
        return redirect("join:start")
    language = _language(request, participant)
    group = BreakoutGroup.objects.filter(
        pk=request.POST.get("group") or 0, item__session=session, members=participant
    ).first()
    with translation.override(language):
        if _throttled(participant):
            messages.error(request, _("Too many saves in a minute. Wait a moment, then try again."))
            return redirect("join:session", code=session.join_code)
        if group is None:
            messages.error(request, _("You are not in this group."))
            return redirect("join:session", code=session.join_code)
        try:
            base_version = int(request.POST.get("base_version") or 0)
        except ValueError:
            base_version = 0
        ok, _group = services.save_notes(
            group=group,
            notes=request.POST.get("notes", "")[:10_000],
            base_version=base_version,
            participant=participant,
        )
        if ok:
            messages.success(request, _("Notes saved."))
        else:
            messages.error(
                request,
                _("Someone in your group saved first. Their notes are shown; add yours again."),
            )
    return redirect("join:session", code=session.join_code)
