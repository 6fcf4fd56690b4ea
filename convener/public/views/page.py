from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.public import selectors, services
from convener.public.forms import PublicPageForm
from convener.public.selectors import LANGUAGES

PUBLIC_MAX_AGE = 300  # seconds a shared cache may keep the page; it names no one


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Show an initiative's public page to anyone; 404, as for an unknown slug, when it is off."""
    page = selectors.published_page(slug)
    if page is None:
        raise Http404
    asked = request.GET.get("lang", "")
    language = asked if asked in LANGUAGES else (request.LANGUAGE_CODE or "en")[:2]
    language = language if language in LANGUAGES else "en"
    with translation.override(language):
        view = selectors.public_view(page, language)
        response = render(
            request,
            "public/page.html",
            {"view": view, "slug": slug, "language": language, "other": _other(language)},
        )
    # The same page for everyone who asks in one language: a shared cache may keep it briefly.
    # Without ?lang= the language comes from the request, so caches must key on what says it.
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    response["Content-Language"] = language
    return response


def _other(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)


@login_required
def public_settings(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    initiative = access.initiative
    page = services.page_for(initiative)
    form = PublicPageForm(
        request.POST or None, initiative=initiative, page=page, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_public_page(
            initiative=initiative,
            actor=request.user,
            is_published=data["is_published"],
            sections=data["sections"],
            texts={name: data[name] for name in services.TEXT_FIELDS},
            activities=data["activities"],
            rounds=data["rounds"],
        )
        messages.success(request, _("Public page saved."))
        return redirect("public:settings", slug=slug)
    return render(
        request,
        "public/settings.html",
        {
            "access": access,
            "initiative": initiative,
            "page": page,
            "form": form,
            "events": selectors.publication_events(initiative)[-10:][::-1],
        },
    )
