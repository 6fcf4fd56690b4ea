"""Toolkit home, starting a worksheet, the worksheet page with its save, autosave and comments."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts.auth import signed_in_user
from convener.framework.packs import localize
from convener.framework.services import active_pack
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.stakeholders.models import Stakeholder
from convener.toolkit import engine, selectors, services
from convener.toolkit.bound_sections import bind_sections, circle_labels
from convener.toolkit.breakouts import open_breakout
from convener.toolkit.feed_questions import FeedQuestions
from convener.toolkit.feeds_registry import get_feed
from convener.toolkit.forms import CommentForm, NewWorksheetForm
from convener.toolkit.models import SectionComment, Worksheet
from convener.toolkit.views.common import (
    context,
    is_writable,
    tool_name,
    visible_sections,
    worksheet_for,
    worksheets_of,
)

# Up to this many stakeholders are listed in the page for the registry-link inputs; beyond it
# the page's script asks the server for matches as people type.
DATALIST_LIMIT = 300


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the tools by habit, with their worksheets and completion."""
    access = get_initiative_for(request.user, slug)
    pack, language = active_pack(), get_language()
    summaries = selectors.tool_summaries(access.initiative, pack, language)
    sheets: dict[str, list[Worksheet]] = defaultdict(list)
    for sheet in (
        worksheets_of(access).filter(team__isnull=True).order_by("tool_key", "-updated_at")
    ):
        sheets[sheet.tool_key].append(sheet)
    habits = [
        {
            "key": habit.key,
            "name": localize(habit.name, language),
            "question": localize(habit.question, language),
            "completion": selectors.habit_completion(summaries, habit.key),
            "tools": [
                {"summary": summary, "worksheets": sheets.get(summary.key, [])}
                for summary in summaries
                if summary.habit == habit.key
            ],
        }
        for habit in pack.habits
        if any(summary.habit == habit.key for summary in summaries)
    ]
    return render(request, "toolkit/home.html", context(access, habits=habits))


def _tool_choices(language: str | None) -> list[tuple[str, str]]:
    pack = active_pack()
    return [
        (tool.key, localize(tool.name, language))
        for tool in pack.tools
        if services.definition_exists(tool.key, pack)
    ]


@login_required
def worksheet_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a new worksheet of a tool."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    form = NewWorksheetForm(
        request.POST or None,
        initial={"tool": request.GET.get("tool", "")},
        tools=_tool_choices(get_language()),
    )
    if request.method == "POST" and form.is_valid():
        sheet = services.create_worksheet(
            initiative=access.initiative,
            tool_key=form.cleaned_data["tool"],
            title=form.cleaned_data["title"],
            actor=signed_in_user(request),
        )
        messages.success(request, _("Worksheet started."))
        return redirect("toolkit:worksheet", slug=slug, worksheet_id=sheet.pk)
    return render(request, "toolkit/worksheet_create.html", context(access, form=form))


def _save_posted(
    request: HttpRequest, sheet: Worksheet, names: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Save the posted fields `names`; return conflicts and the values that were not saved."""
    definition = services.definition_for(sheet.tool_key)
    data = request.POST.copy()
    removed = data.get("_remove", "")
    if removed.count(".") == 2:
        for key in [key for key in data if key.startswith(removed + ".")]:
            del data[key]
    conflicts: dict[str, dict[str, Any]] = {}
    unsaved: dict[str, Any] = {}
    language, circles = get_language(), circle_labels()
    for name in names:
        section, field = name.split(".")
        try:
            fd = services.field_def(definition, section, field)
        except services.UnknownField:
            continue
        value = engine.parse_field(fd, data, name)
        raw_version = data.get(f"_v.{name}", "")
        base = int(raw_version) if raw_version.isdigit() else 0
        try:
            result = services.set_value(
                worksheet=sheet,
                section=section,
                field=field,
                value=value,
                actor=signed_in_user(request),
                base_version=base,
            )
        except engine.InvalidValue as error:
            conflicts[name] = {"error": str(error), "theirs_version": base}
            unsaved[name] = value
            continue
        if result.conflict:
            conflicts[name] = {
                "theirs_text": engine.display_text(fd, result.current_value, language, circles),
                "theirs_value": result.current_value,
                "theirs_version": result.current_version,
            }
            unsaved[name] = value
    return conflicts, unsaved


def _posted_field_names(request: HttpRequest) -> list[str]:
    return [key[3:] for key in request.POST if key.startswith("_v.") and key.count(".") == 2]


@login_required
def worksheet(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Show a worksheet; a POST saves every field (the no-script path of autosave)."""
    need = Capability.CONTRIBUTE if request.method == "POST" else Capability.VIEW
    access = get_initiative_for(request.user, slug, need)
    sheet = worksheet_for(access, worksheet_id)
    conflicts: dict[str, dict[str, Any]] = {}
    unsaved: dict[str, Any] = {}
    if request.method == "POST":
        if not is_writable(access, sheet):
            messages.error(request, _("This copy was merged and can no longer be changed."))
            return redirect("toolkit:worksheet", slug=slug, worksheet_id=sheet.pk)
        conflicts, unsaved = _save_posted(request, sheet, _posted_field_names(request))
        if not conflicts:
            messages.success(request, _("Saved."))
            url = reverse("toolkit:worksheet", args=[slug, sheet.pk])
            anchor = request.POST.get("_anchor", "")
            return redirect(url + (f"#{anchor}" if anchor.replace("-", "").isalnum() else ""))
        messages.error(
            request,
            _("Someone else changed some answers while you were editing. Both versions are shown."),
        )
    return render(
        request,
        "toolkit/worksheet.html",
        _page_context(request, access, sheet, conflicts=conflicts, unsaved=unsaved),
    )


def _page_context(
    request: HttpRequest,
    access: Access,
    sheet: Worksheet,
    *,
    conflicts: dict[str, dict[str, Any]],
    unsaved: dict[str, Any],
) -> dict[str, Any]:
    language = get_language()
    definition = services.definition_for(sheet.tool_key)
    values = services.worksheet_values(sheet)
    versions = selectors.value_versions(sheet)
    for name, value in unsaved.items():
        section_key, field_key = name.split(".")
        values[section_key][field_key] = value
        versions[name] = conflicts[name]["theirs_version"]
    comments: dict[str, list[SectionComment]] = defaultdict(list)
    for comment in sheet.comments.select_related("author"):
        comments[comment.section_key].append(comment)
    sections = bind_sections(
        definition,
        visible_sections(sheet, definition),
        values,
        versions,
        language,
        conflicts=conflicts,
        comments=comments,
    )
    for section in sections:
        feed = get_feed(section.feed) if section.feed else None
        if feed is not None:
            section.feed_label = feed.label
    people = Stakeholder.objects.active().filter(initiative=access.initiative)
    many = people.count() > DATALIST_LIMIT
    done = sum(section.complete for section in sections)
    return context(
        access,
        worksheet=sheet,
        tool_name=tool_name(sheet.tool_key, language),
        feeds_summary=localize(definition.feeds_summary, language),
        sections=sections,
        writable=is_writable(access, sheet),
        breakout=open_breakout(sheet) if sheet.team is None else None,
        done=done,
        total=len(sections),
        percent=round(100 * done / len(sections)) if sections else 0,
        stakeholders=[] if many else list(people.values_list("name", flat=True)),
        stakeholder_search=many,
        comment_form=CommentForm(),
    )


@login_required
@require_POST
def autosave(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Save one field and answer in JSON: saved, unchanged, or a conflict with their version."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    sheet = worksheet_for(access, worksheet_id)
    if not is_writable(access, sheet):
        return JsonResponse({"status": "read-only"}, status=403)
    name = request.POST.get("_field", "")
    if name not in _posted_field_names(request):
        return JsonResponse({"status": "invalid"}, status=400)
    conflicts, _unsaved = _save_posted(request, sheet, [name])
    sheet.refresh_from_db(fields=["completion"])
    version = selectors.value_versions(sheet).get(name, 0)
    if name in conflicts and "error" in conflicts[name]:
        return JsonResponse({"status": "invalid", "error": conflicts[name]["error"]}, status=400)
    if name in conflicts:
        return JsonResponse({"status": "conflict", **conflicts[name]}, status=409)
    return JsonResponse({"status": "saved", "version": version, "completion": sheet.completion})


@login_required
@require_POST
def comment(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Add a comment to a section."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    sheet = worksheet_for(access, worksheet_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                worksheet=sheet,
                section_key=form.cleaned_data["section"],
                body=form.cleaned_data["body"],
                actor=signed_in_user(request),
            )
        except KeyError:
            messages.error(request, _("That section is not part of this worksheet."))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write a comment first."))
    anchor = (
        "s-" + form.data.get("section", "") if form.data.get("section", "").isidentifier() else ""
    )
    url = reverse("toolkit:worksheet", args=[slug, sheet.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def feed(request: HttpRequest, slug: str, worksheet_id: int) -> HttpResponse:
    """Run a section's feed: write what the section says into the registry, plan or glossary."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    sheet = worksheet_for(access, worksheet_id)
    section_key = request.POST.get("section", "")
    answers = {
        key.removeprefix("answer:"): str(request.POST.get(key, ""))
        for key in request.POST
        if key.startswith("answer:") and request.POST.get(key)
    }
    try:
        result = services.run_feed(
            worksheet=sheet, section_key=section_key, actor=signed_in_user(request), answers=answers
        )
    except FeedQuestions as asked:
        # "This person?" and "a person or a group?" before anything is written (issue 16).
        return render(
            request,
            "toolkit/feed_questions.html",
            {
                "access": access,
                "initiative": access.initiative,
                "worksheet": sheet,
                "section_key": section_key,
                "names": asked.names,
                "answers": answers,
            },
        )
    except (KeyError, services.UnknownFeed):
        messages.error(request, _("This section has nothing to add."))
    else:
        for message in result.messages:
            messages.info(request, message)
        messages.success(
            request,
            _("%(created)s created, %(linked)s linked.")
            % {"created": result.created, "linked": result.linked},
        )
    url = reverse("toolkit:worksheet", args=[slug, sheet.pk])
    return redirect(url + (f"#s-{section_key}" if section_key.isidentifier() else ""))


@login_required
def stakeholder_search(request: HttpRequest, slug: str) -> HttpResponse:
    """Return up to 20 registry names matching `q`, for the registry-link inputs."""
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    query = request.GET.get("q", "").strip()[:100]
    people = Stakeholder.objects.active().filter(initiative=access.initiative)
    if query:
        people = people.filter(name__icontains=query)
    found = [{"id": pk, "name": name} for pk, name in people.values_list("pk", "name")[:20]]
    return JsonResponse({"results": found})
