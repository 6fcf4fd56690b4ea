"""Use cases of activities: logging, chains, invitations, check-in, roles, keep-inviting."""

import datetime as dt

import pytest
from django.utils import timezone

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    Attendance,
    EngagementEvent,
    InvitationStatus,
)
from convener.activities.selectors import activities as reads
from convener.activities.services import events as services
from convener.stakeholders.models import Circle, Stakeholder
from tests.factories import RegisteredStakeholderFactory

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def activity(cast, title="Regional workgroup", on=YESTERDAY, **fields) -> Activity:
    return services.create_activity(
        initiative=cast.initiative,
        actor=cast.users["member"],
        fields={"title": title, "kind": "regional_workgroup", "starts_on": on, **fields},
    )


def test_a_custom_type_must_be_named_and_other_types_drop_it(cast) -> None:
    with pytest.raises(services.ActivityError):
        activity(cast, kind="custom")
    named = activity(cast, title="Story circle", kind="custom", custom_kind="Story circle")
    assert named.custom_kind == "Story circle"
    plain = activity(cast, kind="webinar", custom_kind="ignored")
    assert plain.custom_kind == ""
    assert reads.used_custom_kinds(cast.initiative) == ["Story circle"]


def test_expected_perspectives_of_another_initiative_are_ignored(cast) -> None:
    mine = cast.initiative.perspectives.get(key="family_youth")
    theirs = cast.other.perspectives.get(key="justice")
    a = services.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={"title": "Webinar", "kind": "webinar", "starts_on": TODAY},
        expected_perspectives=[mine, theirs],
    )
    assert list(a.expected_perspectives.all()) == [mine]


def test_hybrid_chain_runs_one_way_to_two_way_and_refuses_loops(cast) -> None:
    workgroup = activity(cast, title="Workgroup", direction="two_way")
    webinar = activity(cast, title="Webinar", direction="one_way", next_activity=workgroup)
    assert [a.title for a in reads.chain(workgroup)] == ["Webinar", "Workgroup"]
    assert [a.title for a in reads.chain(webinar)] == ["Webinar", "Workgroup"]
    with pytest.raises(services.ActivityError):
        services.update_activity(activity=workgroup, actor=None, fields={"next_activity": webinar})
    other = services.create_activity(
        initiative=cast.other,
        actor=None,
        fields={"title": "Elsewhere", "kind": "meeting", "starts_on": TODAY},
    )
    with pytest.raises(services.ActivityError):
        services.update_activity(activity=webinar, actor=None, fields={"next_activity": other})


def test_inviting_twice_keeps_the_first_invitation_and_its_reply(cast) -> None:
    a = activity(cast)
    ana, ben = (
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana"),
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ben"),
    )
    stranger = RegisteredStakeholderFactory(initiative=cast.other, name="Stranger")
    assert services.invite(activity=a, actor=None, stakeholder_ids=[ana.pk, stranger.pk]) == 1
    invitation = ActivityInvitation.objects.get(activity=a, stakeholder=ana)
    services.set_invitation_status(invitation=invitation, status="accepted", actor=None)
    assert services.invite(activity=a, actor=None, stakeholder_ids=[ana.pk, ben.pk]) == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.responded_at is not None
    assert EngagementEvent.objects.filter(stakeholder=ana, activity=a, kind="accepted").exists()
    # Accepting again does not record a second event.
    services.set_invitation_status(invitation=invitation, status="accepted", actor=None)
    assert EngagementEvent.objects.filter(stakeholder=ana, kind="accepted").count() == 1


def test_check_in_is_idempotent_marks_the_uninvited_and_records_attended(cast) -> None:
    a = activity(cast)
    ana, ben = (
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana"),
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ben"),
    )
    services.invite(activity=a, actor=None, stakeholder_ids=[ana.pk])
    first, created = services.check_in(activity=a, stakeholder=ana, actor=cast.users["member"])
    again, created_again = services.check_in(activity=a, stakeholder=ana, actor=None)
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert not first.walk_in
    uninvited, _ = services.check_in(activity=a, stakeholder=ben, actor=None)
    assert uninvited.walk_in
    assert Attendance.objects.filter(activity=a).count() == 2
    events = EngagementEvent.objects.filter(activity=a, kind="attended")
    assert events.count() == 2
    assert {e.occurred_on for e in events} == {a.starts_on}


def test_a_future_activity_cannot_have_attendance(cast) -> None:
    a = activity(cast, on=TODAY + dt.timedelta(days=3))
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    with pytest.raises(services.FutureAttendanceError):
        services.check_in(activity=a, stakeholder=ana, actor=None)
    with pytest.raises(services.FutureAttendanceError):
        services.check_in_walk_in(activity=a, actor=None, name="Walker")
    assert not Attendance.objects.exists()
    assert not Stakeholder.objects.filter(name="Walker").exists()
    today = activity(cast, title="Today", on=TODAY)
    assert services.check_in(activity=today, stakeholder=ana, actor=None)[1]


def test_a_walk_in_joins_the_registry_and_is_checked_in_in_one_step(cast) -> None:
    a = activity(cast)
    family = cast.initiative.perspectives.get(key="family_youth")
    attendance = services.check_in_walk_in(
        activity=a, actor=cast.users["member"], name="  Dee Walker ", perspective=family
    )
    assert attendance.walk_in
    walker = attendance.stakeholder
    assert walker.name == "Dee Walker"
    assert walker.initiative == cast.initiative
    assert walker.perspective == family


def test_roles_are_noted_only_for_people_who_came(cast) -> None:
    a = activity(cast)
    ana, ben = (
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana"),
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ben"),
    )
    services.check_in(activity=a, stakeholder=ana, actor=None)
    new = services.record_roles(
        activity=a, actor=None, stakeholder_ids=[ana.pk, ben.pk], kind="led"
    )
    assert new == 1
    assert services.record_roles(activity=a, actor=None, stakeholder_ids=[ana.pk], kind="led") == 0
    assert EngagementEvent.objects.filter(kind="led").get().stakeholder == ana
    with pytest.raises(services.ActivityError):
        services.record_roles(activity=a, actor=None, stakeholder_ids=[ana.pk], kind="attended")


def test_keep_inviting_lists_important_people_who_declined_until_they_engage(cast) -> None:
    past, later = activity(cast, title="Past"), activity(cast, title="Later", on=TODAY)
    key = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Key Person", circle=Circle.KEY
    )
    affected = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Affected Parent", concern_affected=True
    )
    silent = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Silent Leader", circle=Circle.CORE
    )
    outer = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Outer Person", circle=Circle.DISSEMINATION
    )
    ids = [key.pk, affected.pk, silent.pk, outer.pk]
    services.invite(activity=past, actor=None, stakeholder_ids=ids)
    for s, status in ((key, "declined"), (affected, "no_reply"), (outer, "declined")):
        invitation = ActivityInvitation.objects.get(activity=past, stakeholder=s)
        services.set_invitation_status(invitation=invitation, status=status, actor=None)
    rows = reads.keep_inviting(cast.initiative)
    names = {r.stakeholder.name for r in rows}
    # Silent Leader is still "invited" after the date: that is never answering.
    assert names == {"Key Person", "Affected Parent", "Silent Leader"}
    declined = next(r for r in rows if r.stakeholder == key)
    assert declined.declined == 1
    assert declined.last_invited is not None
    services.check_in(activity=later, stakeholder=key, actor=None)
    names = {r.stakeholder.name for r in reads.keep_inviting(cast.initiative)}
    assert names == {"Affected Parent", "Silent Leader"}


def test_participation_compares_expected_and_actual_and_reuses_the_balance(cast) -> None:
    family = cast.initiative.perspectives.get(key="family_youth")
    state = cast.initiative.perspectives.get(key="state_agency")
    a = services.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={
            "title": "Meeting",
            "kind": "meeting",
            "starts_on": YESTERDAY,
            "audience_circles": ["key"],
        },
        expected_perspectives=[family, state],
    )
    people = [
        RegisteredStakeholderFactory(
            initiative=cast.initiative, name=f"State {i}", perspective=state, circle="key"
        )
        for i in range(3)
    ]
    services.invite(activity=a, actor=None, stakeholder_ids=[p.pk for p in people])
    for p in people:
        services.check_in(activity=a, stakeholder=p, actor=None)
    result = reads.activity_participation(a)
    rows = {r.key: r for r in result.perspectives}
    assert rows["family_youth"].expected
    assert rows["family_youth"].missing
    assert rows["state_agency"].attended == 3
    assert not rows["state_agency"].missing
    circles = {r.key: r for r in result.circles}
    assert circles["key"].expected
    assert circles["key"].attended == 3
    assert result.attended == 3
    assert result.invited == 3
    assert result.report.balance.people == 3
    assert "missing_family_youth" in {f.code for f in result.report.findings}


def test_participation_trend_gives_balance_and_family_share_oldest_first(cast) -> None:
    family = cast.initiative.perspectives.get(key="family_youth")
    state = cast.initiative.perspectives.get(key="state_agency")
    first = activity(cast, title="First", on=TODAY - dt.timedelta(days=30))
    second = activity(cast, title="Second", on=YESTERDAY)
    activity(cast, title="Nobody came", on=YESTERDAY)
    f1, s1 = (
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Fam", perspective=family),
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Sta", perspective=state),
    )
    services.check_in(activity=first, stakeholder=s1, actor=None)
    services.check_in(activity=second, stakeholder=s1, actor=None)
    services.check_in(activity=second, stakeholder=f1, actor=None)
    rows = reads.participation_trend(cast.initiative)
    assert [r.title for r in rows] == ["First", "Second"]
    assert rows[0].family_youth_share == 0.0
    assert rows[1].family_youth_share == 0.5
    assert rows[1].evenness is not None
    assert rows[0].evenness is not None
    assert rows[1].evenness > rows[0].evenness


def test_participation_trend_costs_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    state = cast.initiative.perspectives.get(key="state_agency")
    for i in range(5):
        a = activity(cast, title=f"A{i}")
        services.check_in(
            activity=a,
            stakeholder=RegisteredStakeholderFactory(
                initiative=cast.initiative, name=f"P{i}", perspective=state
            ),
            actor=None,
        )
    with django_assert_max_num_queries(3):
        assert len(reads.participation_trend(cast.initiative)) == 5


def test_quadrant_points_filter_by_year(cast) -> None:
    activity(cast, title="Old", on=dt.date(2024, 5, 1), formality="formal", learning="from")
    activity(cast, title="New", on=dt.date(2025, 5, 1), formality="informal", learning="with")
    assert [p.title for p in reads.quadrant_points(cast.initiative, year=2025)] == ["New"]
    assert len(reads.quadrant_points(cast.initiative)) == 2
    assert reads.activity_years(cast.initiative)[:2] == [2025, 2024]


def test_last_invited_counts_an_invitation_to_an_activity_still_to_come(cast) -> None:
    past, soon = (
        activity(cast, title="Past"),
        activity(cast, title="Soon", on=TODAY + dt.timedelta(days=9)),
    )
    key = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="Key Person", circle=Circle.KEY
    )
    services.invite(activity=past, actor=None, stakeholder_ids=[key.pk])
    services.set_invitation_status(
        invitation=ActivityInvitation.objects.get(activity=past), status="declined", actor=None
    )
    services.invite(activity=soon, actor=None, stakeholder_ids=[key.pk])
    [row] = reads.keep_inviting(cast.initiative)
    assert row.last_invited == ActivityInvitation.objects.get(activity=soon).invited_at
