"""The participant's side of a training series: the device recognised, and "My growth".

When someone opens a session of a series, their participant is linked to the series member
their device holds the secret of (a cookie kept for the series), or to a new member whose secret
the device then keeps. The growth page shows only that person's own ratings. Their personal link
(``/live/series/<secret>/``) opens it on another device and makes that device known too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from convener.accounts.models import User
from convener.core.participant import participant_page
from convener.core.translated import shown
from convener.live import series as series_services
from convener.live.models import LiveSession, Participant
from convener.live.series_models import SeriesMember, TrainingSeries
from convener.live.series_selectors import member_growth, sessions_with_self_ratings
from convener.live.views.join import LANGUAGE_KEY, LANGUAGES, SESSION_KEY

COOKIE_PREFIX = "convener_series_"
COOKIE_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
RATED_SESSIONS_FOR_GROWTH = 2


def _cookie(series_id: int) -> str:
    return f"{COOKIE_PREFIX}{series_id}"


def _keep(response: HttpResponse, series: TrainingSeries, secret: str) -> HttpResponse:
    response.set_cookie(
        _cookie(series.pk),
        secret,
        max_age=COOKIE_AGE,
        path="/live/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@dataclass(frozen=True)
class Visit:
    """A participant's page in a series: the secret to keep and the growth page, if offered."""

    series: TrainingSeries
    secret: str
    growth_url: str


def visit(request: HttpRequest, participant: Participant | None) -> Visit | None:
    """Recognise ``participant`` as a member of their session's series (None outside one)."""
    if participant is None:
        return None
    series = series_services.series_of(participant.session)
    if series is None:
        return None
    found = series_services.recognise(
        participant=participant,
        user=request.user if isinstance(request.user, User) else None,
        secret=request.COOKIES.get(_cookie(series.pk), ""),
    )
    if found is None:
        return None
    offered = sessions_with_self_ratings(series) >= RATED_SESSIONS_FOR_GROWTH
    url = reverse("join:growth", args=[participant.session.join_code]) if offered else ""
    return Visit(series=series, secret=found.secret, growth_url=url)


def keep(response: HttpResponse, found: Visit | None) -> HttpResponse:
    """Give the device the member's new secret, if one was made."""
    if found is not None and found.secret:
        _keep(response, found.series, found.secret)
    return response


def _language(request: HttpRequest, participant: Participant | None) -> str:
    chosen = request.GET.get("lang") or ""
    if chosen in dict(LANGUAGES):
        request.session[LANGUAGE_KEY] = chosen
        return chosen
    stored = request.session.get(LANGUAGE_KEY)
    if stored in dict(LANGUAGES):
        return str(stored)
    if participant is not None and participant.language in dict(LANGUAGES):
        return participant.language
    browser = translation.get_language_from_request(request)
    return "es" if browser.startswith("es") else "en"


def _page(
    request: HttpRequest,
    member: SeriesMember,
    language: str,
    session: LiveSession | None,
    secret: str,
) -> HttpResponse:
    with translation.override(language):
        personal = (
            request.build_absolute_uri(reverse("join:series_link", args=[secret])) if secret else ""
        )
        context = {
            "language": language,
            "languages": LANGUAGES,
            "session": session,
            "series_title": shown(member.series, "title", language),
            "groups": member_growth(member, language),
            "personal_link": personal,
        }
        return render(request, "live/series/growth.html", context)


@participant_page
def growth(request: HttpRequest, code: str) -> HttpResponse:
    """My growth: this device's own before/after ratings across the series of session ``code``."""
    session = LiveSession.objects.filter(join_code=code.upper(), is_template=False).first()
    joined = (request.session.get(SESSION_KEY) or {}).get(code.upper())
    participant = (
        Participant.objects.select_related("session").filter(pk=joined, session=session).first()
        if session is not None and joined
        else None
    )
    member = series_services.member_of(participant) if participant else None
    if member is None or session is None:
        raise Http404
    secret = request.COOKIES.get(_cookie(member.series_id), "")
    if series_services.member_for_secret(member.series, secret) != member:
        secret = ""  # the link is offered only to the device that holds it
    return _page(request, member, _language(request, participant), session, secret)


@participant_page
def series_link(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link: show the person's growth and let this device be recognised from now on."""
    member = series_services.member_for_secret(None, token)
    if member is None:
        raise Http404
    response = _page(request, member, _language(request, None), None, token)
    return _keep(response, member.series, token)
