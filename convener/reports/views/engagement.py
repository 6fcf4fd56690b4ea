"""The stakeholder-engagement account's pages: the web view, the print view, PDF and .docx.

Each reads the period from the query string (default: the last 12 months), gathers the
records (``selectors.engagement``), assembles one account and renders it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from convener.initiatives.models import Initiative
from convener.initiatives.permissions import Access, get_initiative_for
from convener.initiatives.roles import Capability
from convener.reports import engagement_documents as docs
from convener.reports.engagement import Account, assemble
from convener.reports.forms import EngagementForm
from convener.reports.selectors.engagement import engagement_records


def build_account(initiative: Initiative, form: EngagementForm) -> Account:
    """Return the account of ``initiative`` for a valid form's period and threshold."""
    records = engagement_records(initiative=initiative, period=form.period())
    return assemble(records, threshold=form.group_size(), generated_at=timezone.now())


def _page(
    request: HttpRequest, access: Access, form: EngagementForm, account: Account | None
) -> HttpResponse:
    query = ""
    if account is not None:
        p = account.period
        query = urlencode(
            {
                "since": p.since.isoformat(),
                "until": p.until.isoformat(),
                "threshold": str(account.threshold),
            }
        )
    return render(
        request,
        "reports/engagement/page.html",
        {
            "access": access,
            "initiative": access.initiative,
            "form": form,
            "account": account,
            "query": query,
        },
        status=200 if account is not None else 400,
    )


def _bound(request: HttpRequest, slug: str) -> tuple[Access, EngagementForm]:
    access = get_initiative_for(request.user, slug, Capability.VIEW)
    return access, EngagementForm.bind(request.GET, timezone.localdate())


@login_required
@require_GET
def engagement(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the account for a period, each figure linked to the records behind it."""
    access, form = _bound(request, slug)
    if not form.is_valid():
        return _page(request, access, form, None)
    return _page(request, access, form, build_account(access.initiative, form))


@login_required
@require_GET
def engagement_print(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the account as a standalone page to print."""
    access, form = _bound(request, slug)
    if not form.is_valid():
        return _page(request, access, form, None)
    account = build_account(access.initiative, form)
    return HttpResponse(docs.render_html(account, pdf=False))


@login_required
@require_GET
def engagement_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the account as a tagged PDF."""
    access, form = _bound(request, slug)
    if not form.is_valid():
        return _page(request, access, form, None)
    account = build_account(access.initiative, form)
    response = HttpResponse(docs.render_pdf(account), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{docs.filename(account, "pdf")}"'
    return response


@login_required
@require_GET
def engagement_docx(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the account as a Word document."""
    access, form = _bound(request, slug)
    if not form.is_valid():
        return _page(request, access, form, None)
    account = build_account(access.initiative, form)
    response = HttpResponse(docs.render_docx(account), content_type=docs.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{docs.filename(account, "docx")}"'
    return response
