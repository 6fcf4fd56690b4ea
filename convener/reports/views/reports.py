"""The report pages: choose a period and sections, read the print view, get the PDF.

The print view is drawn in the request; the PDF is drawn by a background job (see
``convener.reports.services``): asking for it leads to a status page that offers the download.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from convener.accounts.auth import signed_in_user
from convener.core.views.status import render_job_status
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.reports import documents, selectors, services
from convener.reports.figures import Report
from convener.reports.forms import ReportForm, section_choices
from convener.reports.models import ReportRender
from convener.reports.selectors.renders import recent_renders


def _bind(request: HttpRequest) -> ReportForm:
    """Bind the query string, filling what it leaves out with the defaults (last 12 months)."""
    initial = ReportForm.initial_for(timezone.localdate())
    if not request.GET:
        return ReportForm(initial=initial)
    data = request.GET.copy()
    submitted = "threshold" in data  # the form always sends it: no sections means none chosen
    for name, value in initial.items():
        if name not in data and not (submitted and name == "sections"):
            if isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = str(value)
    return ReportForm(data)


def _query(form: ReportForm) -> str:
    data = form.cleaned_data
    return urlencode(
        {
            "since": data["since"].isoformat(),
            "until": data["until"].isoformat(),
            "sections": data["sections"],
            "threshold": data["threshold"],
        },
        doseq=True,
    )


def _report(access: Access, form: ReportForm) -> Report:
    return selectors.build_report(
        initiative=access.initiative,
        period=form.period(),
        sections=form.cleaned_data["sections"],
        threshold=form.cleaned_data["threshold"],
    )


def _form_page(request: HttpRequest, access: Access, form: ReportForm, status: int = 200):
    return render(
        request,
        "reports/form.html",
        {"access": access, "initiative": access.initiative, "form": form},
        status=status,
    )


@login_required
@require_GET
def report_form(request: HttpRequest, slug: str) -> HttpResponse:
    """Offer the period (the last 12 months by default), the sections and the group size."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    form = _bind(request)
    if form.is_bound:
        form.is_valid()  # show what is wrong with a link that came back here
    return _form_page(request, access, form)


@login_required
@require_GET
def report_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the report as a print-friendly page."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    form = _bind(request)
    if not form.is_bound:
        form = ReportForm(ReportForm.initial_for(timezone.localdate()))
    if not form.is_valid():
        return _form_page(request, access, form, status=400)
    report = _report(access, form)
    return render(
        request,
        "reports/view.html",
        {
            "access": access,
            "initiative": access.initiative,
            "query": _query(form),
            **documents.report_context(report),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for the report as a PDF (drawn in the background) and list the recent ones."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            render_row = services.request_render(
                initiative=access.initiative,
                actor=signed_in_user(request),
                period=form.period(),
                sections=form.cleaned_data["sections"],
                threshold=form.cleaned_data["threshold"],
                language=get_language(),
            )
            return redirect("reports:render", slug=slug, render_id=render_row.pk)
        status = 400
    else:
        form = _bind(request)
        if form.is_bound:
            form.is_valid()
        status = 200
    renders = recent_renders(initiative=access.initiative)
    return render(
        request,
        "reports/pdf.html",
        {"access": access, "initiative": access.initiative, "form": form, "renders": renders},
        status=status,
    )


def _render_for(access: Access, render_id: int) -> ReportRender:
    return get_object_or_404(
        ReportRender.objects.defer("pdf"), initiative=access.initiative, pk=render_id
    )


@login_required
@require_GET
def render_status(request: HttpRequest, slug: str, render_id: int) -> HttpResponse:
    """Show how a PDF is coming along; htmx polls the status fragment until it is finished."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    render_row = _render_for(access, render_id)
    return render_job_status(
        request,
        "reports/render.html",
        {
            "access": access,
            "initiative": access.initiative,
            "render": render_row,
            "section_labels": [
                label for key, label in section_choices() if key in render_row.section_list
            ],
        },
    )


@login_required
@require_GET
def render_download(request: HttpRequest, slug: str, render_id: int) -> HttpResponse:
    """Serve a finished PDF, and audit the download; until it is ready, show its status."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    render_row = get_object_or_404(ReportRender, initiative=access.initiative, pk=render_id)
    if not render_row.ready:
        return redirect("reports:render", slug=slug, render_id=render_row.pk)
    response = HttpResponse(bytes(render_row.pdf or b""), content_type="application/pdf")
    services.record_download(
        render=render_row, actor=signed_in_user(request), size=len(response.content)
    )
    name = render_row.filename(access.initiative.slug)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
