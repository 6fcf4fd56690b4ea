"""Instruments, rounds, links, invitations, reminders and responses, through the services."""

from __future__ import annotations

from email import message_from_bytes, policy
from io import StringIO

import pytest
from django.core import mail

from convener.core import personal_links
from convener.core.tokens import hash_token
from convener.measuring import services
from convener.measuring.models import NOT_SURE, Answer, CollectionMode, RoundLink
from convener.measuring.services import invitations
from convener.measuring.tests.collect_fixtures import (
    COALESCING_ROWS,
    invite_one,
    make_stakeholder,
    open_round,
)
from convener.stakeholders.models import Circle


def test_instrument_snapshots_both_languages_and_is_reused_when_unchanged(cast):
    first = services.current_instrument(initiative=cast.initiative, row_keys=COALESCING_ROWS)
    again = services.current_instrument(initiative=cast.initiative, row_keys=COALESCING_ROWS)
    assert again.pk == first.pk
    assert first.version == 1
    row = first.rows[2]
    assert row["key"] == "coalescing.consensus"
    assert set(row["title"]) == {"en", "es"}
    assert len(row["descriptors"]) == 4
    assert all("es" in d for d in row["descriptors"])


def test_instrument_gets_a_new_version_when_rows_change(cast):
    first = services.current_instrument(initiative=cast.initiative, row_keys=COALESCING_ROWS)
    fewer = services.current_instrument(initiative=cast.initiative, row_keys=COALESCING_ROWS[:2])
    assert fewer.version == first.version + 1
    back = services.current_instrument(initiative=cast.initiative, row_keys=COALESCING_ROWS)
    assert back.version == fewer.version + 1  # only the latest version is reused


def test_unknown_row_is_refused_by_name(cast):
    with pytest.raises(services.CollectionError) as error:
        services.current_instrument(initiative=cast.initiative, row_keys=["coalescing.nope"])
    assert "rows" in error.value.fields


def test_custom_row_joins_an_instrument(cast):
    row = services.create_custom_row(
        initiative=cast.initiative,
        actor=cast.users["member"],
        habit="coalescing",
        title="How meeting times are set",
        descriptors=["Staff pick", "Staff ask", "Set together", "Families lead"],
        makes_difference="yes",
        observable="yes",
        beneficiaries_view="yes",
        can_change="yes",
    )
    assert row.key == "custom.how-meeting-times-are-set"
    instrument = services.current_instrument(
        initiative=cast.initiative, row_keys=["coalescing.data", row.key]
    )
    assert instrument.rows[1]["custom"] is True
    assert instrument.rows[1]["descriptors"][3] == {"en": "Families lead"}


def test_round_records_its_instrument_version_and_room_digest(cast):
    round = open_round(cast.initiative)
    assert round.instrument.row_keys == COALESCING_ROWS
    assert round.room_token_hash == hash_token(services.room_token(round))
    assert len(services.room_token(round)) >= 22  # 128 bits in URL-safe base64
    assert services.is_accepting(round)


def test_links_go_to_the_audience_with_email_and_permission_only(cast):
    in_core = make_stakeholder(cast.initiative, "Ana Core", circle=Circle.CORE)
    make_stakeholder(cast.initiative, "No Mail", circle=Circle.CORE, email="")
    make_stakeholder(cast.initiative, "No Consent", circle=Circle.KEY, contact_permitted=False)
    make_stakeholder(cast.initiative, "Far Away", circle=Circle.DISSEMINATION)
    round = open_round(cast.initiative)
    issued = services.issue_links(round=round)
    assert [link.stakeholder for link, _secret in issued] == [in_core]
    link, secret = issued[0]
    assert len(secret) >= 22
    assert link.token_hash == hash_token(secret)
    assert secret not in str(RoundLink.objects.values_list("token_hash", flat=True))
    assert services.issue_links(round=round) == []  # one link per person


def test_invitations_and_reminders_run_as_jobs_and_reminders_skip_respondents(
    cast, settings, django_capture_on_commit_callbacks
):
    for name in ("Ana One", "Ben Two", "Cy Three"):
        make_stakeholder(cast.initiative, name)
    round = open_round(cast.initiative)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.request_invitations(round=round, actor=None, base_url="https://x.test")
    assert mail.outbox == []  # nothing is sent inside the request
    for callback in pending:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana.one@example.org",
        "ben.two@example.org",
        "cy.three@example.org",
    ]
    assert "https://x.test/r/" in mail.outbox[0].body
    # Ana submits; Ben only starts.
    ana = RoundLink.objects.get(stakeholder__name="Ana One")
    ben = RoundLink.objects.get(stakeholder__name="Ben Two")
    done = services.start_response(round=round, mode=CollectionMode.ONLINE, link=ana)
    services.save_answers(response=done, levels={"coalescing.data": "networking"})
    services.submit_response(response=done)
    services.start_response(round=round, mode=CollectionMode.ONLINE, link=ben)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_reminders(round=round, actor=None)
    assert sorted(m.to[0] for m in mail.outbox) == ["ben.two@example.org", "cy.three@example.org"]
    ben.refresh_from_db()
    assert ben.reminder_count == 1
    assert ben.reminded_at is not None


def test_invitation_is_written_in_the_persons_language(cast, settings):
    make_stakeholder(cast.initiative, "Lucia Es", language="es")
    round = open_round(cast.initiative)
    services.send_invitations(round_id=round.pk)
    assert "enlace" in mail.outbox[0].body.lower()


def test_save_answer_creates_the_response_then_upserts(cast):
    invited = invite_one(cast.initiative, anonymous=False)
    response = services.save_answer(
        round=invited.round, link=invited.link, row_key="coalescing.data", level="informing"
    )
    services.save_answer(
        round=invited.round, response=response, row_key="coalescing.data", level="networking"
    )
    answer = Answer.objects.get(response=response)
    assert (answer.level, answer.counted) == ("networking", False)
    assert answer.perspective_id == invited.stakeholder.perspective_id  # copied: identified
    assert answer.circle == Circle.CORE
    assert response.stakeholder == invited.stakeholder


def test_anonymous_round_does_not_tie_the_response_to_the_person(cast):
    invited = invite_one(cast.initiative)
    response = services.save_answer(
        round=invited.round, link=invited.link, row_key="coalescing.data", level="informing"
    )
    assert response.stakeholder is None
    assert response.perspective is None
    family = cast.initiative.perspectives.get(key="family_youth")
    services.set_perspective(response=response, perspective=family)
    assert Answer.objects.get(response=response).perspective == family


def test_submit_counts_answers_and_later_edits_stay_counted(cast):
    invited = invite_one(cast.initiative)
    response = services.save_answer(
        round=invited.round, link=invited.link, row_key="coalescing.data", level="informing"
    )
    services.submit_response(response=response)
    assert Answer.objects.get(response=response).counted
    services.save_answer(
        round=invited.round, response=response, row_key="coalescing.consensus", level=NOT_SURE
    )
    services.save_answer(
        round=invited.round, response=response, row_key="coalescing.data", level="transforming"
    )
    assert set(Answer.objects.filter(response=response).values_list("counted", flat=True)) == {True}


def test_closed_round_refuses_answers(cast):
    invited = invite_one(cast.initiative)
    services.close_round(round=invited.round, actor=None)
    with pytest.raises(services.CollectionError):
        services.save_answer(
            round=invited.round, link=invited.link, row_key="coalescing.data", level="informing"
        )
    assert services.find_link(invited.token) is None


def test_paper_entry_is_all_or_nothing(cast):
    round = open_round(cast.initiative)
    with pytest.raises(services.CollectionError) as error:
        services.enter_paper_response(
            round=round,
            actor=cast.users["member"],
            perspective=None,
            answers={"coalescing.data": "informing", "coalescing.consensus": "deep"},
        )
    assert list(error.value.fields) == ["answers.coalescing.consensus"]
    assert round.responses.count() == 0
    response = services.enter_paper_response(
        round=round,
        actor=cast.users["member"],
        perspective=cast.initiative.perspectives.get(key="state_agency"),
        answers={"coalescing.data": "informing", "coalescing.consensus": None},
    )
    assert response.mode == CollectionMode.PAPER
    assert response.submitted_at is not None
    assert list(response.answers.values_list("row_key", "level", "counted")) == [
        ("coalescing.data", "informing", True)
    ]


def test_reminder_command_skips_people_reminded_recently(cast):
    from django.core.management import call_command

    make_stakeholder(cast.initiative, "Ana One")
    round = open_round(cast.initiative)
    services.send_invitations(round_id=round.pk)
    mail.outbox.clear()
    call_command("send_round_reminders", "--min-hours", "72", stdout=StringIO())
    call_command("send_round_reminders", "--min-hours", "72", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["ana.one@example.org"]]


def test_sending_invitations_keeps_a_link_already_given_working(cast, settings):
    """Issue 16, break 4: "send invitations" never replaces a link someone already holds."""
    settings.JOBS_EAGER = True
    ana = make_stakeholder(cast.initiative, "Ana Given")
    make_stakeholder(cast.initiative, "Ben New")
    round = open_round(cast.initiative)
    given, secret = personal_links.make_link(links=round.links, stakeholder=ana)
    assert services.send_invitations(round_id=round.pk) == 1
    assert [m.to[0] for m in mail.outbox] == ["ben.new@example.org"]
    found = services.find_link(secret)
    assert found is not None
    assert found.pk == given.pk
    assert services.send_invitations(round_id=round.pk) == 0  # nobody is mailed twice


def test_a_failed_invitation_leaves_no_half_made_link(cast, settings, monkeypatch):
    make_stakeholder(cast.initiative, "Ana Fails")
    round = open_round(cast.initiative)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(invitations, "send_message", broken)
    with pytest.raises(OSError, match="mail server down"):
        services.send_invitations(round_id=round.pk)
    assert not round.links.exists()  # the next run mails Ana rather than skipping her


def test_survey_mail_is_text_and_html_with_unsubscribe_reply_to_and_auto_submitted(
    cast, settings, client
):
    settings.JOBS_EAGER = True
    settings.SITE_URL = "https://convener.example.org"
    lucia = make_stakeholder(cast.initiative, "Lucia Es", language="es")
    round = open_round(cast.initiative)
    round.created_by = cast.users["convener"]
    round.save(update_fields=["created_by"])
    services.send_invitations(round_id=round.pk)
    services.send_reminders(round_id=round.pk)
    invitation, reminder = mail.outbox
    parsed = message_from_bytes(invitation.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    link = next(word for word in text.split() if word.startswith("https://convener.example.org/r/"))
    assert f'href="{link}"' in html  # the same message, with the link made clickable
    assert '<html lang="es">' in html
    assert parsed["Reply-To"] == cast.users["convener"].email
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = parsed["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://convener.example.org/unsubscribe/")
    assert "Auto-Submitted" not in parsed
    assert reminder.extra_headers["Auto-Submitted"] == "auto-generated"
    # One click: a POST without a session or CSRF token, as mail programs send it.
    path = unsubscribe.removeprefix("https://convener.example.org")
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    lucia.refresh_from_db()
    assert not lucia.contact_permitted
