"""Convener pages for preparing sessions: the list, templates, the agenda editor, item forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.translated import page_language
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit
from convener.live import services, session_templates
from convener.live.forms import (
    IMAGES,
    KIND_FIELDS,
    AddItemForm,
    ItemForm,
    SessionCreateForm,
    SessionSettingsForm,
)
from convener.live.kinds import InvalidVote
from convener.live.models import ItemKind, LiveSession, SessionStatus
from convener.live.views.common import context, item_for, item_view, session_for

# Services validate configs and raise one of these with a message for the convener.
SERVICE_ERRORS = (ValueError, ValidationError, InvalidVote)


def _template_choices() -> list[tuple[str, str]]:
    language = page_language()
    return [(t.key, t.title_in(language)) for t in session_templates.list_templates()]


def _builtin() -> list[dict[str, Any]]:
    language = page_language()
    return [
        {
            "key": t.key,
            "title": t.title_in(language),
            "description": t.description_in(language),
            "count": len(t.items),
        }
        for t in session_templates.list_templates()
    ]


@login_required
def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    """List the initiative's sessions (upcoming, live, ended) and the templates to start from."""
    access = get_initiative_for(request.user, slug)
    all_sessions = list(
        LiveSession.objects.filter(initiative=access.initiative).order_by("-created_at")
    )
    runs = [s for s in all_sessions if not s.is_template]
    return render(
        request,
        "live/sessions.html",
        context(
            access,
            upcoming=[s for s in runs if s.status == SessionStatus.DRAFT],
            live=[s for s in runs if s.status == SessionStatus.LIVE],
            ended=[s for s in runs if s.status == SessionStatus.ENDED],
            saved_templates=[s for s in all_sessions if s.is_template],
            builtin=_builtin(),
            form=SessionCreateForm(templates=_template_choices()),
        ),
    )


@login_required
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a session, empty or from a built-in template."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    initial = {"template_key": request.GET.get("template", "")}
    form = SessionCreateForm(request.POST or None, templates=_template_choices(), initial=initial)
    if request.method == "POST" and form.is_valid():
        session = services.create_session(
            initiative=access.initiative,
            actor=signed_in_user(request),
            title=form.cleaned_data["title"],
            template_key=form.cleaned_data["template_key"],
        )
        messages.success(request, _("Session created. Check the agenda, then start it."))
        return redirect("live:session_edit", slug=slug, session_id=session.pk)
    return render(request, "live/session_create.html", context(access, form=form))


@require_POST
@login_required
def session_copy(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Copy a session (rerun it, or start from a saved template) into a new draft."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    as_template = request.POST.get("as_template") == "1"
    copy = services.copy_session(
        session=session, actor=signed_in_user(request), as_template=as_template
    )
    messages.success(
        request,
        _("Saved as a template.") if as_template else _("Copied into a new session to rerun."),
    )
    return redirect("live:session_edit", slug=slug, session_id=copy.pk)


@login_required
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The agenda editor: the session's settings and its items, to add, edit, reorder, delete."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    form = SessionSettingsForm(
        request.POST or None,
        initial={
            "title": session.title,
            "description": session.description,
            "suppression_threshold": session.suppression_threshold,
            "is_template": session.is_template,
        },
        session=session,
    )
    if request.method == "POST" and form.is_valid():
        _save_settings(session, signed_in_user(request), form.cleaned_data)
        messages.success(request, _("Session settings saved."))
        return redirect("live:session_edit", slug=slug, session_id=session.pk)
    items = [item_view(item, staff=True) for item in session.items.order_by("position")]
    return render(
        request,
        "live/session_edit.html",
        context(
            access,
            session=session,
            form=form,
            items=items,
            add_form=AddItemForm(),
        ),
    )


def _item_form_context(access: Any, session: LiveSession, form: ItemForm, **extra: Any) -> dict:
    return context(
        access,
        session=session,
        form=form,
        kind_label=ItemKind(form.kind).label,
        images=[(name, label, f"live/img/{name}.svg") for name, label in IMAGES.items()],
        **extra,
    )


@login_required
def item_add(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Add an item of one kind to the agenda (the kind comes from ``?kind=``)."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    kind = request.POST.get("kind") or request.GET.get("kind") or "single"
    if kind not in KIND_FIELDS:
        kind = "single"
    form = ItemForm(request.POST or None, kind=kind, initial=ItemForm.initial_for(kind, "", {}))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_item(
                session=session,
                kind=kind,
                prompt=form.cleaned_data["prompt"],
                config=form.config,
                actor=signed_in_user(request),
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Item added to the agenda."))
            return redirect("live:session_edit", slug=slug, session_id=session.pk)
    return render(request, "live/item_form.html", _item_form_context(access, session, form))


@login_required
def item_edit(request: HttpRequest, slug: str, session_id: int, item_id: int) -> HttpResponse:
    """Edit one item's question and settings."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    item = item_for(session, item_id)
    kind = item.kind if item.kind in KIND_FIELDS else ""
    if not kind:  # proposals are edited in the decisions app
        messages.error(request, _("This item is edited where it was created."))
        return redirect("live:session_edit", slug=slug, session_id=session.pk)
    form = ItemForm(
        request.POST or None,
        kind=kind,
        item_config=item.config,
        initial=ItemForm.initial_for(kind, item.prompt, item.config),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                item=item,
                prompt=form.cleaned_data["prompt"],
                config=form.config,
                actor=signed_in_user(request),
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Item saved."))
            return redirect("live:session_edit", slug=slug, session_id=session.pk)
    return render(
        request, "live/item_form.html", _item_form_context(access, session, form, item=item)
    )


@require_POST
@login_required
def item_move(request: HttpRequest, slug: str, session_id: int, item_id: int) -> HttpResponse:
    """Move an item one step up or down the agenda."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    item = item_for(session, item_id)
    positions = list(session.items.order_by("position").values_list("pk", flat=True))
    index = positions.index(item.pk)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(positions):
        services.move_item(item=item, position=target + 1, actor=signed_in_user(request))
    return redirect(f"{_edit_url(slug, session.pk)}#item-{item.pk}")


@require_POST
@login_required
def item_delete(request: HttpRequest, slug: str, session_id: int, item_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    item = item_for(session, item_id)
    try:
        services.delete_item(item=item, actor=signed_in_user(request))
    except SERVICE_ERRORS as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Item removed from the agenda."))
    return redirect("live:session_edit", slug=slug, session_id=session.pk)


def _save_settings(session: LiveSession, actor: Any, data: dict[str, Any]) -> None:
    """Save the session's own settings (no use case beyond the row itself)."""
    changed = [name for name, value in data.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, data[name])
    if changed:
        session.save(update_fields=[*changed, "updated_at"])
        record_audit(
            initiative=session.initiative,
            actor=actor,
            action="update",
            target_type="live_session",
            target_id=session.pk,
            fields=changed,
        )


def _edit_url(slug: str, session_id: int) -> str:
    from django.urls import reverse

    return reverse("live:session_edit", kwargs={"slug": slug, "session_id": session_id})


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
