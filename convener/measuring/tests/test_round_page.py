"""A round's staff page says plainly where the round stands, how people answered, and on what."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.test import Client
from django.utils import timezone

from convener.measuring import services
from convener.measuring.models import CollectionMode, Response, Round, RoundStatus
from convener.measuring.round_facts import instrument_label
from convener.measuring.tests.collect_fixtures import make_stakeholder, open_round


def _url(round: Round, tail: str = "") -> str:
    return f"/i/{round.initiative.slug}/measuring/rounds/{round.pk}/{tail}"


def _answered(round: Round, mode: str, count: int) -> None:
    for _ in range(count):
        Response.objects.create(round=round, mode=mode, submitted_at=timezone.now())


def _closed_room_round(cast) -> Round:
    round = open_round(cast.initiative, name="Autumn round", audience_circles=[])
    _answered(round, CollectionMode.ROOM, 43)
    services.close_round(round=round, actor=None)
    round.closes_at = timezone.make_aware(dt.datetime(2026, 10, 15, 17))
    round.save(update_fields=["closes_at"])
    return round


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_closed_round_says_when_it_closed_and_how_many_responded(cast):
    round = _closed_room_round(cast)
    html = cast.client("convener").get(_url(round)).content.decode()
    assert "This round closed on Oct. 15, 2026. 43 people responded." in _text(html)
    assert "no longer work" in html


def test_closed_round_offers_results_and_reopen_but_no_room_code_or_open_actions(cast):
    round = _closed_room_round(cast)
    html = cast.client("convener").get(_url(round)).content.decode()
    assert "<svg" not in html  # no QR code
    assert "/r/room/" not in html  # no shared link
    assert 'value="invite"' not in html
    assert 'value="remind"' not in html
    assert 'value="close"' not in html
    assert "Open the round" not in html
    assert "Reopen the round" in html
    assert f'href="{_url(round, "results/")}"' in html


def test_viewer_of_a_closed_round_sees_results_but_no_reopen(cast):
    round = _closed_room_round(cast)
    html = cast.client("viewer").get(_url(round)).content.decode()
    assert "See the results" in html
    assert "Reopen the round" not in html


def test_reopen_from_the_closed_page_opens_the_round_again(cast):
    round = _closed_room_round(cast)
    client = cast.client("convener")
    page = client.post(_url(round), {"action": "open"}, follow=True)
    round.refresh_from_db()
    assert round.status == RoundStatus.OPEN
    assert "The round is open again." in page.content.decode()
    assert "/r/room/" in page.content.decode()  # the room code is back


def test_open_round_still_offers_the_room_code_and_close(cast):
    round = open_round(cast.initiative)
    html = cast.client("convener").get(_url(round)).content.decode()
    assert "/r/room/" in html
    assert "<svg" in html
    assert 'value="close"' in html
    assert "This round closed" not in html


def test_no_invitations_sent_says_so_instead_of_invited_zero(cast):
    round = _closed_room_round(cast)
    html = cast.client("convener").get(_url(round)).content.decode()
    text = _text(html)
    assert "No e-mail invitations were sent for this round." in text
    assert "Invitations sent" not in text
    assert "Invited but not yet submitted" not in text
    assert "Through the room's shared link or QR code 43" in text
    assert "Through a personal link sent by e-mail 0" in text


def test_invitation_counts_appear_once_invitations_were_sent(cast):
    round = open_round(cast.initiative)
    make_stakeholder(cast.initiative, "Ana One")
    services.issue_links(round=round)
    text = _text(cast.client("convener").get(_url(round)).content.decode())
    assert "Personal links issued 1" in text
    assert "Invitations sent 0" in text
    assert "No e-mail invitations" not in text


def test_rounds_list_shows_invited_only_when_invitations_went_out(cast):
    quiet = _closed_room_round(cast)
    invited = open_round(cast.initiative, name="E-mailed round")
    make_stakeholder(cast.initiative, "Ana One")
    services.issue_links(round=invited)
    text = _text(
        cast.client("viewer").get(f"/i/{quiet.initiative.slug}/measuring/").content.decode()
    )
    assert "Autumn round Stakeholders' view Closed" in text
    assert re.search(r"2026 43 Leading by Convening", text)  # no "invited 0" beside 43
    assert "0 of 1 invited by e-mail" in text
    assert "Invited " not in text.replace("0 of 1 invited", "")


def test_round_page_names_its_rubric_in_words(cast):
    round = open_round(cast.initiative)
    html = _text(cast.client("viewer").get(_url(round)).content.decode())
    version = round.instrument.version
    expected = f"Leading by Convening engagement rubric, 4 rows (question set version {version})"
    assert expected in html
    assert f"v{version}" not in html.split()


def test_rubric_label_in_spanish_and_with_custom_rows(cast):
    round = open_round(cast.initiative)
    instrument = round.instrument
    instrument.rows = [*instrument.rows[:1], {**instrument.rows[1], "custom": True}]
    assert instrument_label(instrument, "es") == (
        "Rúbrica de participación de Liderar convocando, 2 filas "
        f"(versión {instrument.version} del cuestionario) · 1 fila propia"
    )
    assert instrument_label(instrument, "en") == (
        "Leading by Convening engagement rubric, 2 rows "
        f"(question set version {instrument.version}) · 1 custom row"
    )


def test_closed_round_page_in_spanish(cast):
    round = _closed_room_round(cast)
    client = cast.client("convener")
    text = _text(client.get(_url(round), HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert "Esta ronda se cerró el 15 de octubre de 2026. Respondieron 43 personas." in text
    assert "Reabrir la ronda" in text
    assert "No se enviaron invitaciones por correo para esta ronda." in text


def test_the_rooms_shared_link_of_a_closed_round_says_it_is_closed(cast):
    round = _closed_room_round(cast)
    token = services.room_token(round)
    services.ensure_room_token(round)
    page = Client().get(f"/r/room/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 410
    text = _text(page.content.decode())
    assert "This survey is closed" in text
    assert "It closed on Oct. 15, 2026" in text
    spanish = Client().get(f"/r/room/{token}/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 410
    text = _text(spanish.content.decode())
    assert "Esta encuesta está cerrada" in text
    assert "Se cerró el 15 de octubre de 2026" in text
    assert '<html lang="es">' in spanish.content.decode()
    asked = _text(Client().get(f"/r/room/{token}/?lang=es").content.decode())
    assert "Esta encuesta está cerrada" in asked


def test_a_draft_rounds_room_link_keeps_the_neutral_page(cast):
    round = services.create_round(
        initiative=cast.initiative, actor=None, name="Draft", row_keys=["coalescing.data"]
    )
    token = services.ensure_room_token(round)
    page = Client().get(f"/r/room/{token}/")
    assert page.status_code == 404
    assert "This link cannot be used" in page.content.decode()
