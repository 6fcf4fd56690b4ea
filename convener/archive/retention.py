"""Retention: remove or anonymise participant data once its retention period has passed.

Periods come from settings (days; 0 keeps the data): see docs/security.md. Each step that
changes an initiative's data records one audit entry there (counts only, no personal data).
Runs daily as a background job (``convener.archive.jobs``); by hand:
``convener purge_participant_data``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from convener.accounts.models import UserSession
from convener.initiatives.models import AuditEntry, Initiative
from convener.initiatives.services import record_audit
from convener.live.models import Participant, SessionStatus
from convener.measuring.models import RoundLink

ANONYMISED_NAME = "—"


@dataclass
class PurgeReport:
    """What a purge removed (or, in a dry run, would remove): step → rows."""

    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        return [f"{count} {step} {verb} purged." for step, count in self.counts.items()]


def _cutoff(days: int, now: dt.datetime) -> dt.datetime | None:
    return now - dt.timedelta(days=days) if days > 0 else None


def _audit(per_initiative: Counter[int], target_type: str, detail: str) -> None:
    for initiative in Initiative.objects.filter(pk__in=per_initiative):
        record_audit(
            initiative=initiative,
            actor=None,
            action="purge",
            target_type=target_type,
            detail=f"{per_initiative[initiative.pk]} {detail}",
        )


def purge_survey_links(*, now: dt.datetime, dry_run: bool) -> int:
    """Delete personal survey links of rounds closed longer ago than the retention period.

    The responses stay (their link becomes empty), so results do not change; what goes is the
    record of which stakeholder held which link.
    """
    cutoff = _cutoff(settings.RETENTION_SURVEY_LINK_DAYS, now)
    if cutoff is None:
        return 0
    links = RoundLink.objects.filter(round__closes_at__lt=cutoff)
    per_initiative = Counter(links.values_list("round__initiative_id", flat=True))
    if not dry_run and per_initiative:
        links.delete()
        _audit(per_initiative, "round_link", "personal survey links past retention deleted")
    return sum(per_initiative.values())


def purge_live_participants(*, now: dt.datetime, dry_run: bool) -> int:
    """Anonymise live-session participants never linked to the registry, after retention.

    Their name and location are blanked; votes stay, so tallies do not change.
    """
    cutoff = _cutoff(settings.RETENTION_LIVE_PARTICIPANT_DAYS, now)
    if cutoff is None:
        return 0
    participants = Participant.objects.filter(
        session__status=SessionStatus.ENDED,
        session__ended_at__lt=cutoff,
        stakeholder__isnull=True,
    ).exclude(display_name=ANONYMISED_NAME, location="", suggested_stakeholder__isnull=True)
    per_initiative = Counter(participants.values_list("session__initiative_id", flat=True))
    if not dry_run and per_initiative:
        participants.update(display_name=ANONYMISED_NAME, location="", suggested_stakeholder=None)
        _audit(per_initiative, "live_participant", "unlinked participants anonymised")
    return sum(per_initiative.values())


def purge_audit_entries(*, now: dt.datetime, dry_run: bool) -> int:
    """Delete audit entries older than RETENTION_AUDIT_DAYS (0 keeps them for ever)."""
    cutoff = _cutoff(settings.RETENTION_AUDIT_DAYS, now)
    if cutoff is None:
        return 0
    entries = AuditEntry.objects.filter(created_at__lt=cutoff)
    per_initiative = Counter(entries.values_list("initiative_id", flat=True))
    if not dry_run and per_initiative:
        entries.delete()
        _audit(per_initiative, "audit_entry", "audit entries past retention deleted")
    return sum(per_initiative.values())


def purge_sessions(*, now: dt.datetime, dry_run: bool) -> int:
    """Delete expired sign-in sessions and old records of ended ones (no initiative data)."""
    cutoff = _cutoff(settings.RETENTION_SESSION_RECORD_DAYS, now)
    records = UserSession.objects.filter(ended_at__lt=cutoff) if cutoff else None
    count = records.count() if records is not None else 0
    if not dry_run:
        if records is not None:
            records.delete()
        engine = import_module(settings.SESSION_ENGINE)
        engine.SessionStore.clear_expired()
    return count


def purge_participant_data(*, dry_run: bool = False, now: dt.datetime | None = None) -> PurgeReport:
    """Apply every retention rule once; in a dry run, only count."""
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run)
    with transaction.atomic():
        report.counts["personal survey links"] = purge_survey_links(now=now, dry_run=dry_run)
        report.counts["unlinked live participants"] = purge_live_participants(
            now=now, dry_run=dry_run
        )
        report.counts["audit entries"] = purge_audit_entries(now=now, dry_run=dry_run)
        report.counts["ended session records"] = purge_sessions(now=now, dry_run=dry_run)
    return report
