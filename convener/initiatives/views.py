from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.home import home_items
from convener.core.timeline import build_timeline
from convener.core.tokens import hash_token
from convener.framework.services import active_pack
from convener.initiatives import selectors, services
from convener.initiatives.forms import InitiativeForm, InviteForm, PerspectiveForm, RoleForm
from convener.initiatives.models import Initiative
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import ROLE_DESCRIPTIONS, Capability, Role

JOIN_SESSION_KEY = "pending_invitation"
RECENT_ENTRIES = 6  # lines of recent activity on the home page


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("initiatives:list")
    return render(request, "initiatives/landing.html", {"pack": active_pack()})


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    active, archived = selectors.memberships_of(signed_in_user(request))
    return render(request, "initiatives/list.html", {"active": active, "archived": archived})


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative = services.create_initiative(owner=signed_in_user(request), **form.cleaned_data)
        messages.success(request, _("Initiative created. You are its owner."))
        return redirect("initiatives:home", slug=initiative.slug)
    return render(request, "initiatives/create.html", {"form": form})


@login_required
def initiative_home(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    initiative = access.initiative
    figures, steps = home_items(initiative)
    return render(
        request,
        "initiatives/home.html",
        {
            "access": access,
            "initiative": initiative,
            "habits": _habit_cards(),
            "team_size": initiative.memberships.count(),
            "perspective_count": initiative.perspectives.count(),
            "figures": figures,
            "steps": steps,
            "steps_left": sum(not step.done for step in steps),
            "recent": build_timeline(initiative, end=dt.date.today())[-RECENT_ENTRIES:][::-1],
        },
    )


def _habit_cards() -> list[dict[str, object]]:
    pack, language = active_pack(), get_language() or "en"
    return [habit.as_card(pack, language) for habit in pack.habits]


@login_required
def habit_page(request: HttpRequest, slug: str, habit: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    pack, language = active_pack(), get_language() or "en"
    found = next((h for h in pack.habits if h.key == habit), None)
    if found is None:
        raise Http404
    return render(
        request,
        "initiatives/habit.html",
        {
            "access": access,
            "initiative": access.initiative,
            "habit": found.as_card(pack, language),
            "rows": [row.as_card(pack, language) for row in pack.rows_for_habit(found.key)],
            "tools": [tool.as_card(pack, language) for tool in pack.tools_for_habit(found.key)],
            "depth_levels": [level.as_card(pack, language) for level in pack.depth_levels],
            "perspectives": access.initiative.perspectives.all(),
        },
    )


@login_required
def initiative_settings(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    form = InitiativeForm(request.POST or None, instance=access.initiative)
    if request.method == "POST" and form.is_valid():
        services.update_initiative(initiative=access.initiative, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("initiatives:home", slug=slug)
    return render(
        request,
        "initiatives/settings.html",
        {"access": access, "initiative": access.initiative, "form": form},
    )


@login_required
@require_POST
def initiative_archive(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN)
    services.archive_initiative(initiative=access.initiative)
    messages.success(
        request, _("“%(title)s” is archived and read-only.") % {"title": access.initiative.title}
    )
    return redirect("initiatives:list")


@login_required
@require_POST
def initiative_restore(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN, allow_archived=True)
    services.restore_initiative(initiative=access.initiative)
    messages.success(
        request, _("“%(title)s” is active again.") % {"title": access.initiative.title}
    )
    return redirect("initiatives:home", slug=slug)


@login_required
def perspectives(request: HttpRequest, slug: str) -> HttpResponse:
    need = Capability.MANAGE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    form = PerspectiveForm(request.POST or None, initiative_id=access.initiative.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_perspective(initiative=access.initiative, **form.cleaned_data)
        except services.TargetsError as error:
            form.add_error("target_percent", str(error))
        else:
            messages.success(request, _("Perspective added."))
            return redirect("initiatives:perspectives", slug=slug)
    return render(
        request,
        "initiatives/perspectives.html",
        {
            "access": access,
            "initiative": access.initiative,
            "perspectives": access.initiative.perspectives.all(),
            "form": form,
        },
    )


@login_required
def perspective_edit(request: HttpRequest, slug: str, perspective_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspective = get_object_or_404(access.initiative.perspectives, pk=perspective_id)
    form = PerspectiveForm(
        request.POST or None, instance=perspective, initiative_id=access.initiative.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_perspective(perspective=perspective, **form.cleaned_data)
        except services.TargetsError as error:
            form.add_error("target_percent", str(error))
        else:
            messages.success(request, _("Perspective saved."))
            return redirect("initiatives:perspectives", slug=slug)
    return render(
        request,
        "initiatives/perspective_edit.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "perspective": perspective,
        },
    )


@login_required
@require_POST
def perspective_move(request: HttpRequest, slug: str, perspective_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspective = get_object_or_404(access.initiative.perspectives, pk=perspective_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.move_perspective(perspective=perspective, offset=offset)
    return redirect(
        reverse("initiatives:perspectives", kwargs={"slug": slug})
        + f"#perspective-{perspective.pk}"
    )


@login_required
@require_POST
def perspective_delete(request: HttpRequest, slug: str, perspective_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    perspective = get_object_or_404(access.initiative.perspectives, pk=perspective_id)
    services.delete_perspective(perspective=perspective)
    messages.success(request, _("Perspective “%(label)s” removed.") % {"label": perspective.label})
    return redirect("initiatives:perspectives", slug=slug)


@login_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    need = Capability.MANAGE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    initiative = access.initiative
    form = InviteForm(request.POST or None, grantable=access.grantable_roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                initiative=initiative,
                invited_by=signed_in_user(request),
                inviter_role=access.role,  # the link is built from settings.SITE_URL
                **form.cleaned_data,
            )
        except services.TeamError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works once and expires in a week.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("initiatives:team", slug=slug)
    return render(
        request,
        "initiatives/team.html",
        {
            "access": access,
            "initiative": initiative,
            "members": selectors.team_members(initiative),
            "pending": selectors.pending_invitations(initiative),
            "form": form,
            "roles": Role.choices,
            "role_descriptions": [(r.label, ROLE_DESCRIPTIONS[r]) for r in Role],
        },
    )


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.OWN)
    membership = get_object_or_404(access.initiative.memberships, pk=member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
    else:
        try:
            services.change_role(
                membership=membership,
                role=form.cleaned_data["role"],
                actor=signed_in_user(request),
            )
            messages.success(request, _("Role changed for %(name)s.") % {"name": membership.user})
        except services.TeamError as error:
            messages.error(request, str(error))
    return redirect("initiatives:team", slug=slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug)
    membership = get_object_or_404(access.initiative.memberships, pk=member_id)
    leaving = membership.pk == access.membership.pk
    if not leaving:
        access = get_initiative_for(request.user, slug, Capability.OWN)
    try:
        services.remove_member(membership=membership, actor=signed_in_user(request))
    except services.TeamError as error:
        messages.error(request, str(error))
        return redirect("initiatives:team", slug=slug)
    if leaving:
        messages.success(
            request, _("You have left “%(title)s”.") % {"title": access.initiative.title}
        )
        return redirect("initiatives:list")
    messages.success(request, _("%(name)s was removed from the team.") % {"name": membership.user})
    return redirect("initiatives:team", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    invitation = get_object_or_404(access.initiative.invitations, pk=invitation_id)
    services.revoke_invitation(invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("initiatives:team", slug=slug)


@never_cache
def join_token(request: HttpRequest, token: str) -> HttpResponse:
    """Swap the secret link for a session entry, so the token leaves the address bar.

    GET never consumes the invitation: mail scanners open links before people do.
    """
    request.session[JOIN_SESSION_KEY] = hash_token(token)
    return redirect("initiatives:join")


@never_cache
def join(request: HttpRequest) -> HttpResponse:
    token_hash = request.session.get(JOIN_SESSION_KEY)
    invitation = selectors.find_invitation_by_hash(token_hash) if token_hash else None
    if invitation is None:
        return render(request, "initiatives/join_invalid.html", status=404)
    problem = None
    try:
        services.check_usable(invitation)
    except services.InvitationError as error:
        problem = error.message
    if request.method == "POST" and problem is None:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={reverse('initiatives:join')}")
        try:
            services.accept_invitation(invitation=invitation, user=signed_in_user(request))
        except services.InvitationError as error:
            problem = error.message
        else:
            del request.session[JOIN_SESSION_KEY]
            messages.success(
                request,
                _("Welcome to “%(title)s”. Your role: %(role)s.")
                % {"title": invitation.initiative.title, "role": Role(invitation.role).label},
            )
            return redirect("initiatives:home", slug=invitation.initiative.slug)
    return render(
        request,
        "initiatives/join.html",
        {
            "invitation": invitation,
            "problem": problem,
            "role_label": Role(invitation.role).label,
            "role_description": ROLE_DESCRIPTIONS[invitation.role],
        },
        status=410 if problem else 200,
    )


__all__ = ["Initiative"]
