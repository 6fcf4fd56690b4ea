"""The protocol of ``BackgroundWork``: claim once, finish or fail only while holding the token.

The rows are of a model made for these tests only: it is registered and its table created for
each test, then dropped and unregistered, so no migration carries it and no other test sees it.
It names its own "done" value and has a state of its own, as the registry's import batch does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from convener.core.models import LEASE, BackgroundWork

LONG_AGO = dt.timedelta(minutes=16)


def _make_model() -> Any:
    class Chore(BackgroundWork):
        DONE = "completed"

        status = models.CharField(max_length=20, default="drafted")
        note = models.CharField(max_length=50, blank=True)

        class Meta:
            app_label = "core"

    return Chore


@pytest.fixture
def chore(transactional_db: None) -> Iterator[Any]:
    model = _make_model()
    with connection.schema_editor() as editor:
        editor.create_model(model)
    try:
        yield model
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(model)
        del apps.all_models["core"]["chore"]
        apps.clear_cache()


def _unsaved(**fields: Any) -> Any:
    model = _make_model()
    try:
        return model(**fields)
    finally:
        del apps.all_models["core"]["chore"]
        apps.clear_cache()


def test_the_lease_is_the_job_queue_lease() -> None:
    assert BackgroundWork.LEASE == LEASE == dt.timedelta(minutes=15)


@pytest.mark.parametrize(
    ("status", "finished", "pending"),
    [
        ("drafted", False, False),  # a state of the concrete model's own
        ("queued", False, True),
        ("running", False, True),
        ("completed", True, False),  # the model's own name for "done"
        ("failed", True, False),
    ],
)
def test_finished_and_pending_follow_the_status(status: str, finished: bool, pending: bool) -> None:
    work = _unsaved(status=status)
    assert (work.is_finished, work.is_pending) == (finished, pending)


def test_pending_work_is_stale_only_after_the_lease() -> None:
    now = timezone.now()
    assert not _unsaved(status="queued", queued_at=now).is_stale
    assert _unsaved(status="queued", queued_at=now - LONG_AGO).is_stale
    # A running row counts from when its run started, not from when it was queued.
    running = _unsaved(status="running", queued_at=now - LONG_AGO, started_at=now)
    assert not running.is_stale
    assert _unsaved(status="running", started_at=now - LONG_AGO).is_stale
    assert not _unsaved(status="failed", queued_at=now - LONG_AGO).is_stale
    assert not _unsaved(status="queued").is_stale  # never queued through the protocol


def test_a_queued_row_is_claimed_once(chore: Any) -> None:
    row = chore.objects.create(status="queued", queued_at=timezone.now())
    token = chore.claim(row.pk)
    assert token
    assert chore.claim(row.pk) is None  # the job delivered twice runs once
    row.refresh_from_db()
    assert (row.status, row.run_token) == ("running", token)
    assert row.started_at is not None


def test_rows_in_other_states_are_not_claimed(chore: Any) -> None:
    for status in ("drafted", "completed", "failed"):
        row = chore.objects.create(status=status)
        assert chore.claim(row.pk) is None
        row.refresh_from_db()
        assert row.status == status
    assert chore.claim(987654) is None  # a row that is gone


def test_a_run_left_running_past_the_lease_is_taken_over(chore: Any) -> None:
    row = chore.objects.create(status="queued")
    lost = chore.claim(row.pk)
    chore.objects.filter(pk=row.pk).update(started_at=timezone.now() - LONG_AGO)
    token = chore.claim(row.pk)
    assert token
    assert token != lost
    # The lost run, should it wake up, can neither finish nor fail the row any more.
    assert not chore.finish(row.pk, lost, note="from the lost run")
    assert not chore.fail(row.pk, lost, "from the lost run")
    assert chore.finish(row.pk, token, note="from the new run")
    row.refresh_from_db()
    assert (row.status, row.note, row.error) == ("completed", "from the new run", "")


def test_finish_marks_the_row_done_with_its_fields(chore: Any) -> None:
    row = chore.objects.create(status="queued", error="an earlier failure")
    token = chore.claim(row.pk)
    assert chore.finish(row.pk, token, note="done well")
    row.refresh_from_db()
    assert (row.status, row.note, row.error, row.run_token) == ("completed", "done well", "", "")
    assert row.finished_at is not None
    assert row.is_finished
    assert not chore.finish(row.pk, token)  # finished once
    assert not chore.fail(row.pk, token, "too late")  # and a finished row stays finished
    row.refresh_from_db()
    assert row.status == "completed"


def test_fail_records_a_plain_reason(chore: Any) -> None:
    row = chore.objects.create(status="queued")
    token = chore.claim(row.pk)
    assert chore.fail(row.pk, token, "The file is not a spreadsheet. " * 100, note="cleared")
    row.refresh_from_db()
    assert row.status == "failed"
    assert row.error.startswith("The file is not a spreadsheet.")
    assert len(row.error) == 2000
    assert (row.note, row.run_token) == ("cleared", "")
    assert row.finished_at is not None


def test_finish_rolls_back_with_the_work(chore: Any) -> None:
    row = chore.objects.create(status="queued")
    token = chore.claim(row.pk)

    def work() -> None:
        with transaction.atomic():
            assert chore.finish(row.pk, token)
            raise RuntimeError("the work failed after the claim")

    with pytest.raises(RuntimeError):
        work()
    row.refresh_from_db()
    assert (row.status, row.run_token) == ("running", token)  # still the run's to fail
    assert chore.fail(row.pk, token, "The work failed.")


def test_stale_q_selects_lost_rows_only(chore: Any) -> None:
    now = timezone.now()
    old = now - LONG_AGO
    lost_queued = chore.objects.create(status="queued", queued_at=old)
    lost_running = chore.objects.create(status="running", queued_at=old, started_at=old)
    chore.objects.create(status="queued", queued_at=now)
    chore.objects.create(status="running", queued_at=old, started_at=now)
    chore.objects.create(status="failed", queued_at=old, started_at=old)
    found = set(chore.objects.filter(chore.stale_q()).values_list("pk", flat=True))
    assert found == {lost_queued.pk, lost_running.pk}


def test_run_does_the_work_once_and_returns_its_result(chore: Any) -> None:
    row = chore.objects.create(status="queued")
    calls: list[str] = []

    def work(claimed: Any, token: str) -> str:
        calls.append(claimed.status)
        assert chore.finish(claimed.pk, token, note="written")
        return "result"

    assert chore.run(row.pk, work) == "result"
    assert chore.run(row.pk, work) is None  # delivered again: nothing to do
    assert calls == ["running"]
    row.refresh_from_db()
    assert (row.status, row.note) == ("completed", "written")


def test_run_records_an_explained_failure(chore: Any) -> None:
    row = chore.objects.create(status="queued", note="kept until it fails")

    def work(claimed: Any, token: str) -> None:
        raise ValueError("The file has no rows.")

    explain = lambda exc: str(exc) if isinstance(exc, ValueError) else None  # noqa: E731
    assert chore.run(row.pk, work, explain=explain, on_failure={"note": ""}) is None
    row.refresh_from_db()
    assert (row.status, row.error, row.note, row.run_token) == (
        "failed",
        "The file has no rows.",
        "",
        "",
    )


def test_run_records_an_unexpected_failure_in_plain_words(
    chore: Any, caplog: pytest.LogCaptureFixture
) -> None:
    row = chore.objects.create(status="queued")

    def work(claimed: Any, token: str) -> None:
        raise KeyError("internal detail")

    assert chore.run(row.pk, work, unexpected="Something stopped the chore.") is None
    row.refresh_from_db()
    assert (row.status, row.error) == ("failed", "Something stopped the chore.")
    assert "internal detail" in caplog.text  # the traceback goes to the log, not to people
