from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# How long background work may stay queued or running before it counts as lost (its page then
# offers to queue it again).
LEASE = dt.timedelta(minutes=15)

R = TypeVar("R")
# The reason a job records for an error nobody foresaw (its details go to the log).
UNEXPECTED_FAILURE = gettext_lazy(
    "An unexpected error stopped the work. Try again; if it happens again, the "
    "administrators can find the details in the server log."
)


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class BackgroundWork(models.Model):
    """Abstract base: work done once by a background task, with a status people can follow.

    A row is queued by a request, claimed by one job run, and finished or failed by that run
    only. Every move is one conditional UPDATE, so the work runs at most once however often the
    job is delivered: ``claim`` moves queued → running with a fresh ``run_token`` (or takes back
    a run left running longer than the lease, whose worker died), and ``finish`` and ``fail``
    apply only while that token still owns the row. ``error`` holds a plain-language reason.

    Concrete models declare ``status`` with their own choices (they may have extra states, such
    as a registry import waiting for review) and name their values for the four states the
    protocol uses in ``QUEUED``, ``RUNNING``, ``DONE`` and ``FAILED``.
    """

    QUEUED: ClassVar[str] = "queued"
    RUNNING: ClassVar[str] = "running"
    DONE: ClassVar[str] = "done"
    FAILED: ClassVar[str] = "failed"
    LEASE: ClassVar[dt.timedelta] = LEASE

    status = models.CharField(max_length=20, default="queued")
    error = models.TextField(blank=True)  # why it failed, in plain words
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    run_token = models.CharField(max_length=32, blank=True)  # the job run that owns the row

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        """True once the work is done or has failed (nothing more will change by itself)."""
        return self.status in (self.DONE, self.FAILED)

    @property
    def is_pending(self) -> bool:
        """True while a job is queued or running for this row."""
        return self.status in (self.QUEUED, self.RUNNING)

    @property
    def is_stale(self) -> bool:
        """True if the row has been pending longer than the lease: its job was probably lost.

        (A web process restarted before its in-process job ran, or a worker died.)
        """
        since = self.started_at if self.status == self.RUNNING else self.queued_at
        return self.is_pending and since is not None and since < timezone.now() - self.LEASE

    @classmethod
    def stale_q(cls, now: dt.datetime | None = None) -> Q:
        """Rows pending longer than the lease (queued long ago, or running long ago)."""
        limit = (now or timezone.now()) - cls.LEASE
        return Q(status=cls.QUEUED, queued_at__lt=limit) | Q(
            status=cls.RUNNING, started_at__lt=limit
        )

    @classmethod
    def claim(cls, pk: int) -> str | None:
        """Start a run of row ``pk``; return its token, or None if another run has the row.

        A queued row is claimed, and so is one left running longer than the lease.
        """
        token = uuid.uuid4().hex
        now = timezone.now()
        claimable = Q(status=cls.QUEUED) | Q(status=cls.RUNNING, started_at__lt=now - cls.LEASE)
        started = cls._default_manager.filter(claimable, pk=pk).update(
            status=cls.RUNNING, run_token=token, started_at=now
        )
        return token if started else None

    @classmethod
    def finish(cls, pk: int, token: str, **fields: Any) -> bool:
        """Mark row ``pk`` done with ``fields`` if run ``token`` still owns it; return whether.

        Call it inside the transaction that writes the work's results: it also serialises
        runs that race for the same row, and rolls back with them.
        """
        values: dict[str, Any] = {"finished_at": timezone.now(), "error": "", **fields}
        updated = cls._default_manager.filter(pk=pk, status=cls.RUNNING, run_token=token).update(
            status=cls.DONE, run_token="", **values
        )
        return bool(updated)

    @classmethod
    def fail(cls, pk: int, token: str, reason: str, **fields: Any) -> bool:
        """Mark row ``pk`` failed with ``reason`` if run ``token`` still owns it; return whether.

        Written in its own transaction, after the work's transaction rolled back.
        """
        with transaction.atomic():
            updated = cls._default_manager.filter(pk=pk, run_token=token).update(
                status=cls.FAILED,
                error=reason[:2000],
                finished_at=timezone.now(),
                run_token="",
                **fields,
            )
        return bool(updated)

    @classmethod
    def run(
        cls,
        pk: int,
        work: Callable[[Self, str], R],
        *,
        explain: Callable[[Exception], str | None] = lambda exc: None,
        unexpected: str | Promise = UNEXPECTED_FAILURE,
        related: Sequence[str] = (),
        on_failure: Mapping[str, Any] | None = None,
    ) -> R | None:
        """Claim row ``pk`` and do ``work(row, token)`` (a job's whole body); return its result.

        Return None, doing nothing, if another run has the row. If ``work`` raises, the row is
        failed with ``explain(exc)`` as its reason, or, where that is None, with ``unexpected``
        and the traceback in the log; ``on_failure`` fields are written with the failure.
        ``work`` finishes the row itself (``finish``), in the transaction of its results.
        Reasons are written in the site's language: a job has no request to follow.
        """
        token = cls.claim(pk)
        if token is None:
            return None
        row = cls._default_manager.select_related(*related).get(pk=pk)
        with translation.override(settings.LANGUAGE_CODE):
            try:
                return work(row, token)
            except Exception as exc:  # the row must not stay "running": record why it stopped
                reason = explain(exc)
                if reason is None:
                    logger.exception("%s #%s failed", cls._meta.label, pk)
                    reason = str(unexpected)
        cls.fail(pk, token, reason, **(on_failure or {}))
        return None
