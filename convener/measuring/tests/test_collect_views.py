"""Convener pages for running rounds: list, create, detail actions, paper entry, custom rows."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from convener.measuring.models import Answer, CollectionMode, CustomRow, Response, Round
from convener.measuring.tests.collect_fixtures import make_stakeholder, open_round


def _url(cast, tail: str = "") -> str:
    return f"/i/{cast.initiative.slug}/measuring/{tail}"


def test_rounds_list_shows_status_and_counts(cast):
    round = open_round(cast.initiative, name="Spring baseline")
    make_stakeholder(cast.initiative, "Ana One")
    from convener.measuring import services

    services.issue_links(round=round)
    html = cast.client("viewer").get(_url(cast)).content.decode()
    assert "Spring baseline" in html
    assert "Open" in html
    assert re.search(r"<td>\s*0\s*<span class=\"muted\">\s*of 1 invited by e-mail", html)
    assert "New round" not in html  # viewers cannot create rounds


def test_convener_creates_a_round_from_the_form(cast):
    family = cast.initiative.perspectives.get(key="family_youth")
    response = cast.client("convener").post(
        _url(cast, "rounds/new/"),
        {
            "name": "Coalescing baseline",
            "kind": "stakeholders",
            "rows": ["coalescing.diversity", "coalescing.consensus"],
            "audience_circles": ["core", "key"],
            "audience_perspectives": [family.pk],
            "anonymous": "on",
            "languages": ["en", "es"],
            "allow_not_sure": "on",
            "suppression_threshold": "5",
        },
    )
    round = Round.objects.get(name="Coalescing baseline")
    assert response["Location"] == _url(cast, f"rounds/{round.pk}/")
    assert round.instrument.row_keys == ["coalescing.diversity", "coalescing.consensus"]
    assert round.audience_circles == ["core", "key"]
    assert list(round.audience_perspectives.all()) == [family]
    assert round.allow_comments is False
    assert round.status == "draft"


def test_round_form_errors_keep_the_choices(cast):
    response = cast.client("convener").post(
        _url(cast, "rounds/new/"),
        {"name": "", "kind": "stakeholders", "rows": ["coalescing.data"], "languages": ["es"],
         "suppression_threshold": "2"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'value="coalescing.data"\n                       id="row-coalescing-2"\n'
        "                       checked"
        in html
        or "checked" in html
    )
    assert "greater than or equal to 3" in html


def test_round_detail_has_the_room_qr_code_and_results_link(cast):
    round = open_round(cast.initiative)
    html = cast.client("viewer").get(_url(cast, f"rounds/{round.pk}/")).content.decode()
    assert '<svg role="img"' in html
    assert "<title>" in html
    assert "/r/room/" in html
    assert f"/rounds/{round.pk}/results/" in html
    assert "Send invitations" not in html  # viewer


def test_convener_opens_invites_and_closes_from_the_detail_page(
    cast, settings, django_capture_on_commit_callbacks
):
    make_stakeholder(cast.initiative, "Ana One")
    round = open_round(cast.initiative)
    round.status = "draft"
    round.save()
    client = cast.client("convener")
    url = _url(cast, f"rounds/{round.pk}/")
    client.post(url, {"action": "open"})
    round.refresh_from_db()
    assert round.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "invite"})
    assert [m.to for m in mail.outbox] == [["ana.one@example.org"]]
    client.post(url, {"action": "close"})
    round.refresh_from_db()
    assert round.status == "closed"


def test_member_cannot_open_a_round(cast):
    round = open_round(cast.initiative)
    response = cast.client("member").post(_url(cast, f"rounds/{round.pk}/"), {"action": "close"})
    assert response.status_code == 403


def test_paper_entry_saves_one_form_at_a_time_with_a_running_count(cast):
    round = open_round(cast.initiative)
    state = cast.initiative.perspectives.get(key="state_agency")
    client = cast.client("member")
    url = _url(cast, f"rounds/{round.pk}/paper/")
    for level in ("informing", "collaborating"):
        response = client.post(
            url,
            {"perspective": state.pk, "row_coalescing.consensus": level,
             "row_coalescing.data": "not_sure"},
        )  # fmt: skip
        assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "2 paper forms entered" in page
    assert page.count(" checked") == 4  # an empty form again: "No answer" on every row
    assert (
        Response.objects.filter(mode=CollectionMode.PAPER, entered_by=cast.users["member"]).count()
        == 2
    )
    assert Answer.objects.filter(perspective=state, counted=True).count() == 4


def test_custom_row_builder_asks_the_four_questions_first(cast):
    client = cast.client("member")
    url = _url(cast, "custom-rows/new/")
    first = client.get(url).content.decode()
    assert "Does it make a difference" in first
    assert "What it looks like at" not in first
    incomplete = client.post(
        url, {"step": "questions", "habit": "coalescing", "title": "Meeting times",
              "makes_difference": "Yes, families miss daytime meetings"},
    ).content.decode()  # fmt: skip
    assert "What it looks like at" not in incomplete
    assert "Yes, families miss daytime meetings" in incomplete  # what was typed is kept
    questions = {
        "habit": "coalescing", "title": "Meeting times",
        "makes_difference": "Yes", "observable": "Yes", "beneficiaries_view": "Yes",
        "can_change": "Yes",
    }  # fmt: skip
    second = client.post(url, {"step": "questions", **questions}).content.decode()
    assert "What it looks like at" in second
    missing = client.post(
        url, {"step": "descriptors", **questions, "descriptor_informing": "Staff pick a time"}
    ).content.decode()
    assert "Staff pick a time" in missing
    assert "This field is required" in missing
    done = client.post(
        url,
        {"step": "descriptors", **questions, "descriptor_informing": "Staff pick",
         "descriptor_networking": "Staff ask", "descriptor_collaborating": "Set together",
         "descriptor_transforming": "Families lead"},
    )  # fmt: skip
    assert done.status_code == 302
    row = CustomRow.objects.get()
    assert row.descriptors == ["Staff pick", "Staff ask", "Set together", "Families lead"]
    create_page = cast.client("convener").get(_url(cast, "rounds/new/")).content.decode()
    assert row.key in create_page


def test_room_code_shown_on_the_detail_page_always_works(cast):
    round = open_round(cast.initiative)
    Round.objects.filter(pk=round.pk).update(room_token_hash="")  # e.g. after a key rotation
    html = cast.client("viewer").get(_url(cast, f"rounds/{round.pk}/")).content.decode()
    room_path = re.search(r"/r/room/[\w-]+/", html).group(0)
    assert Client().get(room_path)["Location"] == "/r/respond/"


def test_a_convener_names_the_round_in_spanish_and_respondents_in_spanish_see_it(cast):
    round = open_round(cast.initiative, name="Spring baseline")
    url = _url(cast, f"rounds/{round.pk}/")
    page = cast.client("convener").get(url).content.decode()
    assert 'name="name_es"' in page
    saved = cast.client("convener").post(
        url, {"action": "rename", "name": "Spring check", "name_es": "Revisión de primavera"}
    )
    assert saved.status_code == 302
    round.refresh_from_db()
    assert (round.name, round.translations) == (
        "Spring check",
        {"es": {"name": "Revisión de primavera"}},
    )
    page = cast.client("convener").get(url).content.decode()
    assert '<span lang="es">Revisión de primavera</span>' in page  # seen without reopening
    from convener.core.translated import shown

    assert shown(round, "name", "es") == "Revisión de primavera"
    assert shown(round, "name", "en") == "Spring check"


def test_an_empty_round_name_is_a_clear_message_and_the_spanish_typed_is_kept(cast):
    round = open_round(cast.initiative, name="Spring baseline")
    url = _url(cast, f"rounds/{round.pk}/")
    response = cast.client("convener").post(
        url, {"action": "rename", "name": "  ", "name_es": "Revisión de primavera"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "This field is required." in html
    assert 'value="Revisión de primavera"' in html
    assert '<details class="round-name" open>' in html
    round.refresh_from_db()
    assert round.name == "Spring baseline"
    assert round.translations == {}


def test_viewers_and_members_cannot_rename_a_round(cast):
    round = open_round(cast.initiative, name="Spring baseline")
    url = _url(cast, f"rounds/{round.pk}/")
    for persona in ("viewer", "member"):
        response = cast.client(persona).post(url, {"action": "rename", "name": "Hijacked"})
        assert response.status_code in (403, 404)
    round.refresh_from_db()
    assert round.name == "Spring baseline"
