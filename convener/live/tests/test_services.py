"""Live-session use cases against the database: votes, tallies, breakouts, records."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from convener.activities.models import Attendance
from convener.live import selectors, services
from convener.live.kinds import InvalidVote
from convener.live.models import ItemStatus, SessionStatus, Tally, Vote
from convener.live.services import VoteIn, voting
from convener.stakeholders.models import Stakeholder


def counts(item, bucket="*"):
    return {t.key: t.count for t in Tally.objects.filter(item=item, bucket=bucket) if t.count}


def test_a_changed_vote_is_counted_once(room):
    person = room.people[0]
    services.cast_vote(item=room.poll, participant=person, value="yes")
    services.cast_vote(item=room.poll, participant=person, value="no")
    room.poll.refresh_from_db()
    assert Vote.objects.get(item=room.poll, participant=person).value == "no"
    assert counts(room.poll) == {"_n": 1, "no": 1}
    assert room.poll.answer_count == 1


def test_a_closed_item_refuses_votes_with_a_clear_message(room, cast):
    services.close_item(item=room.poll, actor=cast.users["owner"])
    room.poll.refresh_from_db()
    with pytest.raises(InvalidVote, match="closed") as refused:
        services.cast_vote(item=room.poll, participant=room.people[0], value="yes")
    assert refused.value.code == "closed"
    assert not Vote.objects.exists()


def test_a_batch_stores_good_votes_and_reports_refused_ones(room):
    batch = [
        VoteIn(item_id=room.poll.pk, participant_id=room.people[0].pk, value="yes", client_id="1"),
        VoteIn(item_id=room.poll.pk, participant_id=room.people[1].pk, value="nope", client_id="2"),
        VoteIn(item_id=room.poll.pk, participant_id=room.people[2].pk, value="no", client_id="3"),
        VoteIn(
            item_id=room.poll.pk, participant_id=room.people[0].pk, value="maybe", client_id="4"
        ),
    ]
    outcomes = services.cast_votes(batch)
    assert [o.ok for o in outcomes] == [True, False, True, True]
    assert outcomes[3].changed
    assert outcomes[1].code == "invalid"
    assert counts(room.poll) == {"_n": 2, "maybe": 1, "no": 1}


def test_a_batch_is_one_transaction(room, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(voting, "_apply_tallies", broken)
    batch = [VoteIn(item_id=room.poll.pk, participant_id=p.pk, value="yes") for p in room.people]
    with pytest.raises(DatabaseError):
        services.cast_votes(batch)
    assert not Vote.objects.exists()


def test_tallies_split_by_perspective_and_small_groups_are_suppressed(room, cast):
    for person in room.people:
        services.cast_vote(item=room.poll, participant=person, value="yes")
    staff = selectors.item_results(room.poll, for_staff=True)
    assert staff["overall"]["n"] == 4
    assert [row["suppressed"] for row in staff["by_perspective"]] == [True, True]  # 2 each < 3
    assert "n" not in staff["by_perspective"][0]
    room.session.suppression_threshold = 2
    room.session.save()
    room.poll.refresh_from_db()
    shown = selectors.item_results(room.poll, for_staff=True)["by_perspective"]
    assert [row["n"] for row in shown] == [2, 2]


def test_participants_see_results_only_once_revealed(room, cast):
    services.cast_vote(item=room.poll, participant=room.people[0], value="yes")
    room.poll.refresh_from_db()
    assert selectors.item_results(room.poll, for_staff=False) == {
        "item": room.poll.pk,
        "kind": "single",
        "version": 1,
        "visible": False,
        "revealed": False,
    }
    services.reveal_results(item=room.poll, actor=cast.users["owner"])
    room.poll.refresh_from_db()
    assert selectors.item_results(room.poll, for_staff=False)["overall"]["n"] == 1


@pytest.mark.parametrize("action", ["reveal_results", "hide_results"])
def test_results_are_pushed_only_once_the_change_is_committed(
    room, cast, monkeypatch, django_capture_on_commit_callbacks, action
):
    # The push reads the item on another connection (the serving loop's): sent before the
    # commit, it would carry the results as they were before the reveal.
    from convener.live import realtime

    pushed = []
    monkeypatch.setattr(realtime, "push_results", lambda item: pushed.append(item.pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        getattr(services, action)(item=room.poll, actor=cast.users["owner"])
        assert pushed == []
    for callback in callbacks:
        callback()
    assert pushed == [room.poll.pk]


def test_quiz_key_stays_hidden_until_revealed(cast):
    session = services.create_session(
        initiative=cast.initiative, actor=None, title="Intro", template_key="intro_lbc"
    )
    quiz = session.items.get(kind="classify")
    services.start_session(session=session, actor=None)
    services.open_item(item=quiz, actor=None)
    session.refresh_from_db()
    state = selectors.session_state(session)
    assert all("answer" not in s for s in state["item"]["config"]["statements"])
    assert len(state["item"]["config"]["statements"]) == 12
    services.reveal_key(item=quiz, actor=None)
    session.refresh_from_db()
    assert (
        selectors.session_state(session)["item"]["config"]["statements"][9]["answer"] == "bottom_up"
    )


def test_intro_template_has_every_planned_kind_in_english_and_spanish(cast):
    session = services.create_session(
        initiative=cast.initiative, actor=None, title="", template_key="intro_lbc"
    )
    kinds_used = set(session.items.values_list("kind", flat=True))
    assert {"emoji", "multi", "true_false", "classify", "quadrant", "breakout"} <= kinds_used
    assert {"open_text", "ranking", "rating"} <= kinds_used
    for item in session.items.all():
        assert item.config["translations"]["es"]["prompt"], item.prompt
    quadrant = session.items.get(kind="quadrant")
    assert len(quadrant.config["statements"]) == 10
    breakout = session.items.get(kind="breakout")
    assert breakout.config["worksheet_section"] == "four_simple_questions:who_cares"
    top_three = session.items.filter(kind="multi", config__max=3).get()
    assert len(top_three.config["options"]) == 10


@pytest.mark.parametrize("mode", ["random", "perspective"])
def test_breakouts_split_everyone(room, mode):
    item = services.add_item(
        session=room.session,
        kind="breakout",
        prompt="Who cares?",
        config={"mode": mode, "group_count": 2, "prompt": "List them"},
        actor=None,
    )
    groups = services.form_breakouts(item=item, mode=mode, group_count=2, actor=None)
    members = [set(g.members.values_list("pk", flat=True)) for g in groups]
    assert sorted(len(m) for m in members) == [2, 2]
    assert set().union(*members) == {p.pk for p in room.people}
    if mode == "perspective":
        for group in groups:
            assert group.members.values("perspective").distinct().count() == 2
    assert groups[0].prompt == "List them"


def test_breakouts_by_hand_and_notes_with_conflicts(room):
    item = services.add_item(
        session=room.session, kind="breakout", prompt="Who?", config={"mode": "manual"}, actor=None
    )
    a, b = room.people[:2]
    groups = services.form_breakouts(
        item=item, mode="manual", group_count=2, actor=None, assignments={a.pk: 1, b.pk: 2}
    )
    assert list(groups[0].members.all()) == [a]
    saved, group = services.save_notes(
        group=groups[0], notes="Families", base_version=0, participant=a
    )
    assert saved
    assert group.notes_version == 1
    saved, group = services.save_notes(
        group=groups[0], notes="Schools", base_version=0, participant=a
    )
    assert not saved
    assert group.notes == "Families"
    with pytest.raises(services.LiveError):
        services.save_notes(group=groups[0], notes="x", base_version=1, participant=b)


def test_ending_a_session_records_attendance_of_linked_participants(room, cast):
    stakeholder = Stakeholder.objects.create(initiative=cast.initiative, name="Person 0")
    first = room.people[0]
    first.refresh_from_db()
    assert first.suggested_stakeholder is None  # joined before the registry entry existed
    services.confirm_link(participant=first, stakeholder=stakeholder, actor=cast.users["owner"])
    services.cast_vote(item=room.poll, participant=first, value="yes")
    checked = services.end_session(session=room.session, actor=cast.users["owner"])
    room.session.refresh_from_db()
    room.poll.refresh_from_db()
    assert checked == 1
    assert room.session.status == SessionStatus.ENDED
    assert room.poll.status == ItemStatus.CLOSED
    assert Attendance.objects.filter(
        activity=room.session.activity, stakeholder=stakeholder
    ).exists()
    by_perspective = selectors.attendance_by_perspective(room.session)
    assert sum(r["joined"] for r in by_perspective) == 4
    assert sum(r["linked"] for r in by_perspective) == 1


def test_join_suggests_a_registry_match_by_name(room, cast):
    stakeholder = Stakeholder.objects.create(initiative=cast.initiative, name="Ana Ruiz")
    participant, token = services.join(session=room.session, display_name="ana ruiz")
    assert participant.suggested_stakeholder == stakeholder
    assert participant.stakeholder is None
    assert services.participant_for_token(session=room.session, token=token) == participant
    assert services.participant_for_token(session=room.session, token="wrong") is None


def test_self_ratings_and_scores_join_the_stakeholder_history(cast):
    stakeholder = Stakeholder.objects.create(initiative=cast.initiative, name="Lee")
    for run in range(2):
        session = services.create_session(
            initiative=cast.initiative,
            actor=None,
            title=f"Targets {run}",
            template_key="learning_targets",
        )
        services.start_session(session=session, actor=None)
        participant, _token = services.join(session=session, display_name="Lee")
        services.confirm_link(participant=participant, stakeholder=stakeholder, actor=None)
        item = session.items.first()
        services.open_item(item=item, actor=None)
        item.refresh_from_db()
        services.cast_vote(
            item=item, participant=participant, value={"describe_engagement": 3 + run * 5}
        )
    history = selectors.participant_history(stakeholder)
    assert [h["ratings"]["describe_engagement"] for h in history] == [3, 8]


def test_hiding_an_open_text_answer_removes_its_words(room):
    item = services.add_item(
        session=room.session, kind="open_text", prompt="Why?", config={}, actor=None
    )
    services.open_item(item=item, actor=None)
    item.refresh_from_db()
    vote = services.cast_vote(item=item, participant=room.people[0], value="Trust matters")
    assert counts(item)["w:trust"] == 1
    services.set_hidden(vote=vote, hidden=True, actor=None)
    assert "w:trust" not in counts(item)
    assert counts(item)["_n"] == 1
    item.refresh_from_db()
    assert selectors.item_results(item, for_staff=False)  # still computes
    services.reveal_results(item=item, actor=None)
    item.refresh_from_db()
    assert selectors.item_results(item, for_staff=False)["answers"] == []


def test_copy_session_reruns_the_agenda(room):
    copy = services.copy_session(session=room.session, actor=None)
    assert copy.join_code != room.session.join_code
    assert copy.status == SessionStatus.DRAFT
    assert list(copy.items.values_list("kind", "status")) == [("single", "pending")]


def test_items_move_and_delete_keep_positions_dense(room):
    second = services.add_item(
        session=room.session, kind="slide", prompt="Two", config={}, actor=None
    )
    third = services.add_item(
        session=room.session, kind="slide", prompt="Three", config={}, actor=None, position=1
    )
    assert list(room.session.items.values_list("prompt", flat=True)) == ["Three", "Ready?", "Two"]
    services.move_item(item=third, position=3, actor=None)
    assert list(room.session.items.values_list("prompt", flat=True)) == ["Ready?", "Two", "Three"]
    services.delete_item(item=second, actor=None)
    assert list(room.session.items.values_list("position", flat=True)) == [1, 2]


def test_export_rows_hold_one_row_per_answer(room):
    services.cast_vote(item=room.poll, participant=room.people[0], value="yes")
    header, rows = services.export_rows(room.session)
    assert header[0] == "item"
    assert rows[0][3] == "Person 0"
    assert rows[0][6] == "yes"
