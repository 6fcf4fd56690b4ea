"""Session lifetime: sign people out after inactivity, and after a fixed time in any case.

Django's own expiry moves forward whenever the session is saved, so an active session could
live forever. This middleware keeps two timestamps in the session: when it was signed in
(``STARTED``) and when it last made a request (``SEEN``), and signs the person out when
``SESSION_IDLE_TIMEOUT`` or ``SESSION_ABSOLUTE_LIFETIME`` (seconds, in settings) has passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

STARTED = "_convener_started"
SEEN = "_convener_seen"
# The last-seen time is written at most this often, so that reading pages does not save the
# session on every request.
SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="convener-session-started")
def _record_start(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Start the clocks of a freshly signed-in session."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


def session_expired(session: Any, now: float) -> str:
    """Return why a signed-in session has run out ("idle", "lifetime"), or "" if it has not."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if isinstance(started, int | float) and now - started > settings.SESSION_ABSOLUTE_LIFETIME:
        return "lifetime"
    if isinstance(seen, int | float) and now - seen > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return ""


class SessionLifetimeMiddleware:
    """Sign out sessions that were idle too long or have reached their absolute lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            now = time.time()
            reason = session_expired(session, now)
            if reason:
                logout(request)  # flushes the session; request.user becomes anonymous
                messages.info(
                    request,
                    _("You were signed out after a period without activity. Please sign in again.")
                    if reason == "idle"
                    else _("Your session has reached its time limit. Please sign in again."),
                )
            else:
                if not isinstance(session.get(STARTED), int | float):
                    session[STARTED] = int(now)
                seen = session.get(SEEN)
                if not isinstance(seen, int | float) or now - seen >= SEEN_RESOLUTION:
                    session[SEEN] = int(now)
        response = self.get_response(request)
        # A sign-in during this request starts the clocks if no signal handler did.
        if session is not None and SESSION_KEY in session and STARTED not in session:
            now_int = int(time.time())
            session[STARTED] = now_int
            session[SEEN] = now_int
        return response
