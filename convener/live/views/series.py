"""Trainer pages of a training series: the list, a new series, its page with sessions and growth."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.translated import page_language, shown
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.live import series as series_services
from convener.live import session_templates
from convener.live.forms.series import ExistingSessionForm, NewSessionForm, SeriesForm
from convener.live.series_models import TrainingSeries
from convener.live.series_selectors import (
    free_sessions,
    group_shifts,
    series_rows,
    series_sessions,
    sessions_with_self_ratings,
    threshold,
)
from convener.live.services import LiveError
from convener.live.views.common import context, session_for


def _series_for(access: Access, series_id: int) -> TrainingSeries:
    return get_object_or_404(TrainingSeries, pk=series_id, initiative=access.initiative)


def _templates(first: bool) -> list[tuple[str, str]]:
    """The built-in templates, the one a series usually takes next listed first."""
    language = page_language()
    preferred = series_services.FIRST_TEMPLATE if first else series_services.FOLLOW_UP_TEMPLATE
    found = [(t.key, t.title_in(language)) for t in session_templates.list_templates()]
    return sorted(found, key=lambda pair: pair[0] != preferred)


def _new_form(*, first: bool) -> NewSessionForm:
    templates = _templates(first)
    return NewSessionForm(templates=templates, initial={"template_key": templates[0][0]})


@login_required
def series_list(request: HttpRequest, slug: str) -> HttpResponse:
    """List the initiative's training series."""
    access = get_initiative_for(request.user, slug)
    rows = series_rows(access.initiative.pk)
    return render(request, "live/series/list.html", context(access, rows=rows))


@login_required
def series_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a training series for one cohort."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = series_services.create_series(
                initiative=access.initiative,
                actor=signed_in_user(request),
                title=form.cleaned_data["title"],
                title_es=form.cleaned_data.get("title_es") or "",
            )
        except LiveError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, _("Series created. Add its first session."))
            return redirect("live:series_page", slug=slug, series_id=made.pk)
    return render(request, "live/series/create.html", context(access, form=form))


def _page_context(access: Access, made: TrainingSeries, **forms: Any) -> dict[str, object]:
    sessions = series_sessions(made)
    language = page_language()
    groups = group_shifts(made, language)
    return context(
        access,
        series=made,
        title=shown(made, "title"),
        sessions=sessions,
        groups=groups,
        any_shown=any(not row.suppressed for group in groups for row in group.rows),
        threshold=threshold(made),
        rated_sessions=sessions_with_self_ratings(made),
        new_form=forms.get("new_form") or _new_form(first=not sessions),
        existing_form=forms.get("existing_form")
        or ExistingSessionForm(sessions=free_sessions(made)),
    )


@login_required
def series_page(request: HttpRequest, slug: str, series_id: int) -> HttpResponse:
    """A series: its sessions in order, forms to add more, and the group's growth."""
    access = get_initiative_for(request.user, slug)
    made = _series_for(access, series_id)
    return render(request, "live/series/page.html", _page_context(access, made))


@require_POST
@login_required
def series_add_session(request: HttpRequest, slug: str, series_id: int) -> HttpResponse:
    """Add a session to the series: a new one from a template, or one the team already has."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    made = _series_for(access, series_id)
    actor = signed_in_user(request)
    if "session" in request.POST:
        form = ExistingSessionForm(request.POST, sessions=free_sessions(made))
        chosen = request.POST.get("session", "")
        if chosen.isdigit():
            session_for(access, int(chosen))  # another initiative's session: 404
        if form.is_valid():
            try:
                series_services.add_existing_session(
                    series=made,
                    actor=actor,
                    session=session_for(access, form.cleaned_data["session"]),
                )
            except LiveError as error:
                form.add_error("session", str(error))
            else:
                messages.success(request, _("The session is now part of the series."))
                return redirect("live:series_page", slug=slug, series_id=made.pk)
        page = _page_context(access, made, existing_form=form)
        return render(request, "live/series/page.html", page, status=422)
    new_form = NewSessionForm(request.POST, templates=_templates(not series_sessions(made)))
    if new_form.is_valid():
        session = series_services.add_new_session(
            series=made,
            actor=actor,
            template_key=new_form.cleaned_data["template_key"],
            title=new_form.cleaned_data["title"],
        )
        messages.success(
            request, _("Session added to the series. Check the agenda, then start it.")
        )
        return redirect("live:session_edit", slug=slug, session_id=session.pk)
    page = _page_context(access, made, new_form=new_form)
    return render(request, "live/series/page.html", page, status=422)
