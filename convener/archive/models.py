"""Models of the archive app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.core.models import BackgroundWork
from convener.initiatives.models import Initiative


class ArchiveImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ArchiveImport(BackgroundWork):
    """An uploaded export file on its way to becoming a new initiative, and the outcome.

    The upload is checked in the request, kept here as text (``document``) for the background
    job, and cleared as soon as the job has finished, whether it succeeded or failed. The
    status moves queued → running → done or failed (with a plain-language ``error``), each
    move a conditional UPDATE (``convener.core.models.BackgroundWork``), so one upload makes at
    most one initiative.

    ``initiative_pk`` is the initiative where an owner started the import (its owners follow
    it there) and ``result_pk`` the new one. Plain integers, not foreign keys: a key to an
    initiative would make these rows part of that initiative's export (convener.archive.graph).
    """

    initiative_pk = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200, blank=True)
    document = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ArchiveImportStatus.choices, default=ArchiveImportStatus.QUEUED
    )
    result_pk = models.BigIntegerField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    new_accounts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename or 'import'} ({self.get_status_display()})"

    @property
    def result(self) -> Initiative | None:
        """The initiative the import created, if it still exists."""
        if self.result_pk is None:
            return None
        return Initiative.objects.filter(pk=self.result_pk).first()
