"""The interface language a person chose, kept on their account and applied when they sign in.

Django picks the language of a request from the language cookie (LocaleMiddleware); these
helpers set that cookie from the account, and keep the account in step when the person
switches language in the header.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language
from django.views.i18n import set_language as django_set_language

from convener.accounts.models import User


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the language cookie on ``response`` the way Django's language switch does."""
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def apply_user_language(response: HttpResponse, user: object) -> HttpResponse:
    """Apply the language stored on ``user`` (if any) to the browser that just signed in."""
    if isinstance(user, User) and user.language:
        remember_language(response, user.language)
    return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in person's account remembers the choice."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and isinstance(user, User)
        and language in dict(settings.LANGUAGES)
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response
