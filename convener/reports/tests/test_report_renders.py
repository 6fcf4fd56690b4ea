"""The PDF is drawn by a background job: ask, watch the status, download once it is ready."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from convener.core.tests.task_worker import queued, run_one, use_database_tasks
from convener.initiatives.models import AuditEntry
from convener.reports import documents, services
from convener.reports.models import RenderStatus, ReportRender
from convener.reports.tests import report_data
from tests import pdf_reading

pytestmark = pytest.mark.django_db

ASK = {"since": "2026-01-01", "until": "2026-10-31", "threshold": "5", "sections": ["overview"]}


def _ask(cast, persona="viewer", **extra):
    url = reverse("reports:pdf", kwargs={"slug": cast.initiative.slug})
    return cast.client(persona).post(url, {**ASK, **extra})


def _status_url(cast, render):
    return reverse("reports:render", kwargs={"slug": cast.initiative.slug, "render_id": render.pk})


def _download_url(cast, render):
    return reverse(
        "reports:download", kwargs={"slug": cast.initiative.slug, "render_id": render.pk}
    )


def test_asking_for_the_pdf_queues_a_render_and_shows_its_status(cast):
    response = _ask(cast)  # no commit in this test: the job has not run
    render = ReportRender.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _status_url(cast, render)
    assert render.status == RenderStatus.QUEUED
    assert render.started_by == cast.users["viewer"]
    assert (render.since, render.until) == (dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    assert (render.sections, render.threshold) == ("overview", 5)
    page = cast.client("member").get(_status_url(cast, render)).content.decode()
    assert "Waiting to start." in page
    assert 'hx-trigger="every 2s"' in page  # htmx polls the status fragment
    assert f'href="{_status_url(cast, render)}">Refresh</a>' in page  # and without JavaScript
    assert "Download the PDF" not in page


def test_the_download_waits_until_the_pdf_is_done(cast):
    _ask(cast)
    render = ReportRender.objects.get()
    response = cast.client("viewer").get(_download_url(cast, render))
    assert response.status_code == 302
    assert response["Location"] == _status_url(cast, render)
    assert not AuditEntry.objects.filter(target_type="report").exists()


def test_the_job_draws_the_pdf_and_the_status_offers_the_download(
    cast, django_capture_on_commit_callbacks
):
    report_data.build(cast.initiative, cast.users["owner"])
    with django_capture_on_commit_callbacks(execute=True):  # eager jobs run at commit
        _ask(cast, sections=["overview", "rounds"])
    render = ReportRender.objects.get()
    assert render.status == RenderStatus.DONE
    assert render.started_at
    assert render.finished_at
    assert render.started_at <= render.finished_at
    assert render.size == len(bytes(render.pdf)) > 1000
    page = cast.client("viewer").get(_status_url(cast, render)).content.decode()
    assert "The PDF is ready" in page
    assert "hx-trigger" not in page  # finished: polling stops
    assert f'href="{_download_url(cast, render)}"' in page
    response = cast.client("viewer").get(_download_url(cast, render))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="report-{cast.initiative.slug}-2026-01-01-2026-10-31.pdf"'
    )
    entry = AuditEntry.objects.get(initiative=cast.initiative, target_type="report")
    assert (entry.action, entry.actor, entry.fields) == (
        "export",
        cast.users["viewer"],
        ["overview", "rounds"],
    )


def test_the_htmx_poll_gets_only_the_status_fragment(cast):
    _ask(cast)
    render = ReportRender.objects.get()
    response = cast.client("viewer").get(_status_url(cast, render), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="render-status"')
    assert "<h1>" not in html
    ReportRender.objects.filter(pk=render.pk).update(status=RenderStatus.RUNNING)
    html = cast.client("viewer").get(_status_url(cast, render), headers={"HX-Request": "true"})
    assert "Being drawn." in html.content.decode()


def test_identical_requests_share_one_render_while_it_is_unfinished(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = _ask(cast, "viewer")
        again = _ask(cast, "owner")
        other = _ask(cast, "owner", threshold="7")
    assert first["Location"] == again["Location"] != other["Location"]
    assert ReportRender.objects.count() == 2
    assert len(queued) == 2  # one job per distinct report
    ReportRender.objects.update(status=RenderStatus.DONE, pdf=b"%PDF-1.7")
    _ask(cast)  # a finished render is not reused: the figures may have changed since
    assert ReportRender.objects.count() == 3


def test_a_failed_render_says_why_and_offers_to_try_again(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report):
        raise RuntimeError("no fonts found\nsecond line of detail")

    monkeypatch.setattr(documents, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(cast)
    render = ReportRender.objects.get()
    assert render.status == RenderStatus.FAILED
    assert render.error == "RuntimeError: no fonts found"
    assert render.pdf is None
    page = cast.client("viewer").get(_status_url(cast, render)).content.decode()
    assert "The PDF could not be made." in page
    assert "RuntimeError: no fonts found" in page
    assert "Try again</button>" in page
    assert "hx-trigger" not in page
    assert cast.client("viewer").get(_download_url(cast, render)).status_code == 302


def test_a_render_job_that_runs_twice_draws_once(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(cast)
    render = ReportRender.objects.get()
    assert services.draw_render(render_id=render.pk) is None
    assert services.draw_render(render_id=render.pk + 1000) is None  # gone: nothing to do


def test_outsiders_get_404_and_cannot_reach_another_initiatives_pdf(cast):
    _ask(cast)
    render = ReportRender.objects.get()
    for url in (_status_url(cast, render), _download_url(cast, render)):
        assert cast.client("outsider").get(url).status_code == 404
        assert cast.client("anonymous").get(url).status_code == 302
    # The outsider owns cast.other: its slug with this initiative's render id is still 404.
    for name in ("reports:render", "reports:download"):
        url = reverse(name, kwargs={"slug": cast.other.slug, "render_id": render.pk})
        assert cast.client("outsider").get(url).status_code == 404
    url = reverse("reports:pdf", kwargs={"slug": cast.initiative.slug})
    assert cast.client("outsider").post(url, ASK).status_code == 404


def test_an_invalid_request_shows_the_form_again(cast):
    response = _ask(cast, since="2026-05-01", until="2026-01-01")
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.content.decode()
    assert not ReportRender.objects.exists()


def test_the_pdf_page_lists_recent_renders_and_fills_the_form_from_the_link(cast):
    _ask(cast)
    url = reverse("reports:pdf", kwargs={"slug": cast.initiative.slug})
    response = cast.client("viewer").get(url, {**ASK, "since": "2026-02-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-02-01"' in html
    assert "Waiting to start" in html
    assert _status_url(cast, ReportRender.objects.get()) in html


def test_old_renders_are_removed_and_lost_ones_marked_failed(cast):
    _ask(cast)
    _ask(cast, threshold="6")
    old, lost = ReportRender.objects.order_by("id")
    now = timezone.now()
    ReportRender.objects.filter(pk=old.pk).update(
        status=RenderStatus.DONE, created_at=now - dt.timedelta(days=1, minutes=1)
    )
    ReportRender.objects.filter(pk=lost.pk).update(created_at=now - dt.timedelta(minutes=16))
    _ask(cast)  # every request tidies up first
    assert not ReportRender.objects.filter(pk=old.pk).exists()
    lost.refresh_from_db()
    assert lost.status == RenderStatus.FAILED
    assert "within 15 minutes" in lost.error
    fresh = ReportRender.objects.exclude(pk=lost.pk).get()
    assert fresh.status == RenderStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_a_job_row_is_queued_and_a_worker_draws_it(settings, cast):
    use_database_tasks(settings)
    _ask(cast)
    render = ReportRender.objects.get()
    assert queued() == [("convener.reports.jobs.render_report", {"render_id": render.pk})]
    assert render.status == RenderStatus.QUEUED
    outcome = run_one()
    assert outcome is not None
    assert outcome.ok
    render.refresh_from_db()
    assert render.status == RenderStatus.DONE
    assert bytes(render.pdf).startswith(b"%PDF")
    assert queued() == []


def test_the_pdf_is_drawn_in_the_readers_language_which_is_part_of_its_key(
    cast, django_capture_on_commit_callbacks
):
    report_data.build(cast.initiative, cast.users["owner"])
    url = reverse("reports:pdf", kwargs={"slug": cast.initiative.slug})
    with django_capture_on_commit_callbacks(execute=True):
        cast.client("viewer").post(url, ASK, HTTP_ACCEPT_LANGUAGE="es")
        cast.client("viewer").post(url, ASK, HTTP_ACCEPT_LANGUAGE="en")
    spanish, english = ReportRender.objects.order_by("pk")
    assert (spanish.language, english.language) == ("es", "en")
    assert bytes(spanish.pdf) != bytes(english.pdf)
    assert pdf_reading.language(bytes(spanish.pdf)) == "es"
    assert pdf_reading.language(bytes(english.pdf)) == "en"
    assert "Visión general" in pdf_reading.headings(bytes(spanish.pdf))
    assert "Overview" in pdf_reading.headings(bytes(english.pdf))
