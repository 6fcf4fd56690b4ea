"""Use cases: proposals, revisions, positions by every channel, links, decisions, the log."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from convener.consensus import selectors, services
from convener.consensus.chronology import decision_entries
from convener.consensus.models import Channel, Position, ProposalStatus
from convener.core.timeline import build_timeline
from convener.core.tokens import hash_token
from convener.initiatives.models import AuditEntry

from .helpers import perspective, proposal, stakeholder

pytestmark = pytest.mark.django_db


def test_a_proposal_starts_as_a_draft_with_its_first_revision(cast):
    made = proposal(cast.initiative, open=False, actor=cast.users["convener"])
    assert made.status == ProposalStatus.DRAFT
    assert made.revision == 1
    assert services.current_revision(made).text.startswith("In year one")
    assert not services.is_accepting(made)
    assert AuditEntry.objects.filter(action="create", target_type="proposal").exists()


def test_unknown_process_and_foreign_audience_are_refused(cast):
    with pytest.raises(services.ConsensusError):
        proposal(cast.initiative, process="majority")
    with pytest.raises(services.ConsensusError):
        proposal(cast.initiative, audience_perspectives=[perspective(cast.other, "family_youth")])


def test_a_proposal_takes_positions_only_inside_its_dates(cast):
    now = timezone.now()
    made = proposal(cast.initiative, opens_at=now + dt.timedelta(days=1))
    assert not services.is_accepting(made)
    assert services.is_accepting(made, now=now + dt.timedelta(days=2))
    with pytest.raises(services.ConsensusError):
        proposal(cast.initiative, opens_at=now, closes_at=now - dt.timedelta(hours=1))


def test_a_team_member_takes_and_changes_a_position(cast):
    made = proposal(cast.initiative)
    member = cast.users["member"]
    services.record_member_position(proposal=made, user=member, option="agree_reservations")
    services.record_member_position(proposal=made, user=member, option="endorse")
    mine = Position.objects.get(proposal=made, user=member)
    assert mine.option == "endorse"
    assert mine.channel == Channel.TEAM


def test_a_viewer_does_not_take_positions(cast):
    made = proposal(cast.initiative)
    with pytest.raises(services.ConsensusError):
        services.record_member_position(proposal=made, user=cast.users["viewer"], option="endorse")


def test_a_block_without_a_reason_is_refused(cast):
    made = proposal(cast.initiative)
    with pytest.raises(services.ConsensusError) as error:
        services.record_member_position(proposal=made, user=cast.users["member"], option="block")
    assert "reason" in error.value.fields
    services.record_member_position(
        proposal=made, user=cast.users["member"], option="block", reason="Not safe for families."
    )


def test_no_positions_once_closed(cast):
    made = proposal(cast.initiative)
    services.close_proposal(proposal=made, actor=None)
    with pytest.raises(services.ConsensusError):
        services.record_member_position(proposal=made, user=cast.users["member"], option="endorse")


def test_a_revision_starts_positions_afresh_and_keeps_the_old_ones(cast):
    made = proposal(cast.initiative)
    services.record_member_position(proposal=made, user=cast.users["member"], option="endorse")
    services.close_proposal(proposal=made, actor=None)
    services.revise_proposal(
        proposal=made,
        actor=cast.users["convener"],
        text="Revised text.",
        change_note="Added language access.",
    )
    made.refresh_from_db()
    assert made.revision == 2
    assert made.status == ProposalStatus.OPEN
    assert services.proposal_results(made).distribution.total == 0
    assert services.proposal_results(made, revision=1).distribution.total == 1
    assert [r.number for r in made.revisions.all()] == [1, 2]
    assert AuditEntry.objects.filter(action="revise", target_id=made.pk).exists()


def test_personal_link_records_the_stakeholders_position_with_their_perspective(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    secret = services.issue_link(proposal=made, stakeholder=ana, actor=None)
    link = services.find_link(secret)
    assert link is not None
    assert link.token_hash == hash_token(secret)
    position = services.record_link_position(
        link=link, option="serious_reservations", reason="Interpreters are missing."
    )
    assert position.perspective == ana.perspective
    assert position.channel == Channel.LINK


def test_a_link_is_replaced_only_when_asked_and_then_the_old_one_stops(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    first = services.issue_link(proposal=made, stakeholder=ana, actor=None)
    with pytest.raises(services.ConsensusError, match="already has a personal link"):
        services.issue_link(proposal=made, stakeholder=ana, actor=None)
    assert services.find_link(first) is not None
    second = services.issue_link(proposal=made, stakeholder=ana, actor=None, replace=True)
    assert services.find_link(first) is None
    assert services.find_link(second) is not None
    assert AuditEntry.objects.filter(action="replace_link", target_id=made.pk).exists()


def test_emailing_everyone_not_yet_sent_one_keeps_a_copied_link_working(cast):
    """Issue 16, break 4: a link made and copied by hand survives "e-mail everyone"."""
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana", email="ana@example.org", contact_permitted=True)
    stakeholder(cast.initiative, "Bea", email="bea@example.org", contact_permitted=True)
    copied = services.issue_link(proposal=made, stakeholder=ana, actor=None)
    assert services.send_link_emails(proposal_id=made.pk, base_url="https://convener.test") == 1
    assert [m.to for m in mail.outbox] == [["bea@example.org"]]
    link = services.find_link(copied)
    assert link is not None
    assert link.stakeholder == ana


def test_links_stop_working_when_closed_or_erased(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    secret = services.issue_link(proposal=made, stakeholder=ana, actor=None)
    ana.erased_at = timezone.now()
    ana.save()
    assert services.find_link(secret) is None
    bea = stakeholder(cast.initiative, "Bea")
    other = services.issue_link(proposal=made, stakeholder=bea, actor=None)
    services.close_proposal(proposal=made, actor=None)
    assert services.find_link(other) is None


def test_links_are_emailed_once_to_contactable_audience_members(cast):
    made = proposal(cast.initiative)
    stakeholder(cast.initiative, "Ana", email="ana@example.org", contact_permitted=True)
    stakeholder(cast.initiative, "Bea", email="bea@example.org", contact_permitted=False)
    stakeholder(
        cast.initiative, "Cy", circle="extended", email="cy@example.org", contact_permitted=True
    )
    stakeholder(
        cast.initiative,
        "Dora",
        email="dora@example.org",
        contact_permitted=True,
        preferred_language="es",
    )
    assert services.send_link_emails(proposal_id=made.pk, base_url="https://convener.test") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "dora@example.org"]
    assert "https://convener.test/p/" in mail.outbox[0].body
    spanish = next(m for m in mail.outbox if m.to == ["dora@example.org"])
    assert "posición" in spanish.subject
    assert services.send_link_emails(proposal_id=made.pk) == 0


def test_audience_combines_circles_perspectives_and_picked_people(cast):
    ana = stakeholder(cast.initiative, "Ana")
    stakeholder(cast.initiative, "Ben", key="state_agency")
    cy = stakeholder(cast.initiative, "Cy", circle="extended")
    made = proposal(
        cast.initiative,
        audience_perspectives=[perspective(cast.initiative, "family_youth")],
        audience_stakeholders=[cy],
    )
    assert set(services.audience(made)) == {ana, cy}


def test_a_live_vote_from_a_linked_participant_is_that_stakeholders_position(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    secret = services.issue_link(proposal=made, stakeholder=ana, actor=None)
    link = services.find_link(secret)
    assert link is not None
    services.record_link_position(link=link, option="endorse")
    services.record_live_position(
        proposal=made,
        option_key="block",
        reason="Heard new concerns in the session.",
        perspective=None,
        stakeholder=ana,
        live_ref="live:1:7",
    )
    only = Position.objects.get(proposal=made, stakeholder=ana)
    assert only.option == "block"
    assert only.channel == Channel.LIVE
    assert only.perspective == ana.perspective


def test_an_anonymous_live_vote_keeps_the_participants_perspective(cast):
    made = proposal(cast.initiative)
    county = perspective(cast.initiative, "county_agency")
    for _ in range(2):  # voting again changes the same position
        services.record_live_position(
            proposal=made, option_key="endorse", reason="", perspective=county, live_ref="live:1:8"
        )
    position = Position.objects.get(proposal=made, live_ref="live:1:8")
    assert position.perspective == county
    assert position.stakeholder is None
    with pytest.raises(services.ConsensusError):
        services.record_live_position(
            proposal=made, option_key="block", reason="", perspective=county, live_ref="live:1:9"
        )
    with pytest.raises(services.ConsensusError):
        services.record_live_position(
            proposal=made, option_key="endorse", reason="", perspective=None, live_ref=""
        )


def test_results_report_participation_by_perspective_against_the_audience(cast):
    made = proposal(cast.initiative, audience_team=False)
    family = [stakeholder(cast.initiative, f"Family {i}") for i in range(4)]
    for person in family[:3]:
        link = services.find_link(
            services.issue_link(proposal=made, stakeholder=person, actor=None)
        )
        assert link is not None
        services.record_link_position(link=link, option="serious_reservations", reason="Privacy.")
    for persona in ("owner", "convener", "member"):
        services.record_member_position(
            proposal=made,
            user=cast.users[persona],
            option="endorse",
            perspective=perspective(cast.initiative, "state_agency"),
        )
    summary = services.proposal_results(made)
    groups = {g.key: g for g in summary.groups}
    assert groups["family_youth"].audience == 4
    assert groups["family_youth"].count == 3
    assert groups["state_agency"].count == 3
    assert groups["state_agency"].audience == 0
    assert "" not in groups
    assert summary.polarisation.polarised


def test_the_team_is_counted_as_asked_without_a_perspective(cast):
    made = proposal(cast.initiative, audience_team=True, audience_circles=[])
    summary = services.proposal_results(made)
    assert [(g.key, g.audience) for g in summary.groups] == [("", 3)]  # owner, convener, member
    assert summary.audience == 3


def test_recording_a_decision_freezes_the_picture_and_ends_the_proposal(cast):
    made = proposal(cast.initiative, serves_kind="rubric_row", serves_ref="coalescing.consensus",
                    serves_label="Decision making through consensus")  # fmt: skip
    services.record_member_position(proposal=made, user=cast.users["member"], option="endorse")
    decision = services.record_decision(
        proposal=made,
        actor=cast.users["convener"],
        outcome="adopted",
        statement="Year one focuses on confidentiality and language access.",
        decided_on=dt.date(2026, 3, 2),
        decided_by="Core team and key participants, by consensus",
    )
    made.refresh_from_db()
    assert made.status == ProposalStatus.DECIDED
    assert decision.participants == 1
    assert {d["key"]: d["count"] for d in decision.distribution}["endorse"] == 1
    with pytest.raises(services.ConsensusError):
        services.revise_proposal(proposal=made, actor=None, text="Again")
    with pytest.raises(services.ConsensusError):
        services.record_decision(
            proposal=made, actor=None, outcome="adopted", statement="x", decided_on=dt.date.today(),
            decided_by="x",
        )  # fmt: skip
    services.record_member_position  # noqa: B018 - the proposal no longer accepts positions
    assert not services.is_accepting(made)
    assert AuditEntry.objects.filter(action="decide", target_id=made.pk).exists()


def test_the_decision_log_gives_the_agreed_shape_for_rubric_evidence(cast):
    made = proposal(cast.initiative, serves_kind="rubric_row", serves_ref="coalescing.consensus",
                    serves_label="Decision making through consensus")  # fmt: skip
    services.record_decision(
        proposal=made, actor=None, outcome="adopted", statement="Agreed.",
        decided_on=dt.date(2026, 3, 2), decided_by="Core team",
    )  # fmt: skip
    log = selectors.decision_log(cast.initiative)
    assert len(log) == 1
    entry = log[0]
    assert entry.title == made.title
    assert entry.outcome == "Agreed."
    assert entry.decided_on == dt.date(2026, 3, 2)
    assert entry.participants == 0
    assert entry.serves_label == "Decision making through consensus"
    assert entry.url.endswith(f"/decisions/{made.pk}/#decision")
    assert isinstance(entry.by_perspective, dict)
    assert selectors.decision_log(cast.initiative, since=dt.date(2026, 3, 3)) == []
    assert len(selectors.decision_log(cast.initiative, until=dt.date(2026, 3, 2))) == 1
    assert selectors.decision_log(cast.other) == []


def test_a_decision_appears_in_the_chronology(cast):
    made = proposal(cast.initiative)
    services.record_decision(
        proposal=made, actor=None, outcome="adopted", statement="Agreed.",
        decided_on=dt.date(2026, 3, 2), decided_by="Core team",
    )  # fmt: skip
    entries = [e for e in build_timeline(cast.initiative) if e.kind == "decision"]
    assert len(entries) == 1
    assert entries[0].occurred_on == dt.date(2026, 3, 2)
    assert made.title in entries[0].title
    assert entries[0].habit == "coalescing"
    assert list(decision_entries(cast.initiative, dt.date(2026, 4, 1), None)) == []
