"""A stakeholder takes a position through a personal link, without an account."""

import pytest
from django.test import Client
from django.urls import reverse

from convener.consensus import services
from convener.consensus.models import Channel, Position

from .helpers import proposal, stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana", preferred_language="en")
    secret = services.issue_link(proposal=made, stakeholder=ana, actor=None)
    return made, ana, secret


def test_opening_the_link_swaps_the_token_into_the_session(setup):
    made, _ana, secret = setup
    client = Client()
    response = client.get(reverse("positions:link", kwargs={"token": secret}))
    assert response.status_code == 302
    assert response["Location"] == reverse("positions:position")
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(reverse("positions:position"))
    assert page.status_code == 200
    assert made.title in page.text
    assert "Serious reservations" in page.text
    assert "no-store" in page["Cache-Control"]
    assert not Position.objects.exists()  # GET records nothing


def test_an_unknown_link_gets_the_neutral_page(cast):
    response = Client().get(reverse("positions:link", kwargs={"token": "x" * 43}))
    assert response.status_code == 404
    assert "This link cannot be used" in response.text
    assert Client().get(reverse("positions:position")).status_code == 404


def test_a_serious_reservation_needs_a_reason(setup):
    _made, ana, secret = setup
    client = Client()
    client.get(reverse("positions:link", kwargs={"token": secret}))
    response = client.post(reverse("positions:position"), {"option": "serious_reservations"})
    assert response.status_code == 200
    assert "needs a reason" in response.text
    assert not Position.objects.exists()
    response = client.post(
        reverse("positions:position"),
        {"option": "serious_reservations", "reason": "Families need interpreters."},
    )
    assert response.status_code == 302
    position = Position.objects.get(stakeholder=ana)
    assert position.channel == Channel.LINK
    assert position.reason == "Families need interpreters."
    page = client.get(response["Location"])
    assert "Your position is saved" in page.text


def test_the_page_speaks_spanish(setup):
    _made, _ana, secret = setup
    client = Client()
    client.get(reverse("positions:link", kwargs={"token": secret}))
    page = client.get(reverse("positions:position") + "?lang=es")
    assert '<html lang="es">' in page.text
    assert "¿Cuál es su posición sobre esta propuesta?" in page.text
    assert "Reservas serias" in page.text
    assert "Guardar mi posición" in page.text
    again = client.get(reverse("positions:position"))  # the choice is kept
    assert "Reservas serias" in again.text


def test_a_spanish_speaker_gets_spanish_without_asking(cast):
    made = proposal(cast.initiative)
    dora = stakeholder(cast.initiative, "Dora", preferred_language="es")
    secret = services.issue_link(proposal=made, stakeholder=dora, actor=None)
    client = Client()
    client.get(reverse("positions:link", kwargs={"token": secret}))
    assert "Apoyo total" in client.get(reverse("positions:position")).text


def test_after_a_revision_the_earlier_position_is_shown_and_a_new_one_asked(setup):
    made, ana, secret = setup
    client = Client()
    client.get(reverse("positions:link", kwargs={"token": secret}))
    client.post(reverse("positions:position"), {"option": "block", "reason": "Unsafe."})
    services.revise_proposal(
        proposal=made, actor=None, text="Safer text.", change_note="Added safeguards."
    )
    page = client.get(reverse("positions:position"))
    assert "Safer text." in page.text
    assert "Added safeguards." in page.text
    assert "On the earlier text you chose “Block”" in page.text
    client.post(reverse("positions:position"), {"option": "endorse"})
    assert {p.revision: p.option for p in Position.objects.filter(stakeholder=ana)} == {
        1: "block",
        2: "endorse",
    }


def test_a_closed_proposal_ends_the_session(setup):
    made, _ana, secret = setup
    client = Client()
    client.get(reverse("positions:link", kwargs={"token": secret}))
    services.close_proposal(proposal=made, actor=None)
    assert client.get(reverse("positions:position")).status_code == 404
    assert client.post(reverse("positions:position"), {"option": "endorse"}).status_code == 404
