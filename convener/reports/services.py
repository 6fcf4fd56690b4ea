"""Report use cases: ask for a PDF (drawn by a background job), draw it, serve it.

A PDF takes seconds to draw, so a request never draws it: ``request_render`` records what was
asked and enqueues ``convener.reports.jobs.render_report`` on commit; the job calls
``draw_render``. Asking again for the same report while it is being drawn reuses that render.

Renders are kept for ``RENDER_KEEP`` (one day) after they were asked for, then removed the next
time anyone asks for a PDF of any initiative: they are a way to hand over a file, not an archive
(the print view and ``convener report`` make the same report again at any time).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from convener.accounts.models import User
from convener.core.tasks import enqueue
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.reports import documents, selectors, summaries
from convener.reports.models import UNFINISHED, RenderStatus, ReportRender

logger = logging.getLogger(__name__)

RENDER_KEEP = dt.timedelta(days=1)
# A render still unfinished this long after it was asked for lost its job (a restarted web
# process, a stopped worker): it is marked failed so the next identical request starts afresh.
RENDER_TIMEOUT = dt.timedelta(minutes=15)


def request_render(
    *,
    initiative: Initiative,
    actor: User | None,
    period: summaries.Period,
    sections: Sequence[str],
    threshold: int,
    language: str,
) -> ReportRender:
    """Return a queued or running render of this report, asking for one if there is none.

    ``language`` is the reader's: the PDF is drawn in it, and it is part of the render's key.
    """
    now = timezone.now()
    remove_old_renders(now=now)
    fail_lost_renders(now=now)
    key = {
        "initiative": initiative,
        "since": period.since,
        "until": period.until,
        "sections": ",".join(s for s in summaries.SECTIONS if s in sections),
        "threshold": threshold,
        "language": translation.get_supported_language_variant(language),
    }
    existing = ReportRender.objects.filter(**key, status__in=UNFINISHED).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            render = ReportRender.objects.create(
                **key, started_by=actor, status=RenderStatus.QUEUED, queued_at=now
            )
    except IntegrityError:  # someone asked for the same report a moment ago: share it
        return ReportRender.objects.get(**key, status__in=UNFINISHED)
    from convener.reports.jobs import render_report

    enqueue(render_report, render_id=render.pk)
    return render


def draw_render(*, render_id: int) -> ReportRender | None:
    """Draw a queued render's PDF and store it; mark it failed with a plain reason if it fails.

    Return the drawn render; None if drawing failed (the reason is on the row) or there was
    nothing to do: the render is gone, already finished, or being drawn by another run (a job
    that ran twice draws once).
    """
    return ReportRender.run(render_id, _draw, explain=_explain, related=("initiative",))


def _draw(render: ReportRender, token: str) -> ReportRender:
    with translation.override(render.language):
        report = selectors.build_report(
            initiative=render.initiative,
            period=summaries.Period(render.since, render.until),
            sections=render.section_list,
            threshold=render.threshold,
        )
        pdf = documents.render_pdf(report)
    ReportRender.finish(render.pk, token, pdf=pdf, size=len(pdf))
    render.refresh_from_db()
    return render


def _explain(exc: Exception) -> str:
    """Any failure is shown to the team as one line; the traceback goes to the log."""
    logger.exception("Report PDF failed")
    return failure_reason(exc)


def failure_reason(exc: BaseException) -> str:
    """Return one short line saying what went wrong, without a traceback."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text}"[:300] if text else name


def record_download(*, render: ReportRender, actor: User, size: int) -> None:
    """Audit that ``actor`` downloaded the PDF of ``size`` bytes (never the figures)."""
    record_audit(
        initiative=render.initiative,
        actor=actor,
        action="export",
        target_type="report",
        target_id=render.initiative.pk,
        fields=render.section_list,
        detail=f"PDF {render.since.isoformat()} to {render.until.isoformat()}, {size} bytes",
    )


def remove_old_renders(*, now: dt.datetime) -> int:
    """Delete renders asked for longer ago than ``RENDER_KEEP``; return how many."""
    deleted, _ = ReportRender.objects.filter(created_at__lt=now - RENDER_KEEP).delete()
    return deleted


def fail_lost_renders(*, now: dt.datetime) -> int:
    """Mark failed the renders unfinished after ``RENDER_TIMEOUT``; return how many."""
    return ReportRender.objects.filter(
        status__in=UNFINISHED, created_at__lt=now - RENDER_TIMEOUT
    ).update(
        status=RenderStatus.FAILED,
        error="The PDF was not drawn within 15 minutes; the background worker may have stopped.",
        finished_at=now,
    )
