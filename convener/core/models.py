from django.db import models


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Job(models.Model):
    """A background job waiting for ``convener worker`` (``JOBS_BACKEND=database``).

    Written in the same transaction as the work that asked for it, so it exists exactly when
    that work commits. A finished job is deleted; a job that keeps failing stays as ``failed``
    with its last error. See ``convener.core.jobs``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        FAILED = "failed", "failed"

    task = models.CharField(max_length=200)  # dotted path of a function
    kwargs = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    run_after = models.DateTimeField()  # not before (retries back off)
    locked_until = models.DateTimeField(null=True, blank=True)  # a running job's lease
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.status})"
