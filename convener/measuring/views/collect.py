"""Convener pages for running rounds: list, create, detail, paper entry, custom rows."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from convener.accounts.auth import signed_in_user
from convener.core.translated import spanish_from, store_spanish
from convener.framework.packs import localize
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.purposes import save_tags
from convener.initiatives.roles import Capability
from convener.measuring import round_facts, services
from convener.measuring.forms import (
    CustomRowForm,
    CustomRowQuestionsForm,
    PaperForm,
    RoundForm,
    RoundNameForm,
)
from convener.measuring.models import Round, RoundStatus
from convener.stakeholders.models import Circle


def _context(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "initiative": access.initiative, **extra}


def _round_for(access: Access, round_id: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("instrument", "initiative"),
        pk=round_id,
        initiative=access.initiative,
    )


@login_required
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    """List the initiative's rounds with their status and how many were invited and answered."""
    access = get_initiative_for(request.user, slug)
    listing = (
        Round.objects.filter(initiative=access.initiative)
        .select_related("instrument")
        .annotate(
            invited=Count("links", distinct=True),
            responded=Count(
                "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("-created_at")
    )
    language = get_language() or "en"
    rows = [(r, round_facts.instrument_label(r.instrument, language)) for r in listing]
    return render(
        request,
        "measuring/collect_rounds.html",
        _context(access, rounds=rows, custom_rows=access.initiative.custom_rows.all()),
    )


@login_required
def round_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_initiative_for(request.user, slug, Capability.MANAGE)
    form = RoundForm(request.POST or None, initiative=access.initiative)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.create_round(
                initiative=access.initiative,
                actor=signed_in_user(request),
                name=data["name"],
                row_keys=data["rows"],
                kind=data["kind"],
                anonymous=data["anonymous"],
                languages=data["languages"],
                audience_circles=data["audience_circles"],
                audience_perspectives=data["audience_perspectives"],
                audience_stakeholders=data["audience_stakeholders"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                allow_not_sure=data["allow_not_sure"],
                allow_comments=data["allow_comments"],
                suppression_threshold=data["suppression_threshold"],
            )
            store_spanish(round, spanish_from(data, ["name"]))
            save_tags(round, **form.tag_values())
        except services.CollectionError as error:
            for field, problems in error.fields.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Round created as a draft. Open it when you are ready."))
            return redirect("measuring:round_detail", slug=slug, round_id=round.pk)
    return render(request, "measuring/collect_round_create.html", _context(access, form=form))


def results_url(slug: str, round_id: int) -> str:
    """Return the results page of a round (built by hand until that page is routed)."""
    try:
        return reverse("measuring:results", kwargs={"slug": slug, "round_id": round_id})
    except NoReverseMatch:
        return f"/i/{slug}/measuring/rounds/{round_id}/results/"


@login_required
def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Show a round; conveners open, close, send invitations and reminders from here."""
    need = Capability.MANAGE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    round = _round_for(access, round_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    name_form = RoundNameForm(request.POST if action == "rename" else None, round=round)
    if action == "rename" and name_form.is_valid():
        services.rename_round(
            round=round,
            actor=signed_in_user(request),
            name=name_form.cleaned_data["name"],
            spanish=name_form.cleaned_data.get("name_es") or "",
        )
        messages.success(request, _("The round's name is saved."))
        return redirect("measuring:round_detail", slug=slug, round_id=round.pk)
    if request.method == "POST" and action != "rename":
        _round_action(request, round, action)
        return redirect("measuring:round_detail", slug=slug, round_id=round.pk)
    language = get_language() or "en"
    closed = round.status == RoundStatus.CLOSED
    room_url = qr_svg = None
    if not closed:  # a closed round's room code leads nowhere: offer neither code nor link
        room_url = request.build_absolute_uri(
            reverse("respond:room", kwargs={"token": services.ensure_room_token(round)})
        )
        qr_svg = _qr_svg(room_url)
    counts = round_facts.collection(round)
    audience = services.audience(round).count() if not closed or counts.invited else 0
    rows = [
        {"key": row["key"], "title": localize(row["title"], language), "custom": row["custom"]}
        for row in round.instrument.rows
    ]
    return render(
        request,
        "measuring/collect_round_detail.html",
        _context(
            access,
            round=round,
            rows=rows,
            counts=counts,
            audience=audience,
            non_respondents=services.non_respondent_links(round).count() if counts.invited else 0,
            closed_summary=round_facts.closed_summary(round, counts.responded) if closed else "",
            instrument=round_facts.instrument_label(round.instrument, language),
            accepting=services.is_accepting(round),
            room_url=room_url,
            qr_svg=qr_svg,
            results_url=results_url(slug, round.pk),
            circles=[Circle(c).label for c in round.audience_circles if c in Circle.values],
            perspectives=round.audience_perspectives.all(),
            picked=round.audience_stakeholders.count(),
            name_form=name_form,
        ),
        status=422 if name_form.errors else 200,
    )


def _qr_svg(room_url: str) -> str:
    qr = segno.make(room_url, error="m")
    # segno writes the SVG itself from the URL alone; nothing user-written is inside.
    return mark_safe(
        qr.svg_inline(scale=5, dark="#1b1f24", title=_("QR code for the room link")).replace(
            "<svg ", '<svg role="img" ', 1
        )
    )


def _round_action(request: HttpRequest, round: Round, action: str) -> None:
    actor = signed_in_user(request)
    base_url = None  # links in e-mails are built from settings.SITE_URL, the one site address
    if action == "open" and round.status != RoundStatus.OPEN:
        reopened = round.status == RoundStatus.CLOSED
        services.open_round(round=round, actor=actor)
        messages.success(
            request,
            _("The round is open again. The room code and links work until you close it.")
            if reopened
            else _("The round is open."),
        )
    elif action == "close" and round.status == RoundStatus.OPEN:
        services.close_round(round=round, actor=actor)
        messages.success(request, _("The round is closed. Links no longer work."))
    elif action in ("invite", "remind") and not services.is_accepting(round):
        messages.error(request, _("Open the round before sending e-mails."))
    elif action == "invite":
        services.request_invitations(round=round, actor=actor, base_url=base_url)
        messages.success(request, _("Invitations are being sent in the background."))
    elif action == "remind":
        services.request_reminders(round=round, actor=actor, base_url=base_url)
        messages.success(
            request,
            _("Reminders are being sent in the background to people who have not answered."),
        )
    else:
        messages.error(request, _("Nothing to do."))


@login_required
def paper_entry(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """Type in paper forms one at a time; after each, an empty form and the running count."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    round = _round_for(access, round_id)
    language = get_language() or "en"
    form = PaperForm(request.POST or None, round=round, language=language)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            services.enter_paper_response(
                round=round,
                actor=signed_in_user(request),
                perspective=form.cleaned_data["perspective"],
                answers=answers,
            )
        except services.CollectionError as error:
            form.add_error(None, error.message)
        else:
            count = services.paper_count(round)
            messages.success(
                request,
                ngettext(
                    "Paper form saved. %(count)s paper form entered for this round.",
                    "Paper form saved. %(count)s paper forms entered for this round.",
                    count,
                )
                % {"count": count},
            )
            return redirect("measuring:paper_entry", slug=slug, round_id=round.pk)
    return render(
        request,
        "measuring/collect_paper_entry.html",
        _context(access, round=round, form=form, count=services.paper_count(round)),
    )


@login_required
def custom_row_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Build a custom row: the four checks first, then the four descriptors."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    step = "questions"
    form: CustomRowQuestionsForm
    if request.method != "POST":
        form = CustomRowQuestionsForm()
    elif request.POST.get("step") != "descriptors":
        form = CustomRowQuestionsForm(request.POST)
        if form.is_valid():
            step = "descriptors"
            form = CustomRowForm(initial=form.cleaned_data)
    else:
        step = "descriptors"
        form = CustomRowForm(request.POST)  # the questions stay editable beside the descriptors
        if form.is_valid():
            assert isinstance(form, CustomRowForm)
            data = form.cleaned_data
            try:
                row = services.create_custom_row(
                    initiative=access.initiative,
                    actor=signed_in_user(request),
                    habit=data["habit"],
                    title=data["title"],
                    descriptors=form.descriptors(),
                    makes_difference=data["makes_difference"],
                    observable=data["observable"],
                    beneficiaries_view=data["beneficiaries_view"],
                    can_change=data["can_change"],
                )
            except services.CollectionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Custom row “%(title)s” added. Choose it when you create a round.")
                    % {"title": row.title},
                )
                return redirect("measuring:rounds", slug=slug)
    return render(
        request,
        "measuring/collect_custom_row.html",
        _context(access, form=form, step=step),
    )
