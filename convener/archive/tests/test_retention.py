"""Retention rules: each removes only what is past its period, and a dry run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from convener.accounts.models import UserSession
from convener.archive.retention import ANONYMISED_NAME, purge_participant_data
from convener.initiatives.models import AuditEntry
from convener.live.models import LiveSession, Participant, SessionStatus
from convener.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


def _session(cast, code: str, ended_days_ago: int) -> LiveSession:
    return LiveSession.objects.create(
        initiative=cast.initiative,
        title=f"Session {code}",
        join_code=code,
        status=SessionStatus.ENDED,
        ended_at=timezone.now() - dt.timedelta(days=ended_days_ago),
    )


def test_unlinked_live_participants_are_anonymised_after_retention(cast, settings):
    settings.RETENTION_LIVE_PARTICIPANT_DAYS = 90
    old, recent = _session(cast, "OLD111", 91), _session(cast, "NEW222", 10)
    person = Stakeholder.objects.create(initiative=cast.initiative, name="Known Person")
    stranger = Participant.objects.create(
        session=old, token_hash="1" * 64, display_name="Jo from Elm St", location="Elm St"
    )
    linked = Participant.objects.create(
        session=old, token_hash="2" * 64, display_name="Known Person", stakeholder=person
    )
    fresh = Participant.objects.create(session=recent, token_hash="3" * 64, display_name="Sam")

    dry = purge_participant_data(dry_run=True)
    assert dry.counts["unlinked live participants"] == 1
    stranger.refresh_from_db()
    assert stranger.display_name == "Jo from Elm St"

    report = purge_participant_data()

    assert report.counts["unlinked live participants"] == 1
    stranger.refresh_from_db()
    linked.refresh_from_db()
    fresh.refresh_from_db()
    assert (stranger.display_name, stranger.location) == (ANONYMISED_NAME, "")
    assert linked.display_name == "Known Person"  # the registry entry decides about it
    assert fresh.display_name == "Sam"  # within its period
    assert AuditEntry.objects.filter(
        initiative=cast.initiative, action="purge", target_type="live_participant"
    ).exists()
    assert purge_participant_data().counts["unlinked live participants"] == 0  # idempotent


def test_old_session_records_and_audit_entries_go_when_configured(cast, settings):
    settings.RETENTION_SESSION_RECORD_DAYS = 30
    settings.RETENTION_AUDIT_DAYS = 365
    user = cast.users["member"]
    old = UserSession.objects.create(user=user, session_key="a" * 32)
    UserSession.objects.filter(pk=old.pk).update(ended_at=timezone.now() - dt.timedelta(days=31))
    current = UserSession.objects.create(user=user, session_key="b" * 32)
    entry = AuditEntry.objects.create(initiative=cast.initiative, action="update", target_type="x")
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )

    report = purge_participant_data()

    assert report.counts["ended session records"] == 1
    assert list(UserSession.objects.values_list("pk", flat=True)) == [current.pk]
    assert report.counts["audit entries"] == 1
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.filter(action="purge", target_type="audit_entry").exists()


def test_zero_days_keeps_everything(cast, settings):
    settings.RETENTION_AUDIT_DAYS = 0
    entry = AuditEntry.objects.create(initiative=cast.initiative, action="update", target_type="x")
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - dt.timedelta(days=4000)
    )
    assert purge_participant_data().counts["audit entries"] == 0
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
