"""The decision log: every recorded decision of an initiative, filterable by rubric row."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convener.accounts.auth import signed_in_user
from convener.consensus import selectors
from convener.consensus.models import Decision
from convener.consensus.views.proposals import _context
from convener.core.exports import export_response
from convener.core.translated import SPANISH, written
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.services import record_audit


def _row_filters(slug_decisions: list[Decision]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for d in slug_decisions:
        if d.serves_kind == "rubric_row" and d.serves_ref and d.serves_ref not in seen:
            seen[d.serves_ref] = d.serves_label or d.serves_ref
    return sorted(seen.items(), key=lambda item: item[1])


@login_required
def decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    """List the recorded decisions, newest first; ``?row=`` keeps one rubric row's."""
    access = get_initiative_for(request.user, slug)
    everything = list(selectors.decisions(access.initiative))
    row = request.GET.get("row", "")
    shown = [d for d in everything if not row or d.serves_ref == row]
    entries = [(d, selectors.summary(d)) for d in shown]
    return render(
        request,
        "consensus/decision_log.html",
        _context(access, entries=entries, rows=_row_filters(everything), row=row),
    )


@login_required
def decision_log_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the decision log as CSV or XLSX."""
    access = get_initiative_for(request.user, slug)
    fmt = "xlsx" if request.GET.get("fmt") == "xlsx" else "csv"
    found = selectors.decisions(access.initiative, serves_ref=request.GET.get("row", ""))
    rows = []
    for d in found:
        by_perspective = selectors.summary(d).by_perspective
        rows.append(
            [
                d.decided_on,
                d.title,
                d.get_outcome_display(),
                d.statement,
                written(d, "statement", SPANISH),
                d.decided_by,
                d.revision,
                d.participants,
                "; ".join(f"{label}: {count}" for label, count in by_perspective.items()),
                "; ".join(f"{o['label']}: {o['count']}" for o in d.distribution),
                d.serves_ref,
                d.serves_label,
            ]
        )
    response = export_response(
        filename="decision-log",
        fmt=fmt,
        header=[
            "decided_on",
            "title",
            "outcome",
            "statement",
            "statement_es",
            "decided_by",
            "revision",
            "participants",
            "by_perspective",
            "distribution",
            "serves_ref",
            "serves_label",
        ],
        rows=rows,
        sheet="Decisions",
    )
    record_audit(
        initiative=access.initiative,
        actor=signed_in_user(request),
        action="export",
        target_type="decision_log",
        fields=["decisions"],
        detail=f"{fmt.upper()}, {len(rows)} rows, {len(response.content)} bytes",
    )
    return response
