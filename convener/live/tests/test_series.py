"""A training series: its sessions, the same people recognised across them, and growth."""

from __future__ import annotations

import pytest

from convener.core.tokens import hash_token
from convener.live import series, services
from convener.live.models import Item, LiveSession
from convener.live.series_models import SeriesAttendance, SeriesMember, SeriesSession
from convener.live.series_selectors import (
    group_shifts,
    member_growth,
    sessions_with_self_ratings,
    statement_groups,
)

pytestmark = pytest.mark.django_db

TARGETS = ("describe_engagement", "three_approaches", "choose_tool")


def make_series(cast, sessions: int = 2):
    owner = cast.users["owner"]
    made = series.create_series(
        initiative=cast.initiative, actor=owner, title="Cohort 1", title_es="Cohorte 1"
    )
    for _n in range(sessions):
        series.add_new_session(series=made, actor=owner, template_key="learning_targets")
    return made


def run(session: LiveSession, cast, ratings: list[tuple[str, int]]) -> list[str]:
    """Start ``session``; each (device secret, rating) joins and rates every target once.

    Return each device's secret after the session (a new one for a device that had none).
    """
    owner = cast.users["owner"]
    services.start_session(session=session, actor=owner)
    item = Item.objects.filter(session=session, kind="rating").order_by("position").first()
    services.open_item(item=item, actor=owner)
    item.refresh_from_db()
    kept = []
    for number, (secret, rating) in enumerate(ratings):
        participant, _token = services.join(session=session, display_name=f"P{number}")
        found = series.recognise(participant=participant, secret=secret)
        services.cast_vote(item=item, participant=participant, value=dict.fromkeys(TARGETS, rating))
        kept.append(found.secret or secret)
    return kept


def test_a_device_is_recognised_across_sessions_by_its_secret_stored_hashed(cast):
    made = make_series(cast)
    first, second = [link.session for link in made.series_sessions.order_by("position")]
    secrets = run(first, cast, [("", 3), ("", 4), ("", 5)])
    assert all(len(secret) >= 40 for secret in secrets)  # ≥ 128 bits of randomness
    assert SeriesMember.objects.filter(series=made).count() == 3
    for secret in secrets:  # only the digest is stored, never the secret
        assert not SeriesMember.objects.filter(token_hash=secret).exists()
        assert SeriesMember.objects.filter(token_hash=hash_token(secret)).exists()
    again = run(second, cast, [(secrets[0], 7), (secrets[1], 4), (secrets[2], 6)])
    assert again == secrets  # no new secret: recognised
    assert SeriesMember.objects.filter(series=made).count() == 3
    member = series.member_for_secret(made, secrets[0])
    assert SeriesAttendance.objects.filter(member=member).count() == 2
    growth = member_growth(member, "en")
    rows = {row["key"]: row for row in growth[0]["rows"]}
    assert rows["choose_tool"]["before"] == 3
    assert rows["choose_tool"]["after"] == 7
    assert rows["choose_tool"]["change"] == 4


def test_the_group_shift_is_shown_from_three_people_and_suppressed_below(cast):
    made = make_series(cast)
    first, second = [link.session for link in made.series_sessions.order_by("position")]
    secrets = run(first, cast, [("", 3), ("", 4), ("", 5)])
    run(second, cast, [(secrets[0], 7), (secrets[1], 4)])  # the third person came on a new phone
    [targets] = group_shifts(made, "en")
    assert targets.key == "targets"
    assert all(row.suppressed and row.before is None for row in targets.rows)
    assert sessions_with_self_ratings(made) == 2
    third = series.add_new_session(
        series=made, actor=cast.users["owner"], template_key="learning_targets"
    )
    run(third, cast, [(secrets[2], 9)])
    [targets] = group_shifts(made, "es")
    row = targets.rows[0]
    assert not row.suppressed
    assert row.people == 3
    assert (row.before, row.after, row.rose, row.same) == (4.0, 6.7, 2, 1)
    assert row.label == "Sé describir la implicación auténtica de las partes interesadas."


def test_a_new_device_is_a_new_member_and_a_foreign_secret_is_not_recognised(cast):
    made, other = make_series(cast, 1), make_series(cast, 1)
    [secret] = run(made.series_sessions.get().session, cast, [("", 5)])
    session = other.series_sessions.get().session
    services.start_session(session=session, actor=cast.users["owner"])
    participant, _token = services.join(session=session, display_name="Someone")
    found = series.recognise(participant=participant, secret=secret)
    assert found.secret
    assert found.member.series == other
    assert series.member_for_secret(other, secret) is None


def test_a_signed_in_team_member_is_recognised_by_account(cast):
    made = make_series(cast)
    first, second = [link.session for link in made.series_sessions.order_by("position")]
    member_user = cast.users["member"]
    for session in (first, second):
        services.start_session(session=session, actor=cast.users["owner"])
        participant, _token = services.join(session=session, display_name="Me")
        found = series.recognise(participant=participant, user=member_user)
    assert SeriesMember.objects.filter(series=made, user=member_user).count() == 1
    assert found.member.attendances.count() == 2
    outsider = cast.users["outsider"]  # not on the team: an anonymous member, account unused
    participant, _token = services.join(session=second, display_name="Out")
    assert series.recognise(participant=participant, user=outsider).member.user is None


def test_a_session_outside_a_series_has_no_member(room):
    assert series.recognise(participant=room.people[0], secret="") is None


def test_another_initiatives_session_a_template_or_a_taken_session_is_refused(cast):
    made = make_series(cast, 1)
    foreign = services.create_session(initiative=cast.other, actor=None, title="Theirs")
    template = services.create_session(initiative=cast.initiative, actor=None, title="T")
    template.is_template = True
    template.save()
    taken = made.series_sessions.get().session
    for session in (foreign, template, taken):
        with pytest.raises(services.LiveError):
            series.add_existing_session(series=made, actor=None, session=session)
    assert SeriesSession.objects.filter(series=made).count() == 1
    with pytest.raises(services.LiveError):
        series.add_new_session(series=made, actor=None, template_key="no_such_template")
    with pytest.raises(services.LiveError):
        series.create_series(initiative=cast.initiative, actor=None, title="  ")


def test_the_followed_statements_are_the_learning_targets_and_poll_10():
    targets, poll_10 = statement_groups()
    assert [key for key, _labels in targets.statements] == list(TARGETS)
    assert len(poll_10.statements) == 7
    assert all(labels["es"] != labels["en"] for _key, labels in poll_10.statements)


@pytest.mark.parametrize("key", ["blueprint_full_day", "series_follow_up", "series_peer_coaching"])
def test_each_session_of_the_programme_asks_a_followed_self_rating(cast, key):
    """The full day, the follow-ups and peer coaching all repeat Poll 10 (same statement keys)."""
    made = series.create_series(initiative=cast.initiative, actor=None, title="Programme")
    series.add_new_session(series=made, actor=None, template_key=key)
    assert sessions_with_self_ratings(made) == 1
    [poll_10] = [g for g in statement_groups() if g.key == "poll_10"]
    session = made.series_sessions.get().session
    asked = {
        s["key"]
        for item in session.items.filter(kind="rating")
        for s in item.config.get("statements", [])
    }
    assert {k for k, _labels in poll_10.statements} <= asked
