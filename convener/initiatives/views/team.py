"""The core team: members, roles, invitations, and joining by an invitation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.tokens import hash_token
from convener.initiatives import selectors, services
from convener.initiatives.forms import InviteForm, RoleForm
from convener.initiatives.models import Initiative
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import ROLE_DESCRIPTIONS, Capability, Role

JOIN_SESSION_KEY = "pending_invitation"


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
