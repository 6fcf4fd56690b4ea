"""A proposal goes through a serious reservation, a revision and a recorded decision."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from convener.consensus.models import Decision, Position, Proposal
from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.public.models import SECTIONS
from convener.public.services import update_public_page
from convener.stakeholders.models import Circle, Stakeholder
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def log_in(page: Page, base: str, email: str) -> None:
    # The first request to a fresh live server loads every URLconf: on a busy shared machine
    # that alone can take most of the default 10 s.
    page.goto(f"{base}/accounts/login/", timeout=90_000)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_proposal_is_revised_after_a_reservation_and_decided(live_server, new_page):
    convener = UserFactory(email="dana@example.org", display_name="Dana Convener")
    member = UserFactory(email="james@example.org", display_name="James Member")
    initiative = make_initiative(owner=convener)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    Stakeholder.objects.create(
        initiative=initiative,
        name="Lucía Ramos",
        circle=Circle.KEY,
        preferred_language="es",
        perspective=initiative.perspectives.get(key="family_youth"),
    )
    base = live_server.url
    decisions = f"{base}/i/{initiative.slug}/decisions/"

    # The convener writes the proposal on the gradients of agreement, for the key participants.
    page = new_page()
    log_in(page, base, convener.email)
    page.goto(decisions)
    assert_accessible(page)
    page.get_by_role("link", name="New proposal").click()
    assert_accessible(page)
    page.get_by_label("Title (required)").fill("Focus year one on confidentiality")
    page.get_by_role("textbox", name="Proposal (required)").fill(
        "In year one we work on confidentiality in teletherapy for children."
    )
    page.get_by_label("Gradients of agreement").check()
    page.get_by_label("What does it serve?").select_option(label="Making decisions by consensus")
    page.get_by_label("Key Participants / Key Advisors — the Champions").check()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Focus year one on confidentiality")
    page.get_by_role("button", name="Open for positions").click()
    expect(page.get_by_text("taking positions now")).to_be_visible()
    assert_accessible(page)

    # The settings and the live-session pages are there for the convener too.
    page.get_by_role("link", name="Settings", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal settings")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Put to a live session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Put to a live session")
    assert_accessible(page)
    page.go_back()

    # A personal link for the family advocate, shown once.
    page.get_by_role("link", name="Personal links").click()
    page.get_by_role("button", name="Make a link for Lucía Ramos").click()
    link = page.get_by_label("Personal link").input_value()
    assert re.search(r"/p/[\w-]{40,}/$", link)
    assert_accessible(page)

    # She opens it on her phone: Spanish, as her registry entry says; she has serious
    # reservations, and is asked for her reason before it is saved.
    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.goto(link)
    assert phone.url.endswith("/p/position/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "¿Cuál es su posición sobre esta propuesta?"
    )
    assert_accessible(phone)
    phone.get_by_role("radio", name=re.compile("Reservas serias")).check()
    phone.get_by_role("button", name="Guardar mi posición").click()
    expect(phone.get_by_text("Esta opción necesita una razón").first).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Su razón").fill("Faltan intérpretes y acceso en español.")
    phone.get_by_role("button", name="Guardar mi posición").click()
    expect(phone.get_by_role("status")).to_contain_text("Su posición quedó guardada")
    assert_accessible(phone)
    # The same page in English, for one look.
    phone.get_by_role("link", name="English").click()
    expect(phone.get_by_text("Your position now: “Serious reservations”.")).to_be_visible()
    assert_accessible(phone)

    # The convener revises: positions reopen on revision 2, the reservation stays on record.
    page.goto(decisions)
    page.get_by_role("link", name="Focus year one on confidentiality").click()
    expect(page.get_by_text("Faltan intérpretes y acceso en español.")).to_be_visible()
    page.get_by_role("link", name="Revise").click()
    assert_accessible(page)
    page.get_by_label("Revised proposal").fill(
        "In year one we work on confidentiality and language access in teletherapy for children."
    )
    page.get_by_label("What changed and why").fill("Added language access, as families asked.")
    page.get_by_role("button", name="Save the revision").click()
    expect(page.get_by_text("No positions on this revision yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Revision 1").click()
    expect(page.get_by_text("Faltan intérpretes y acceso en español.")).to_be_visible()
    assert_accessible(page)

    # A team member endorses revision 2.
    other = new_page()
    log_in(other, base, member.email)
    proposal = Proposal.objects.get(title="Focus year one on confidentiality")
    other.goto(f"{decisions}{proposal.pk}/")
    other.get_by_role("radio", name=re.compile("Whole-hearted endorsement")).check()
    other.get_by_role("button", name="Save my position").click()
    expect(other.get_by_text("Your position is recorded.")).to_be_visible()
    assert_accessible(other)
    assert Position.objects.filter(proposal=proposal, revision=2, user=member).exists()

    # The convener records the decision; it shows in the log and in the chronology.
    page.goto(f"{decisions}{proposal.pk}/")
    page.get_by_role("link", name="Record the decision").click()
    assert_accessible(page)
    page.get_by_label("Adopted", exact=True).check()
    page.get_by_label("Outcome statement (required)").fill(
        "Year one focuses on confidentiality and language access."
    )
    page.get_by_label("Outcome statement in Spanish").fill(
        "El primer año se centra en la confidencialidad y el acceso lingüístico."
    )
    page.get_by_label("Decided on").fill("2026-03-02")
    page.get_by_label("Who decided").fill("Core team and key participants, by consensus")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Decision: Adopted")).to_be_visible()
    assert_accessible(page)
    decision = Decision.objects.get(proposal=proposal)
    assert decision.revision == 2
    assert decision.participants == 1

    page.goto(f"{decisions}log/")
    expect(
        page.get_by_text("Year one focuses on confidentiality and language access.")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/i/{initiative.slug}/activities/chronology/")
    expect(page.get_by_role("link", name=re.compile("Decision: Focus year one"))).to_be_visible()
    assert_accessible(page)

    # A Spanish-speaking family member reads the outcome in Spanish on the public page.
    update_public_page(
        initiative=initiative, actor=convener, is_published=True, sections=SECTIONS,
        texts={}, activities=[], rounds=[],
    )  # fmt: skip
    family = new_page(viewport=PHONE, locale="es")
    family.goto(f"{base}/public/{initiative.slug}/")
    decided = family.locator("section[aria-labelledby=decided]")
    statement = decided.get_by_text(
        "El primer año se centra en la confidencialidad y el acceso lingüístico."
    )
    expect(statement).to_be_visible()
    expect(statement).not_to_have_attribute("lang", "en")
    expect(decided).not_to_contain_text("Year one focuses")
    assert_accessible(family)
    family.screenshot(path="/tmp/k2-shots/public-decision-es-390.png", full_page=True)
