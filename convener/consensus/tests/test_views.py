"""Team pages: who may do what, and what each page does."""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse

from convener.consensus import services
from convener.consensus.models import Decision, Position, Proposal, ProposalStatus
from convener.initiatives.models import AuditEntry

from .helpers import proposal, stakeholder

pytestmark = pytest.mark.django_db


def url(name, cast, **kwargs):
    return reverse(f"consensus:{name}", kwargs={"slug": cast.initiative.slug, **kwargs})


def test_the_list_shows_proposals_to_viewers(cast):
    made = proposal(cast.initiative)
    response = cast.client("viewer").get(url("proposals", cast))
    assert response.status_code == 200
    assert made.title in response.text
    assert "New proposal" not in response.text  # viewers do not create


def test_outsiders_get_404_and_members_403_on_creating(cast):
    assert cast.client("outsider").get(url("proposals", cast)).status_code == 404
    assert cast.client("member").get(url("proposal_create", cast)).status_code == 403


def test_a_convener_creates_a_proposal_serving_a_rubric_row(cast):
    response = cast.client("convener").post(
        url("proposal_create", cast),
        {
            "title": "Focus year one",
            "text": "Confidentiality and language access first.",
            "process": "gradients",
            "serves": "row:coalescing.consensus",
            "audience_team": "on",
            "audience_circles": ["key"],
            "suppression_threshold": "5",
        },
    )
    made = Proposal.objects.get(title="Focus year one")
    assert response.status_code == 302
    assert made.serves_kind == "rubric_row"
    assert made.serves_ref == "coalescing.consensus"
    assert made.serves_label  # the row's title
    assert made.audience_circles == ["key"]
    assert made.status == ProposalStatus.DRAFT


def test_something_else_needs_a_description(cast):
    response = cast.client("convener").post(
        url("proposal_create", cast),
        {
            "title": "T",
            "text": "X",
            "process": "consent",
            "serves": "other",
            "suppression_threshold": "5",
        },
    )
    assert response.status_code == 200
    assert not Proposal.objects.filter(title="T").exists()


def test_the_detail_page_shows_results_chart_table_and_the_members_form(cast):
    made = proposal(cast.initiative)
    services.record_member_position(proposal=made, user=cast.users["convener"], option="endorse")
    response = cast.client("member").get(url("proposal_detail", cast, proposal_id=made.pk))
    assert response.status_code == 200
    body = response.text
    assert 'role="img"' in body
    assert "<caption>Positions per option</caption>" in body
    assert 'name="option"' in body  # the member can take a position
    assert "Whole-hearted endorsement" in body


def test_a_viewer_sees_no_position_form(cast):
    made = proposal(cast.initiative)
    response = cast.client("viewer").get(url("proposal_detail", cast, proposal_id=made.pk))
    assert 'name="option"' not in response.text


def test_a_member_records_a_position_and_a_block_needs_a_reason(cast):
    made = proposal(cast.initiative)
    client = cast.client("member")
    client.post(url("proposal_position", cast, proposal_id=made.pk), {"option": "block"})
    assert not Position.objects.filter(proposal=made).exists()
    client.post(
        url("proposal_position", cast, proposal_id=made.pk),
        {"option": "block", "reason": "Families were not asked."},
    )
    assert Position.objects.get(proposal=made).option == "block"


def test_a_viewer_cannot_post_a_position(cast):
    made = proposal(cast.initiative)
    response = cast.client("viewer").post(
        url("proposal_position", cast, proposal_id=made.pk), {"option": "endorse"}
    )
    assert response.status_code == 403


def test_comments_go_to_the_thread(cast):
    made = proposal(cast.initiative)
    cast.client("member").post(
        url("proposal_comment", cast, proposal_id=made.pk), {"text": "Let us add interpreters."}
    )
    page = cast.client("viewer").get(url("proposal_detail", cast, proposal_id=made.pk))
    assert "Let us add interpreters." in page.text


def test_open_close_and_revise(cast):
    made = proposal(cast.initiative, open=False)
    client = cast.client("convener")
    client.post(url("proposal_action", cast, proposal_id=made.pk), {"action": "open"})
    made.refresh_from_db()
    assert made.status == ProposalStatus.OPEN
    services.record_member_position(proposal=made, user=cast.users["member"], option="endorse")
    response = client.post(
        url("proposal_revise", cast, proposal_id=made.pk),
        {"title": made.title, "text": "Now with interpreters.", "change_note": "Language access."},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.revision == 2
    old = client.get(url("proposal_detail", cast, proposal_id=made.pk) + "?revision=1")
    assert "Whole-hearted endorsement" in old.text
    assert "Member" in old.text
    new = client.get(url("proposal_detail", cast, proposal_id=made.pk))
    assert "No positions on this revision yet." in new.text
    client.post(url("proposal_action", cast, proposal_id=made.pk), {"action": "close"})
    made.refresh_from_db()
    assert made.status == ProposalStatus.CLOSED


def test_a_convener_makes_a_personal_link_shown_once(cast):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    client = cast.client("convener")
    page = client.get(url("proposal_links", cast, proposal_id=made.pk))
    assert "Ana" in page.text
    response = client.post(
        url("proposal_links", cast, proposal_id=made.pk), {"action": "link", "stakeholder": ana.pk}
    )
    assert response.status_code == 200
    assert f"{settings.SITE_URL}/p/" in response.text  # the one configured site address
    assert made.links.filter(stakeholder=ana).exists()


def test_replacing_a_link_is_its_own_action_that_says_the_old_one_stops(cast, settings):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    client = cast.client("convener")
    links = url("proposal_links", cast, proposal_id=made.pk)
    client.post(links, {"action": "link", "stakeholder": ana.pk})
    first = made.links.get(stakeholder=ana).token_hash
    page = client.post(links, {"action": "link", "stakeholder": ana.pk})
    assert "already has a personal link" in page.text
    assert made.links.get(stakeholder=ana).token_hash == first
    assert "Replace the link" in page.text
    assert "their link keeps working" in page.text
    assert "The old link will stop working." in page.text
    replaced = client.post(links, {"action": "replace", "stakeholder": ana.pk})
    assert f"{settings.SITE_URL}/p/" in replaced.text  # links use the one site address
    assert made.links.get(stakeholder=ana).token_hash != first


def test_links_only_for_people_in_the_audience(cast):
    made = proposal(cast.initiative)
    outside = stakeholder(cast.initiative, "Zed", circle="dissemination")
    cast.client("convener").post(
        url("proposal_links", cast, proposal_id=made.pk),
        {"action": "link", "stakeholder": outside.pk},
    )
    assert not made.links.exists()


def test_recording_the_decision(cast):
    made = proposal(cast.initiative)
    client = cast.client("convener")
    assert client.get(url("proposal_decide", cast, proposal_id=made.pk)).status_code == 200
    response = client.post(
        url("proposal_decide", cast, proposal_id=made.pk),
        {
            "outcome": "adopted",
            "statement": "Year one: confidentiality and language access.",
            "decided_on": "2026-03-02",
            "decided_by": "Core team, by consensus",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(proposal=made)
    assert decision.decided_on == dt.date(2026, 3, 2)
    log = client.get(url("decision_log", cast))
    assert "Year one: confidentiality and language access." in log.text


def test_the_decision_takes_an_outcome_statement_in_spanish_shown_to_spanish_readers(cast):
    made = proposal(cast.initiative)
    client = cast.client("convener")
    form = client.get(url("proposal_decide", cast, proposal_id=made.pk))
    assert 'name="statement_es"' in form.text
    assert "Outcome statement in Spanish" in form.text
    response = client.post(
        url("proposal_decide", cast, proposal_id=made.pk),
        {
            "outcome": "adopted",
            "statement": "Year one: confidentiality.",
            "statement_es": "Primer año: confidencialidad.",
            "decided_on": "2026-03-02",
            "decided_by": "Core team, by consensus",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(proposal=made)
    assert decision.translations == {"es": {"statement": "Primer año: confidencialidad."}}
    detail = url("proposal_detail", cast, proposal_id=made.pk)
    spanish = client.get(detail, HTTP_ACCEPT_LANGUAGE="es")
    assert "Primer año: confidencialidad." in spanish.text
    assert "Year one: confidentiality." not in spanish.text
    english = client.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    assert "Year one: confidentiality." in english.text
    assert "Primer año: confidencialidad." not in english.text
    export = client.get(url("decision_log_export", cast) + "?fmt=csv")
    header, row = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[:2]
    spanish_column = header.index("statement_es")
    assert header[spanish_column - 1] == "statement"
    assert row[spanish_column - 1 : spanish_column + 1] == [
        "Year one: confidentiality.",
        "Primer año: confidencialidad.",
    ]


def test_a_decision_without_spanish_shows_its_english_marked_as_english(cast):
    made = proposal(cast.initiative)
    services.record_decision(
        proposal=made, actor=None, outcome="adopted", statement="Only in English.",
        decided_on=dt.date(2026, 3, 2), decided_by="Team",
    )  # fmt: skip
    page = cast.client("viewer").get(
        url("proposal_detail", cast, proposal_id=made.pk), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert '<p class="reason-text" lang="en">Only in English.</p>' in page.text
    assert Decision.objects.get(proposal=made).translations == {}


def test_the_decision_log_filters_by_rubric_row(cast):
    for ref, title in (("coalescing.consensus", "A"), ("coalescing.data", "B")):
        made = proposal(
            cast.initiative, title=title, serves_kind="rubric_row", serves_ref=ref, serves_label=ref
        )
        services.record_decision(
            proposal=made, actor=None, outcome="adopted", statement=f"Decided {title}",
            decided_on=dt.date(2026, 3, 2), decided_by="Team",
        )  # fmt: skip
    page = cast.client("viewer").get(url("decision_log", cast) + "?row=coalescing.data")
    assert "Decided B" in page.text
    assert "Decided A" not in page.text


def test_exports_go_through_the_safe_writer_and_are_audited(cast):
    made = proposal(cast.initiative)
    services.record_member_position(
        proposal=made, user=cast.users["member"], option="block", reason="=HYPERLINK(1)"
    )
    response = cast.client("convener").get(
        url("proposal_export", cast, proposal_id=made.pk) + "?fmt=csv"
    )
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in body
    assert "Member" in body
    xlsx = cast.client("convener").get(
        url("proposal_export", cast, proposal_id=made.pk) + "?fmt=xlsx"
    )
    assert xlsx.content[:2] == b"PK"
    log = cast.client("viewer").get(url("decision_log_export", cast) + "?fmt=csv")
    assert log.status_code == 200
    assert b"decided_on" in log.content
    assert AuditEntry.objects.filter(action="export").count() == 3


def test_anonymous_proposals_show_and_export_no_names(cast):
    made = proposal(cast.initiative, anonymous=True)
    services.record_member_position(proposal=made, user=cast.users["member"], option="endorse")
    page = cast.client("viewer").get(url("proposal_detail", cast, proposal_id=made.pk))
    assert '<th scope="row">Member</th>' not in page.text
    export = cast.client("convener").get(url("proposal_export", cast, proposal_id=made.pk))
    assert b"Member" not in export.content


def test_the_live_page_lists_nothing_to_add_without_sessions(cast):
    made = proposal(cast.initiative)
    page = cast.client("convener").get(url("proposal_live", cast, proposal_id=made.pk))
    assert page.status_code == 200


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_and_the_log_take_a_constant_number_of_queries(cast):
    client = cast.client("viewer")
    for i in range(2):
        made = proposal(cast.initiative, title=f"P{i}")
        services.record_decision(
            proposal=made, actor=None, outcome="adopted", statement="S",
            decided_on=dt.date(2026, 3, 2), decided_by="Team",
        )  # fmt: skip
    few = (
        _count_queries(client, url("proposals", cast)),
        _count_queries(client, url("decision_log", cast)),
    )
    for i in range(2, 6):
        made = proposal(cast.initiative, title=f"P{i}")
        services.record_decision(
            proposal=made, actor=None, outcome="adopted", statement="S",
            decided_on=dt.date(2026, 3, 2), decided_by="Team",
        )  # fmt: skip
    many = (
        _count_queries(client, url("proposals", cast)),
        _count_queries(client, url("decision_log", cast)),
    )
    assert few == many


def test_an_erased_stakeholders_reason_is_no_longer_shown_or_exported(cast):
    from django.utils import timezone

    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana")
    link = services.find_link(services.issue_link(proposal=made, stakeholder=ana, actor=None))
    assert link is not None
    services.record_link_position(link=link, option="block", reason="My son Tom was hurt.")
    ana.erased_at = timezone.now()
    ana.save()
    page = cast.client("convener").get(url("proposal_detail", cast, proposal_id=made.pk))
    assert "My son Tom" not in page.text
    export = cast.client("convener").get(url("proposal_export", cast, proposal_id=made.pk))
    assert b"My son Tom" not in export.content


def test_a_convener_changes_the_dates_and_audience(cast):
    made = proposal(cast.initiative)
    client = cast.client("convener")
    page = client.get(url("proposal_settings", cast, proposal_id=made.pk))
    assert page.status_code == 200
    assert 'value="key"' in page.text
    response = client.post(
        url("proposal_settings", cast, proposal_id=made.pk),
        {
            "serves": "row:coalescing.data",
            "audience_circles": ["core", "key"],
            "closes_at": "2030-01-01T12:00",
            "suppression_threshold": "4",
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.audience_circles == ["core", "key"]
    assert made.serves_ref == "coalescing.data"
    assert made.closes_at is not None
    assert made.suppression_threshold == 4
    assert not made.audience_team


def test_anonymous_positions_stay_anonymous(cast):
    made = proposal(cast.initiative, anonymous=True)
    services.record_member_position(proposal=made, user=cast.users["member"], option="endorse")
    response = cast.client("convener").post(
        url("proposal_settings", cast, proposal_id=made.pk),
        {"serves": "", "suppression_threshold": "5"},
    )
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.anonymous
