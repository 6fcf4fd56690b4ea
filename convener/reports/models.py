"""Models of the reports app: PDF renders made in the background."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convener.core.models import BackgroundWork
from convener.initiatives.models import Initiative


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being drawn")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


UNFINISHED = (RenderStatus.QUEUED, RenderStatus.RUNNING)


class ReportRender(BackgroundWork):
    """One request for a report's PDF, drawn by a background job (``reports.jobs``).

    The PDF is kept in the database rather than in a file, so every web and worker process
    (on one machine or several) serves the same bytes without a shared disk. Renders are short
    lived: ``services.RENDER_KEEP`` says how long they are kept. The status moves queued →
    running → done or failed, each move a conditional UPDATE on the job run's token
    (``convener.core.models.BackgroundWork``), so a render is drawn at most once.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    since = models.DateField()
    until = models.DateField()
    sections = models.CharField(max_length=200)  # comma-separated, in the report's own order
    threshold = models.PositiveSmallIntegerField()
    # The reader's language: the PDF is drawn in it, and a Spanish and an English PDF differ.
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=RenderStatus.choices)
    pdf = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)  # bytes of the PDF
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same report is drawn once at a time: a second identical request reuses it.
            models.UniqueConstraint(
                fields=["initiative", "since", "until", "sections", "threshold", "language"],
                condition=Q(status__in=["queued", "running"]),
                name="reports_one_unfinished_render_per_report",
            ),
            models.CheckConstraint(
                condition=Q(until__gte=models.F("since")), name="reports_render_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Report PDF #{self.pk} of {self.initiative_id} ({self.status})"

    @property
    def section_list(self) -> list[str]:
        return self.sections.split(",") if self.sections else []

    @property
    def ready(self) -> bool:
        return self.status == RenderStatus.DONE and self.pdf is not None

    def filename(self, slug: str) -> str:
        return f"report-{slug}-{self.since.isoformat()}-{self.until.isoformat()}.pdf"
