"""The report pages: choose a period and sections, read the print view, download the PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from convener.accounts.auth import signed_in_user
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.initiatives.services import record_audit
from convener.reports import documents, selectors
from convener.reports.figures import Report
from convener.reports.forms import ReportForm


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
@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the report as a PDF, and audit the download."""
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    form = _bind(request)
    if not form.is_bound:
        form = ReportForm(ReportForm.initial_for(timezone.localdate()))
    if not form.is_valid():
        return _form_page(request, access, form, status=400)
    report = _report(access, form)
    pdf = documents.render_pdf(report)
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="report",
        target_id=access.initiative.pk,
        fields=list(report.sections),
        detail=f"PDF {report.period.since.isoformat()} to {report.period.until.isoformat()}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = documents.pdf_filename(report)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
