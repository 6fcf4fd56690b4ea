"""The archive app's daily jobs (``convener.core.jobs`` imports every app's periodic.py)."""

from convener.core.jobs import register_daily

register_daily("purge_participant_data", "convener.archive.jobs.purge_participant_data")
