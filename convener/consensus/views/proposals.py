"""Team pages for proposals: list, create, read with results, revise, position, discuss."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.consensus import services
from convener.consensus.forms import (
    SPANISH_FIELDS,
    CommentForm,
    PositionForm,
    ProposalForm,
    RevisionForm,
    SettingsForm,
)
from convener.consensus.models import Decision, Position, Proposal, ProposalStatus
from convener.consensus.processes import Process, get_process
from convener.consensus.results import Results
from convener.core import charts
from convener.core.charts.axes import support_chart
from convener.core.translated import page_language, spanish_from, store_spanish
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.purposes import save_tags
from convener.initiatives.roles import Capability
from convener.stakeholders.models import Circle

REASON_FILL = "#a4161a"  # the bar of an option that asks for a reason (e.g. an objection)


def _context(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "initiative": access.initiative, **extra}


def proposal_for(access: Access, proposal_id: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("initiative"), pk=proposal_id, initiative=access.initiative
    )


@login_required
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """List the initiative's proposals, newest first, with how many took a position."""
    access = get_initiative_for(request.user, slug)
    listing = (
        Proposal.objects.filter(initiative=access.initiative)
        .annotate(current_positions=Count("positions", filter=Q(positions__revision=F("revision"))))
        .order_by("-created_at", "-id")
    )
    language = page_language()
    rows = [
        {
            "proposal": p,
            "process": get_process(p.process).name(language),
            "accepting": services.is_accepting(p),
            "positions": p.current_positions,
        }
        for p in listing
    ]
    return render(request, "consensus/proposals.html", _context(access, rows=rows))


@login_required
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Write a proposal, choose its process and audience; it starts as a draft."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    form = ProposalForm(
        request.POST or None, initiative=access.initiative, language=page_language()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, ref, label = form.serves_link()
        try:
            proposal = services.create_proposal(
                initiative=access.initiative,
                actor=signed_in_user(request),
                title=data["title"],
                text=data["text"],
                process=data["process"],
                anonymous=data["anonymous"],
                audience_team=data["audience_team"],
                audience_circles=data["audience_circles"],
                audience_perspectives=list(data["audience_perspectives"]),
                audience_stakeholders=list(data["audience_stakeholders"]),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                serves_kind=kind,
                serves_ref=ref,
                serves_label=label,
                suppression_threshold=data["suppression_threshold"],
            )
            spanish = spanish_from(data, SPANISH_FIELDS)
            store_spanish(proposal, {"title": spanish["title"]})
            store_spanish(services.current_revision(proposal), {"text": spanish["text"]})
            save_tags(proposal, **form.tag_values())
        except services.ConsensusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The proposal is saved as a draft. Open it when ready."))
            return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    return render(request, "consensus/proposal_form.html", _context(access, form=form))


def _position_rows(
    proposal: Proposal, positions: list[Position], process: Process, language: str
) -> list[dict[str, Any]]:
    rows = []
    for p in positions:
        if proposal.anonymous:
            who = ""
        elif p.stakeholder is not None:
            who = p.stakeholder.name if not p.stakeholder.is_erased else _("(erased)")
        elif p.user is not None:
            who = str(p.user)
        else:
            who = _("Live participant")
        rows.append(
            {
                "who": who,
                "perspective": p.perspective.label if p.perspective else "",
                "option": process.option(p.option).label(language)
                if process.has_option(p.option)
                else p.option,
                "reason": p.visible_reason,
                "channel": p.get_channel_display(),
                "updated_at": p.updated_at,
            }
        )
    return rows


def results_context(proposal: Proposal, summary: Results, language: str) -> dict[str, Any]:
    """Return the figures, charts and tables the results partial draws."""
    process = get_process(proposal.process)
    options: list[dict[str, Any]] = [
        {
            "key": c.key,
            "label": process.option(c.key).label(language),
            "count": c.count,
            "share": round(c.share * 100),
            "needs_reason": c.needs_reason,
        }
        for c in summary.distribution.options
    ]
    shown = [
        (g.label, g.mean_support)
        for g in summary.groups
        if not g.suppressed and g.mean_support is not None
    ]
    groups = [
        {
            "label": g.label,
            "audience": g.audience,
            "suppressed": g.suppressed,
            "reason": g.reason,
            "count": g.count,
            "participation": None if g.participation is None else round(g.participation * 100),
            "support": None if g.mean_support is None else round(g.mean_support * 100),
        }
        for g in summary.groups
    ]
    return {
        "summary": summary,
        "options": options,
        "groups": groups,
        "bar_chart": charts.bar_chart(
            [
                charts.BarRow(
                    o["label"],
                    o["count"],
                    str(o["count"]),
                    flag="reason" if o["needs_reason"] else "",
                    fill=REASON_FILL if o["needs_reason"] else "",
                )
                for o in options
            ],
            charts.PAGE,
        ),
        "support_chart": support_chart([(label, value or 0.0) for label, value in shown])
        if len(shown) >= 1
        else None,
        "mean_support": None
        if summary.distribution.mean_support is None
        else round(summary.distribution.mean_support * 100),
    }


@login_required
def proposal_detail(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Show the proposal, its revisions, results, positions, discussion and decision."""
    access = get_initiative_for(request.user, slug)
    proposal = proposal_for(access, proposal_id)
    language = page_language()
    process = get_process(proposal.process)
    revisions = list(proposal.revisions.all())
    try:
        shown_number = int(request.GET.get("revision", proposal.revision))
    except ValueError:
        shown_number = proposal.revision
    if not any(r.number == shown_number for r in revisions):
        shown_number = proposal.revision
    shown = next(r for r in revisions if r.number == shown_number)
    positions = services.revision_positions(proposal, shown_number)
    summary = services.proposal_results(proposal, shown_number)
    user = signed_in_user(request)
    in_team = access.can_contribute and services.team(proposal).filter(user=user).exists()
    accepting = services.is_accepting(proposal)
    mine = next((p for p in positions if p.user_id == user.pk), None)
    position_form = None
    if in_team and accepting and shown_number == proposal.revision:
        initial: dict[str, object] = {"option": mine.option, "reason": mine.reason} if mine else {}
        if mine and mine.perspective_id:
            initial["perspective"] = mine.perspective_id
        position_form = PositionForm(
            initial=initial,
            process=process,
            language=language,
            perspectives=list(access.initiative.perspectives.all()),
        )
    decision = Decision.objects.filter(proposal=proposal).select_related("recorded_by").first()
    return render(
        request,
        "consensus/proposal_detail.html",
        _context(
            access,
            proposal=proposal,
            process_name=process.name(language),
            revisions=revisions,
            shown=shown,
            is_current=shown_number == proposal.revision,
            accepting=accepting,
            position_rows=_position_rows(proposal, positions, process, language),
            position_form=position_form,
            mine=mine,
            comments=proposal.comments.select_related("author"),
            comment_form=CommentForm() if access.can_contribute else None,
            decision=decision,
            decision_options=_decision_options(decision, process, language) if decision else [],
            circles=[Circle(c).label for c in proposal.audience_circles if c in Circle.values],
            audience_perspectives=list(proposal.audience_perspectives.all()),
            audience_count=services.audience(proposal).count(),
            **results_context(proposal, summary, language),
        ),
    )


def _decision_options(decision: Any, process: Process, language: str) -> list[dict[str, Any]]:
    return [
        {
            "label": process.option(o["key"]).label(language)
            if process.has_option(o["key"])
            else o["label"],
            "count": o["count"],
        }
        for o in decision.distribution
    ]


@login_required
@require_POST
def proposal_position(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Record (or change) the signed-in team member's position on the current revision."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    proposal = proposal_for(access, proposal_id)
    form = PositionForm(
        request.POST,
        process=get_process(proposal.process),
        language=page_language(),
        perspectives=list(access.initiative.perspectives.all()),
    )
    if form.is_valid():
        try:
            services.record_member_position(
                proposal=proposal,
                user=signed_in_user(request),
                option=form.cleaned_data["option"],
                reason=form.cleaned_data["reason"],
                perspective=form.cleaned_data.get("perspective"),
            )
        except services.ConsensusError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your position is recorded. You can change it while the proposal is open."),
            )
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)


@login_required
@require_POST
def proposal_comment(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Add to the proposal's discussion thread."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    proposal = proposal_for(access, proposal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(
            proposal=proposal, author=signed_in_user(request), text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write something first."))
    return redirect(f"{_detail_url(slug, proposal.pk)}#discussion")


def _detail_url(slug: str, proposal_id: int) -> str:
    return reverse("consensus:proposal_detail", kwargs={"slug": slug, "proposal_id": proposal_id})


@login_required
@require_POST
def proposal_action(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Open or close the proposal (conveners)."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    proposal = proposal_for(access, proposal_id)
    action = request.POST.get("action", "")
    actor = signed_in_user(request)
    try:
        if action == "open":
            services.open_proposal(proposal=proposal, actor=actor)
            messages.success(request, _("The proposal is open for positions."))
        elif action == "close":
            services.close_proposal(proposal=proposal, actor=actor)
            messages.success(request, _("The proposal is closed. Positions are final."))
        else:
            messages.error(request, _("Nothing to do."))
    except services.ConsensusError as error:
        messages.error(request, error.message)
    return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)


@login_required
def proposal_revise(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Write a new revision; positions start afresh on it and earlier ones stay on record."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    proposal = proposal_for(access, proposal_id)
    current = services.current_revision(proposal)
    form = RevisionForm(
        request.POST or None,
        initial={"title": proposal.title, "text": current.text},
        proposal=proposal,
        revision=current,
    )
    if proposal.status == ProposalStatus.DECIDED:
        messages.error(request, _("A decided proposal cannot be revised."))
        return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.revise_proposal(
                proposal=proposal,
                actor=signed_in_user(request),
                text=form.cleaned_data["text"],
                change_note=form.cleaned_data["change_note"],
                title=form.cleaned_data["title"],
            )
            spanish = spanish_from(form.cleaned_data, [*SPANISH_FIELDS, "change_note"])
            store_spanish(revision.proposal, {"title": spanish["title"]})
            store_spanish(
                revision, {"text": spanish["text"], "change_note": spanish["change_note"]}
            )
        except services.ConsensusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Revision saved. Everyone can now take a position on the new text; "
                    "earlier positions stay on record."
                ),
            )
            return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    return render(
        request,
        "consensus/proposal_revise.html",
        _context(access, proposal=proposal, current=current, form=form),
    )


@login_required
def proposal_settings(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """Change who is asked, the dates, what it serves and the smallest group shown."""
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    proposal = proposal_for(access, proposal_id)
    if proposal.status == ProposalStatus.DECIDED:
        messages.error(request, _("A decided proposal cannot be changed."))
        return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    form = SettingsForm(request.POST or None, proposal=proposal, language=page_language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, ref, label = form.serves_link()
        try:
            services.update_settings(
                proposal=proposal,
                actor=signed_in_user(request),
                anonymous=data["anonymous"],
                audience_team=data["audience_team"],
                audience_circles=data["audience_circles"],
                audience_perspectives=list(data["audience_perspectives"]),
                audience_stakeholders=list(data["audience_stakeholders"]),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                serves_kind=kind,
                serves_ref=ref,
                serves_label=label,
                suppression_threshold=data["suppression_threshold"],
            )
            save_tags(proposal, **form.tag_values())
        except services.ConsensusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("consensus:proposal_detail", slug=slug, proposal_id=proposal.pk)
    return render(
        request,
        "consensus/proposal_settings.html",
        _context(access, proposal=proposal, form=form),
    )
