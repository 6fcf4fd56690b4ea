"""Use cases on a person's own account."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest

from convener.accounts.models import User


def change_email(*, user: User, email: str) -> None:
    """Make ``email`` the address ``user`` logs in with (the form checked it and the password)."""
    user.email = email
    user.save(update_fields=["email"])


def change_password(*, request: HttpRequest, user: User, password: str) -> None:
    """Set a new password for ``user`` and keep this browser signed in.

    Other browsers signed in as ``user`` are signed out: their session hash no longer matches.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
