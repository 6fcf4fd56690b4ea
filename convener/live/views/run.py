"""Convener pages for running a session: facilitator controls, presenter view, results, records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.core.exports import export_response
from convener.core.translated import page_language
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit
from convener.live import kinds, selectors, services
from convener.live.kinds import VOTING_KINDS, localise
from convener.live.models import (
    BreakoutGroup,
    Item,
    ItemKind,
    ItemStatus,
    LiveSession,
    Participant,
    SessionStatus,
    Vote,
)
from convener.live.views import breakout_copy, teaching
from convener.live.views.charts import results_view
from convener.live.views.common import (
    QUIZ_KINDS,
    context,
    fallback_languages,
    item_view,
    join_url,
    js_strings,
    qr_svg,
    session_for,
)
from convener.live.views.manage import SERVICE_ERRORS, _error_text
from convener.stakeholders.models import Stakeholder

TIMER_CHOICES = [30, 60, 120, 300, 600]


# The teaching aid the presenter shows beside an item's results (``Kind.teaching``).
_TEACHING: dict[str, Callable[[dict[str, Any], Item], Any]] = {
    "sorting": lambda overall, item: teaching.sorting_rows(
        overall, item.config or {}, show_key=item.key_revealed
    ),
    "ranking": lambda overall, item: teaching.ranking_rows(overall),
}


def _live_context(access: Access, session: LiveSession, *, presenter: bool) -> dict[str, Any]:
    """What the presenter and facilitator pages (and their live fragments) show, with the
    team's texts (prompts, labels, breakout prompts) in the viewer's language."""
    language = page_language()
    item = session.current_item
    current = item_view(item, language=language, staff=not presenter) if item else None
    results = None
    if item is not None and current and current["votes"] and (item.revealed or not presenter):
        results = results_view(
            item,
            for_staff=True,
            language=language,
            show_key=item.key_revealed if presenter else True,
        )
    groups = []
    if item is not None and kinds.get(item.kind).groups:
        groups = list(BreakoutGroup.objects.filter(item=item).prefetch_related("members"))
    teach: dict[str, Any] = {}
    aid = kinds.get(item.kind).teaching if item is not None else ""
    if presenter and item is not None and results is not None and aid:
        teach[aid] = _TEACHING[aid](results["overall"], item)
    return context(
        access,
        session=session,
        strings=js_strings(),
        current=current,
        results=results,
        groups=groups,
        teach=teach,
        participant_count=session.participants.count(),
    )


@login_required
def facilitate(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Run the session from a phone or laptop: open, close, reveal, next, timer, breakouts."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    extra = _facilitator_extra(request, session)
    return render(
        request,
        "live/facilitate.html",
        {**_live_context(access, session, presenter=False), **extra},
    )


def _facilitator_extra(request: HttpRequest, session: LiveSession) -> dict[str, Any]:
    item = session.current_item
    open_answers: list[Vote] = []
    if item is not None and kinds.get(item.kind).written:
        open_answers = list(
            Vote.objects.filter(item=item).select_related("participant").order_by("-updated_at")
        )
    participants = list(
        session.participants.select_related(
            "perspective", "suggested_stakeholder", "stakeholder"
        ).order_by("joined_at")
    )
    by_hand: list[dict[str, Any]] = []
    if item is not None and kinds.get(item.kind).groups:
        count = _group_count(item)
        current = {
            member.pk: number
            for number, group in enumerate(item.groups.order_by("id"), start=1)
            for member in group.members.all()
        }
        by_hand = [
            {"participant": p, "group": current.get(p.pk, n % count + 1)}
            for n, p in enumerate(participants)
        ]
        extra_numbers = list(range(1, count + 1))
    else:
        extra_numbers = []
    return {
        "to_worksheet": breakout_copy.form_context(item),
        "by_hand": by_hand,
        "group_numbers": extra_numbers,
        "agenda": _agenda(session),
        "open_answers": open_answers,
        "participants": participants,
        "timer_choices": TIMER_CHOICES,
        "join_url": join_url(request, session),
        "breakout_modes": [
            ("random", _("At random")),
            ("perspective", _("Mixing perspectives")),
        ],
    }


def _agenda(session: LiveSession) -> list[dict[str, Any]]:
    """The session's items, each with its prompt in the viewer's language (``lang`` "en"
    when it shows the English for want of a translation)."""
    language = page_language()
    return [
        {
            "item": item,
            "prompt": localise(item.kind, item.config or {}, item.prompt, language)[0],
            "lang": fallback_languages(item, language)("prompt"),
        }
        for item in session.items.order_by("position")
    ]


@login_required
def facilitate_live(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The facilitator page's live panel, refetched by facilitator.js on socket messages."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    return render(
        request,
        "live/_facilitate_live.html",
        {**_live_context(access, session, presenter=False), **_facilitator_extra(request, session)},
    )


@login_required
def presenter(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The projector: join code, QR code, the current item and its results once revealed."""
    access = get_initiative_for(request.user, slug)
    session = session_for(access, session_id)
    url = join_url(request, session)
    return render(
        request,
        "live/presenter.html",
        {
            **_live_context(access, session, presenter=True),
            "join_url": url,
            "join_start_url": request.build_absolute_uri(reverse("join:start")),
            "qr": qr_svg(url, _("QR code to join the session")),
        },
    )


@login_required
def presenter_live(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The presenter's current item and results, refetched by presenter.js."""
    access = get_initiative_for(request.user, slug)
    session = session_for(access, session_id)
    return render(
        request, "live/_presenter_item.html", _live_context(access, session, presenter=True)
    )


def _target_item(session: LiveSession, request: HttpRequest) -> Item | None:
    raw = request.POST.get("item")
    if raw:
        try:
            return session.items.filter(pk=int(raw)).first()
        except ValueError:
            return None
    return session.current_item


def _back(request: HttpRequest, slug: str, session: LiveSession) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("live:facilitate", slug=slug, session_id=session.pk)


ITEM_ACTIONS = {
    "open": services.open_item,
    "close": services.close_item,
    "reveal": services.reveal_results,
    "hide": services.hide_results,
    "reveal_key": services.reveal_key,
}


@require_POST
@login_required
def control(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Carry out one facilitator action (``action`` in the form), then push the new state."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    actor = signed_in_user(request)
    action = request.POST.get("action", "")
    item = _target_item(session, request)
    try:
        if action == "start":
            services.start_session(session=session, actor=actor)
        elif action == "end":
            services.end_session(session=session, actor=actor)
            messages.success(request, _("Session ended. Sign-ins are now its attendance."))
            return redirect("live:results", slug=slug, session_id=session.pk)
        elif action == "next":
            services.next_item(session=session, actor=actor)
        elif action == "advance":  # "Next" and the keyboard remote: move on, open answering
            _advance(session, actor)
        elif action in ("previous", "goto"):
            target = _neighbour(session, -1) if action == "previous" else item
            if target is not None:
                services.go_to_item(session=session, item=target, actor=actor)
        elif action in ITEM_ACTIONS and item is not None:
            ITEM_ACTIONS[action](item=item, actor=actor)
        elif action == "timer" and item is not None:
            seconds = int(request.POST.get("seconds") or 60)
            services.start_timer(item=item, seconds=max(0, min(seconds, 3600)), actor=actor)
        elif action == "breakouts" and item is not None:
            services.form_breakouts(
                item=item,
                mode=request.POST.get("mode") or "random",
                group_count=max(1, min(int(request.POST.get("group_count") or 2), 100)),
                actor=actor,
            )
        elif action == "breakouts_by_hand" and item is not None:
            _by_hand(request, item, actor)
        elif action in ("hide_vote", "show_vote"):
            vote = Vote.objects.filter(pk=request.POST.get("vote") or 0, item__session=session)
            found = vote.select_related("item").first()
            if found is not None:
                services.set_hidden(vote=found, hidden=action == "hide_vote", actor=actor)
        elif action in ("confirm_link", "reject_link"):
            _link(request, session, actor, confirm=action == "confirm_link")
        else:
            messages.error(request, _("That action is not available now."))
            return _back(request, slug, session)
    except SERVICE_ERRORS as error:
        messages.error(request, _error_text(error))
        return _back(request, slug, session)
    return _back(request, slug, session)


def _advance(session: LiveSession, actor: Any) -> None:
    """Move to the next item and, when it takes answers and has not run yet, open it."""
    services.next_item(session=session, actor=actor)
    session.refresh_from_db()
    item = session.current_item
    if item is not None and item.kind in VOTING_KINDS and item.status == ItemStatus.PENDING:
        services.open_item(item=item, actor=actor)


def _by_hand(request: HttpRequest, item: Item, actor: Any) -> None:
    """Form groups from the facilitator's choice for each person (``p-<participant id>``)."""
    count = _group_count(item)
    assignments = {}
    for key in request.POST:
        value = request.POST.get(key) or ""
        if key.startswith("p-") and key[2:].isdigit() and value.isdigit():
            assignments[int(key[2:])] = int(value)
    services.form_breakouts(
        item=item, mode="manual", group_count=count, actor=actor, assignments=assignments
    )


def _group_count(item: Item) -> int:
    try:
        return max(1, min(int(item.config.get("group_count") or 2), 100))
    except (TypeError, ValueError):
        return 2


def _neighbour(session: LiveSession, step: int) -> Item | None:
    items = list(session.items.order_by("position"))
    if session.current_item_id is None:
        return items[0] if items else None
    ids = [i.pk for i in items]
    index = ids.index(session.current_item_id) + step if session.current_item_id in ids else 0
    return items[index] if 0 <= index < len(items) else None


def _link(request: HttpRequest, session: LiveSession, actor: Any, *, confirm: bool) -> None:
    participant = Participant.objects.filter(
        pk=request.POST.get("participant") or 0, session=session
    ).first()
    if participant is None:
        return
    if confirm:
        stakeholder = Stakeholder.objects.filter(
            pk=request.POST.get("stakeholder") or 0, initiative=session.initiative
        ).first()
        if stakeholder is not None:
            services.confirm_link(participant=participant, stakeholder=stakeholder, actor=actor)
            messages.success(request, _("Linked to the registry."))
    else:
        services.reject_link(participant=participant, actor=actor)
        messages.success(request, _("Suggestion dismissed."))


@login_required
def results(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Every item's results, with the session's exports."""
    access = get_initiative_for(request.user, slug)
    session = session_for(access, session_id)
    items = []
    language = page_language()
    for item in session.items.order_by("position"):
        view = item_view(item, language=language, staff=True)
        figures = results_view(item, for_staff=True, language=language) if view["votes"] else None
        items.append({"view": view, "results": figures})
    return render(
        request,
        "live/results.html",
        context(
            access,
            session=session,
            items=items,
            participant_count=session.participants.count(),
        ),
    )


@login_required
def export(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Download the session's answers as CSV or XLSX (``?format=xlsx``)."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    header, rows = services.export_rows(session)
    response = export_response(
        filename=f"session-{session.join_code.lower()}-{session.pk}", fmt=fmt, header=header,
        rows=rows,
    )  # fmt: skip
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="live_session",
        target_id=session.pk,
        detail=f"{fmt}, {len(response.content)} bytes",
    )
    return response


@login_required
def records(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Attendance, each participant's quiz score and self-ratings; linked people's history."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    session = session_for(access, session_id)
    quiz = Q(votes__item__kind__in=[str(k) for k in QUIZ_KINDS])
    participants = (
        session.participants.select_related("perspective", "stakeholder")
        .annotate(
            quiz_score=Avg("votes__score", filter=quiz & Q(votes__score__isnull=False)),
            quiz_answered=Count("votes", filter=quiz),
            answers=Count("votes"),
        )
        .order_by("display_name")
    )
    ratings = Vote.objects.filter(item__session=session, item__kind=ItemKind.RATING).select_related(
        "item"
    )
    by_participant: dict[int, list[dict[str, Any]]] = {}
    for vote in ratings:
        labels = {s["key"]: s["label"] for s in vote.item.config.get("statements", [])}
        if isinstance(vote.value, dict):
            by_participant.setdefault(vote.participant_id, []).extend(
                {"label": labels.get(k, k), "value": v} for k, v in vote.value.items()
            )
    rows = []
    for participant in participants:
        history = None
        if participant.stakeholder is not None:
            history = selectors.participant_history(participant.stakeholder)
        rows.append(
            {
                "participant": participant,
                "score": round(participant.quiz_score * 100)
                if participant.quiz_score is not None
                else None,
                "ratings": by_participant.get(participant.pk, []),
                "history": history,
            }
        )
    return render(
        request,
        "live/records.html",
        context(
            access,
            session=session,
            rows=rows,
            ended=session.status == SessionStatus.ENDED,
            activity=session.activity,
        ),
    )
