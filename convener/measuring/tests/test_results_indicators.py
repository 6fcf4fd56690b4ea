"""Practice-change indicators: CSV upload, row-by-row errors, chart beside the trend."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convener.initiatives.models import AuditEntry
from convener.measuring.models import PracticeIndicator
from convener.measuring.tests.results_data import make_round


def _url(cast):
    return reverse("measuring:indicators", args=[cast.initiative.slug])


def _upload(cast, persona: str, text: str):
    file = SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")
    return cast.client(persona).post(_url(cast), {"file": file})


def test_a_member_uploads_values_and_they_are_plotted_beside_the_trend(cast):
    make_round(
        cast.initiative,
        [("family_youth", "key", {"coalescing.data": "collaborating"})] * 3
        + [("family_youth", "key", {"coalescing.data": "informing"})],
        name="Autumn round",
        threshold=3,
    )
    response = _upload(
        cast,
        "member",
        "date,name,value\n2026-01-31,Families offered video sessions,40\n"
        "2026-02-28,Families offered video sessions,55\n",
    )
    assert response.status_code == 302
    assert PracticeIndicator.objects.filter(initiative=cast.initiative).count() == 2
    assert AuditEntry.objects.filter(action="import", target_type="practice_indicator").exists()
    html = cast.client("viewer").get(_url(cast)).content.decode()
    assert "Families offered video sessions" in html
    assert 'role="img"' in html
    assert "<polyline" in html
    assert "Autumn round" in html
    assert "75.0%" in html


def test_a_bad_line_saves_nothing_and_is_reported_by_line(cast):
    response = _upload(cast, "member", "2026-01-31,ok,1\n2026-13-01,bad,2\n2026-02-01,bad,x\n")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Line 2:" in html
    assert "Line 3:" in html
    assert not PracticeIndicator.objects.exists()


def test_uploading_again_replaces_the_value_for_the_same_name_and_date(cast):
    _upload(cast, "member", "2026-01-31,Referrals,1\n")
    _upload(cast, "member", "2026-01-31,Referrals,7\n")
    (point,) = PracticeIndicator.objects.all()
    assert (point.date, point.value) == (dt.date(2026, 1, 31), 7.0)


def test_viewers_cannot_upload(cast):
    assert _upload(cast, "viewer", "2026-01-31,x,1\n").status_code == 403
    assert not PracticeIndicator.objects.exists()
    html = cast.client("viewer").get(_url(cast)).content.decode()
    assert "Upload indicator values" not in html


def test_a_missing_or_non_text_file_is_an_error(cast):
    assert cast.client("member").post(_url(cast), {}).status_code == 400
    file = SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    response = cast.client("member").post(_url(cast), {"file": file})
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
