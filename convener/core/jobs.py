"""The enqueue interface code written before the tasks API imports: see ``convener.core.tasks``."""

from convener.core.tasks import JobError, enqueue

__all__ = ["JobError", "enqueue"]
