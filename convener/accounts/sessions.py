"""Keep track of each user's signed-in sessions so that they can be ended from elsewhere.

Ending a session deletes it from the session store: the browser's next request is anonymous
and is sent to sign in. This needs a server-side session engine (the default database one).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

from convener.accounts.models import User, UserSession

# Sent (kwarg ``user``) after a user's sessions were ended from elsewhere, so that apps holding
# long-lived connections (live staff sockets) can drop the ones that are no longer signed in.
sessions_ended = Signal()


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def track_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Record the session a user just signed in with."""
    if request is None or not hasattr(request, "session") or not isinstance(user, User):
        return
    if request.session.session_key is None:
        request.session.save()  # a session key exists only once the session is stored
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ended_at": None},
    )


def track_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Mark the session a user signed out of as ended."""
    if request is None or not hasattr(request, "session") or not request.session.session_key:
        return
    UserSession.objects.filter(
        session_key=request.session.session_key, ended_at__isnull=True
    ).update(ended_at=timezone.now())


def active_sessions(*, user: User) -> list[UserSession]:
    """Return ``user``'s sessions that still exist in the session store, newest first."""
    sessions = []
    store = _store()
    for record in UserSession.objects.filter(user=user, ended_at__isnull=True):
        if store.exists(record.session_key):
            sessions.append(record)
        else:  # expired or flushed without a sign-out signal
            UserSession.objects.filter(pk=record.pk).update(ended_at=timezone.now())
    return sessions


def _stored_keys(user: User) -> set[str]:
    """Return keys of live database sessions signed in as ``user``, tracked or not.

    A session whose key changed after sign-in (a password change rotates it) is not in
    UserSession; with a database session engine it is still found here.
    """
    if not settings.SESSION_ENGINE.startswith("django.contrib.sessions.backends.") or not (
        settings.SESSION_ENGINE.endswith((".db", ".cached_db"))
    ):
        return set()
    from django.contrib.sessions.models import Session

    keys = set()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            keys.add(session.session_key)
    return keys


def end_sessions(*, user: User) -> int:
    """Sign ``user`` out of every browser; return how many sessions were ended."""
    store = _store()
    tracked = set(
        UserSession.objects.filter(user=user, ended_at__isnull=True).values_list(
            "session_key", flat=True
        )
    )
    ended = 0
    for key in tracked | _stored_keys(user):
        if store.exists(key):
            store.delete(key)
            ended += 1
    UserSession.objects.filter(user=user, ended_at__isnull=True).update(ended_at=timezone.now())
    sessions_ended.send(sender=User, user=user)
    return ended


def session_exists(session_key: str | None) -> bool:
    """Return whether the session ``session_key`` is still in the store (not ended)."""
    return bool(session_key) and _store().exists(str(session_key))


def connect() -> None:
    """Wire the sign-in and sign-out signals (called from AccountsConfig.ready)."""
    user_logged_in.connect(track_login, dispatch_uid="convener-track-login")
    user_logged_out.connect(track_logout, dispatch_uid="convener-track-logout")
