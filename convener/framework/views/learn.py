"""The public "Learn" pages: the active framework pack, readable without an account."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from convener.framework.packs import Pack
from convener.framework.services import active_pack


def _page(
    request: HttpRequest, template: str, pack: Pack, current: str, **context: object
) -> HttpResponse:
    return render(
        request,
        f"framework/{template}",
        {"pack": pack, "current": current, **context},
    )


@require_safe
def learn(request: HttpRequest) -> HttpResponse:
    """Show the framework at a glance: layers, habits, elements and depths."""
    pack = active_pack()
    return _page(request, "learn.html", pack, "overview")


@require_safe
def habit(request: HttpRequest, key: str) -> HttpResponse:
    """Show one habit: its elements, its rubric and its tools."""
    pack = active_pack()
    try:
        found = pack.habit(key)
    except KeyError:
        raise Http404("No such habit in the active pack.") from None
    return _page(
        request,
        "habit.html",
        pack,
        found.key,
        habit=found,
        rows=pack.rows_for_habit(found.key),
        tools=pack.tools_for_habit(found.key),
    )


@require_safe
def rubrics(request: HttpRequest) -> HttpResponse:
    """Show the rubric of every habit that has one."""
    pack = active_pack()
    grids = [(h, pack.rows_for_habit(h.key)) for h in pack.habits if pack.rows_for_habit(h.key)]
    return _page(request, "rubrics.html", pack, "rubrics", grids=grids)


@require_safe
def tools(request: HttpRequest) -> HttpResponse:
    """List the tools by habit, with what each one is for."""
    pack = active_pack()
    groups = [(h, pack.tools_for_habit(h.key)) for h in pack.habits if pack.tools_for_habit(h.key)]
    return _page(request, "tools.html", pack, "tools", groups=groups)


@require_safe
def leadership(request: HttpRequest) -> HttpResponse:
    """Compare the leadership approaches (who, how, why) and offer the classification quiz."""
    pack = active_pack()
    approaches = pack.leadership_approaches
    if not approaches:
        raise Http404("The active pack has no leadership approaches.")
    aspects = [
        (_("Who"), _("Who leads and takes part"), [a.who for a in approaches]),
        (_("How"), _("How the work is done"), [a.how for a in approaches]),
        (_("Why"), _("Why it works this way"), [a.why for a in approaches]),
    ]
    quiz = pack.leadership_quiz
    answers = [(item, pack.leadership_approach(item.answer)) for item in quiz.items] if quiz else []
    return _page(
        request,
        "leadership.html",
        pack,
        "leadership",
        approaches=approaches,
        aspects=aspects,
        quiz=quiz,
        answers=answers,
    )
