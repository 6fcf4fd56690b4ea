"""The unsubscribe page a stakeholder reaches from an e-mail: GET asks, POST acts."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from convener.stakeholders.services import unsubscribe as services


@csrf_exempt  # RFC 8058: mail programs POST the one-click unsubscribe without a form or cookie
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Ask to confirm (GET); withdraw the permission to be e-mailed (POST, also one-click)."""
    stakeholder = services.stakeholder_for(token)
    if stakeholder is None:
        raise Http404
    done = request.method == "POST" and (
        services.unsubscribe(stakeholder=stakeholder) or not stakeholder.contact_permitted
    )
    language = stakeholder.preferred_language or translation.get_language()
    with translation.override(language):
        return render(
            request,
            "stakeholders/unsubscribe.html",
            {"initiative": stakeholder.initiative, "done": done, "token": token},
        )
