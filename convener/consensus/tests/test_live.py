"""The bridge to live sessions: a proposal becomes an item, live votes become positions."""

import pytest

from convener.consensus import live, services
from convener.consensus.models import Channel, Position
from convener.live import services as live_services

from .helpers import perspective, proposal, stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(cast):
    made = proposal(cast.initiative)
    session = live_services.create_session(
        initiative=cast.initiative, actor=cast.users["convener"], title="March convening"
    )
    item = live.put_to_live(proposal=made, session=session, actor=cast.users["convener"])
    live_services.start_session(session=session, actor=None)
    live_services.open_item(item=item, actor=None)
    return made, session, item


def test_the_live_bridge_is_available():
    assert live.available()


def test_putting_a_proposal_to_a_session_adds_an_item_with_its_options(running):
    made, _session, item = running
    assert item.kind == "proposal"
    assert item.config["proposal_id"] == made.pk
    assert item.config["revision"] == 1
    keys = [o["key"] for o in item.config["options"]]
    assert keys[0] == "endorse"
    assert keys[-1] == "block"
    assert made.title in item.prompt


def test_the_live_page_lists_the_initiatives_sessions(cast, running):
    made, session, _item = running
    assert live.live_sessions(made) == [session]


def test_an_anonymous_live_vote_becomes_a_position_with_the_participants_perspective(
    running, cast, django_capture_on_commit_callbacks
):
    made, session, item = running
    county = perspective(cast.initiative, "county_agency")
    participant, _token = live_services.join(
        session=session, display_name="Someone", perspective=county
    )
    with django_capture_on_commit_callbacks(execute=True):
        live_services.cast_vote(item=item, participant=participant, value="agree_reservations")
    position = Position.objects.get(proposal=made)
    assert position.channel == Channel.LIVE
    assert position.option == "agree_reservations"
    assert position.perspective == county
    assert position.stakeholder is None
    assert position.live_ref == f"live:{session.pk}:{participant.pk}"


def test_a_linked_participants_vote_is_their_stakeholders_position(
    running, cast, django_capture_on_commit_callbacks
):
    made, session, item = running
    ana = stakeholder(cast.initiative, "Ana")
    participant, _token = live_services.join(session=session, display_name="Ana")
    live_services.confirm_link(participant=participant, stakeholder=ana, actor=None)
    participant.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        live_services.cast_vote(
            item=item, participant=participant, value="block", text="Not without interpreters."
        )
    position = Position.objects.get(proposal=made, stakeholder=ana)
    assert position.reason == "Not without interpreters."
    assert position.channel == Channel.LIVE


def test_votes_on_an_outdated_revision_stay_in_the_live_session(
    running, cast, django_capture_on_commit_callbacks
):
    made, session, item = running
    services.revise_proposal(proposal=made, actor=None, text="Changed since.")
    participant, _token = live_services.join(session=session, display_name="Late")
    with django_capture_on_commit_callbacks(execute=True):
        live_services.cast_vote(item=item, participant=participant, value="endorse")
    assert not Position.objects.filter(proposal=made).exists()


def test_a_vote_while_the_proposal_is_closed_is_not_recorded(
    running, cast, django_capture_on_commit_callbacks
):
    made, session, item = running
    services.close_proposal(proposal=made, actor=None)
    participant, _token = live_services.join(session=session, display_name="Someone")
    with django_capture_on_commit_callbacks(execute=True):
        live_services.cast_vote(item=item, participant=participant, value="endorse")
    assert not Position.objects.exists()


def test_the_put_to_live_page_adds_the_item(cast):
    made = proposal(cast.initiative)
    session = live_services.create_session(initiative=cast.initiative, actor=None, title="April")
    url = f"/i/{cast.initiative.slug}/decisions/{made.pk}/live/"
    client = cast.client("convener")
    assert "April" in client.get(url).text
    response = client.post(url, {"session": str(session.pk)})
    assert response.status_code == 302
    assert session.items.filter(kind="proposal").count() == 1


def test_option_values_are_read_in_either_shape():
    assert live.option_from_value("block") == "block"
    assert live.option_from_value({"key": "endorse"}) == "endorse"
    assert live.option_from_value(None) == ""
