"""Convener pages around a proposal: personal links, the decision record, positions export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from convener.accounts.auth import signed_in_user
from convener.consensus import live, services
from convener.consensus.forms import DecisionForm, LiveForm
from convener.consensus.models import ProposalStatus
from convener.consensus.processes import get_process
from convener.consensus.views.proposals import _context, proposal_for
from convener.core.exports import export_response
from convener.core.translated import page_language
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit


@login_required
def proposal_links(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """List the audience; make (or explicitly replace) a person's link, or e-mail the rest."""
    need = Capability.MANAGE
    access = get_initiative_for(request.user, slug, need)
    proposal = proposal_for(access, proposal_id)
    people = services.audience(proposal).select_related("perspective").order_by("name")
    new_link: dict[str, str] | None = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        actor = signed_in_user(request)
        try:
            if action in ("link", "replace"):
                person = people.filter(pk=_int(request.POST.get("stakeholder"))).first()
                if person is None:
                    raise services.ConsensusError(_("This person is not in the audience."))
                secret = services.issue_link(
                    proposal=proposal, stakeholder=person, actor=actor, replace=action == "replace"
                )
                # Every link is built from settings.SITE_URL, the one configured site address.
                new_link = {"name": person.name, "url": services.link_url(secret)}
            elif action == "email":
                services.request_link_emails(proposal=proposal, actor=actor)
                messages.success(request, _("Personal links are being e-mailed in the background."))
                return redirect("consensus:proposal_links", slug=slug, proposal_id=proposal.pk)
            else:
                messages.error(request, _("Nothing to do."))
        except services.ConsensusError as error:
            messages.error(request, error.message)
    links = {link.stakeholder_id: link for link in proposal.links.all()}
    answered = set(
        proposal.positions.filter(
            revision=proposal.revision, stakeholder__isnull=False
        ).values_list("stakeholder_id", flat=True)
    )
    rows = [
        {
            "person": p,
            "link": links.get(p.pk),
            "answered": p.pk in answered,
            "contactable": bool(p.email and p.contact_permitted),
        }
        for p in people
    ]
    return render(
        request,
        "consensus/proposal_links.html",
        _context(
            access,
            proposal=proposal,
            rows=rows,
            new_link=new_link,
            accepting=services.is_accepting(proposal),
        ),
    )


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@login_required
def proposal_decide(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Record the decision: the outcome, when, who decided; the positions are frozen with it."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    proposal = proposal_for(access, proposal_id)
    if proposal.status == ProposalStatus.DECIDED:
        messages.error(request, _("This proposal already has a decision."))
        return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                proposal=proposal,
                actor=signed_in_user(request),
                outcome=data["outcome"],
                statement=data["statement"],
                statement_es=data.get("statement_es") or "",
                decided_on=data["decided_on"],
                decided_by=data["decided_by"],
            )
        except services.ConsensusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    summary = services.proposal_results(proposal)
    process = get_process(proposal.process)
    language = page_language()
    return render(
        request,
        "consensus/proposal_decide.html",
        _context(
            access,
            proposal=proposal,
            form=form,
            summary=summary,
            options=[
                (process.option(o.key).label(language), o.count)
                for o in summary.distribution.options
            ],
        ),
    )


@login_required
def proposal_export(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Download every position on every revision as CSV or XLSX (names only if not anonymous)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    proposal = proposal_for(access, proposal_id)
    fmt = "xlsx" if request.GET.get("fmt") == "xlsx" else "csv"
    process = get_process(proposal.process)
    positions = proposal.positions.select_related("perspective", "stakeholder", "user").order_by(
        "revision", "created_at", "id"
    )
    rows = []
    for p in positions:
        if proposal.anonymous:
            who = ""
        elif p.stakeholder is not None:
            who = "" if p.stakeholder.is_erased else p.stakeholder.name
        else:
            who = str(p.user) if p.user else ""
        label = process.option(p.option).label() if process.has_option(p.option) else p.option
        rows.append(
            [
                p.revision,
                who,
                p.perspective.label if p.perspective else "",
                p.option,
                label,
                p.visible_reason,
                p.channel,
                p.updated_at,
            ]
        )
    response = export_response(
        filename=f"positions-{proposal.pk}",
        fmt=fmt,
        header=[
            "revision",
            "name",
            "perspective",
            "option",
            "label",
            "reason",
            "channel",
            "updated",
        ],
        rows=rows,
        sheet="Positions",
    )
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="proposal",
        target_id=proposal.pk,
        fields=["positions"],
        detail=f"{fmt.upper()}, {len(rows)} rows, {len(response.content)} bytes",
    )
    return response


@login_required
def proposal_live(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Put the proposal's current revision to one of the initiative's live sessions."""
    need = Capability.MANAGE
    access = get_initiative_for(request.user, slug, need)
    proposal = proposal_for(access, proposal_id)
    sessions = live.live_sessions(proposal)
    form = LiveForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        session = form.sessions[form.cleaned_data["session"]]
        try:
            live.put_to_live(proposal=proposal, session=session, actor=signed_in_user(request))
        except services.ConsensusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The proposal is an item of “%(session)s”. "
                    "Votes there are recorded as positions."
                )
                % {"session": session},
            )
            return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    return render(
        request,
        "consensus/proposal_live.html",
        _context(
            access,
            proposal=proposal,
            form=form,
            sessions=sessions,
            accepting=services.is_accepting(proposal),
        ),
    )
