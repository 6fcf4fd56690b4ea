"""What every page reached by a personal link or a join code shares (surveys, positions,
invitation replies): one decorator for how such a page is cached, indexed and referred."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

View = Callable[..., HttpResponse]

# The languages a participant page offers, by code.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def participant_page(view: View) -> View:
    """Mark a participant view: never cached or stored, not indexed, no referrer with a token.

    Addresses carrying a token send no referrer at all. The other pages keep the site's
    same-origin policy: with no referrer, browsers send ``Origin: null`` on form posts, which
    the CSRF check rightly refuses.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = never_cache(view)(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, no-cache, max-age=0, private"
        response["X-Robots-Tag"] = "noindex, nofollow"
        if "token" in kwargs:
            response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped
