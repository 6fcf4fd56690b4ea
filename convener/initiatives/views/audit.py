"""Owner pages: the audit log (who did what, when) and ending a team member's sessions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from convener.accounts.auth import signed_in_user
from convener.accounts.sessions import active_sessions, end_sessions
from convener.initiatives.models import AuditEntry, Initiative
from convener.initiatives.permissions import get_initiative_for, may_end_sessions
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    target_type = forms.ChoiceField(label=gettext_lazy("Kind of record"), required=False)
    actor = forms.ChoiceField(label=gettext_lazy("Who"), required=False)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: object, *, initiative: Initiative) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        entries = initiative.audit_entries.all()
        everyone = [("", _("Any"))]
        self.fields["action"].choices = everyone + [  # type: ignore[attr-defined]
            (a, a) for a in entries.order_by("action").values_list("action", flat=True).distinct()
        ]
        self.fields["target_type"].choices = everyone + [  # type: ignore[attr-defined]
            (t, t)
            for t in entries.order_by("target_type")
            .values_list("target_type", flat=True)
            .distinct()
        ]
        actors = (
            entries.exclude(actor=None)
            .order_by("actor__email")
            .values_list("actor_id", "actor__email")
            .distinct()
        )
        self.fields["actor"].choices = everyone + [(str(i), e) for i, e in actors]  # type: ignore[attr-defined]

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """Return ``entries`` narrowed to the chosen filters."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["target_type"]:
            entries = entries.filter(target_type=data["target_type"])
        if data["actor"]:
            entries = entries.filter(actor_id=int(data["actor"]))
        if data["since"]:
            entries = entries.filter(created_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries


@never_cache
@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """List the initiative's audit entries, newest first, with filters (owners only)."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    initiative = access.initiative
    form = AuditFilterForm(request.GET or None, initiative=initiative)
    entries = form.apply(initiative.audit_entries.select_related("actor"))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "initiatives/audit.html",
        {
            "access": access,
            "initiative": initiative,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@never_cache
@login_required
def member_sessions(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Show a team member's signed-in sessions; POST signs them out everywhere (owners only)."""
    access = get_initiative_for(request.user, slug, Capability.OWN)
    membership = get_object_or_404(
        access.initiative.memberships.select_related("user"), pk=member_id
    )
    allowed = may_end_sessions(request.user, membership.user)
    if request.method == "POST" and not allowed:
        messages.error(
            request,
            _(
                "%(name)s also works in initiatives you do not own, so only a site "
                "administrator can sign them out everywhere. To end their access here, remove "
                "them from this team."
            )
            % {"name": membership.user.name},
        )
        return redirect("initiatives:member_sessions", slug=slug, member_id=membership.pk)
    if request.method == "POST":
        ended = end_sessions(user=membership.user)
        record_audit(
            initiative=access.initiative,
            actor=signed_in_user(request),
            action="end_sessions",
            target_type="membership",
            target_id=membership.pk,
            detail=f"{ended} session(s) ended",
        )
        messages.success(
            request,
            _("%(name)s was signed out of %(count)s session(s).")
            % {"name": membership.user.name, "count": ended},
        )
        return redirect("initiatives:member_sessions", slug=slug, member_id=membership.pk)
    return render(
        request,
        "initiatives/audit_sessions.html",
        {
            "access": access,
            "initiative": access.initiative,
            "membership": membership,
            "sessions": active_sessions(user=membership.user) if allowed else [],
            "allowed": allowed,
        },
    )
