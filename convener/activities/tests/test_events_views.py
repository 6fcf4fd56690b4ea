"""The activities pages: logging, invitations, the door, roles, participation, quadrants."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    Attendance,
    EngagementEvent,
)
from convener.activities.services import events as services
from convener.stakeholders.models import Stakeholder
from tests.factories import RegisteredStakeholderFactory

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def url(cast, name, *args):
    return reverse(f"activities:{name}", args=[cast.initiative.slug, *args])


def make(cast, title="Regional workgroup", on=YESTERDAY, **fields) -> Activity:
    return services.create_activity(
        initiative=cast.initiative,
        actor=None,
        fields={"title": title, "kind": "regional_workgroup", "starts_on": on, **fields},
    )


def test_a_member_logs_an_activity_with_every_field(cast) -> None:
    family = cast.initiative.perspectives.get(key="family_youth")
    webinar = make(cast, title="Kick-off webinar", kind="webinar")
    response = cast.client("member").post(
        url(cast, "create"),
        {
            "title": "Story circle",
            "kind": "custom",
            "custom_kind": "Story circle",
            "starts_on": "2026-03-02",
            "place": "Library",
            "habit": "work_together",
            "intended_depth": "collaborating",
            "audience_circles": ["key", "extended"],
            "expected_perspectives": [family.pk],
            "formality": "informal",
            "learning": "with",
            "direction": "two_way",
        },
    )
    activity = Activity.objects.get(title="Story circle")
    assert response.status_code == 302
    assert response.url == url(cast, "detail", activity.pk)
    assert activity.audience_circles == ["key", "extended"]
    assert list(activity.expected_perspectives.all()) == [family]
    assert activity.created_by == cast.users["member"]
    # The webinar now leads into the story circle: the chain shows on both pages.
    cast.client("member").post(
        url(cast, "edit", webinar.pk),
        {
            "title": "Kick-off webinar",
            "kind": "webinar",
            "starts_on": "2026-02-20",
            "formality": "formal",
            "learning": "from",
            "direction": "one_way",
            "next_activity": activity.pk,
        },
    )
    page = cast.client("viewer").get(url(cast, "detail", activity.pk)).content.decode()
    assert "Hybrid chain" in page
    assert page.index("Kick-off webinar") < page.index('aria-current="page">Story circle')
    form = cast.client("member").get(url(cast, "create")).content.decode()
    assert '<option value="Story circle">' in form


def test_a_custom_type_without_a_name_is_refused(cast) -> None:
    response = cast.client("member").post(
        url(cast, "create"), {"title": "X", "kind": "custom", "starts_on": "2026-03-02"}
    )
    assert response.status_code == 200
    assert "Name the type of activity." in response.content.decode()
    assert not Activity.objects.filter(title="X").exists()


def test_the_list_splits_upcoming_and_past_and_filters(cast) -> None:
    make(cast, title="Past formal", formality="formal", learning="from")
    make(cast, title="Soon", on=TODAY + dt.timedelta(days=5), kind="webinar")
    page = cast.client("viewer").get(url(cast, "list")).content.decode()
    assert page.index("Soon") < page.index("Past formal")
    filtered = cast.client("viewer").get(url(cast, "list"), {"quadrant": "formal_from"})
    assert "Past formal" in filtered.content.decode()
    assert "Soon" not in filtered.content.decode()
    by_kind = cast.client("viewer").get(url(cast, "list"), {"kind": "webinar"}).content.decode()
    assert "Soon" in by_kind
    assert "Past formal" not in by_kind


def test_the_list_costs_the_same_queries_for_more_activities(
    cast, django_assert_max_num_queries
) -> None:
    client = cast.client("viewer")
    make(cast, title="One")
    client.get(url(cast, "list"))
    with django_assert_max_num_queries(12) as few:
        client.get(url(cast, "list"))
    for i in range(15):
        a = make(cast, title=f"More {i}")
        services.check_in(
            activity=a,
            stakeholder=RegisteredStakeholderFactory(initiative=cast.initiative, name=f"P{i}"),
            actor=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(cast, "list")).status_code == 200


def test_inviting_by_filter_and_recording_replies(cast) -> None:
    family = cast.initiative.perspectives.get(key="family_youth")
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana", perspective=family)
    RegisteredStakeholderFactory(initiative=cast.initiative, name="Ben")
    a = make(cast)
    page = cast.client("member").get(url(cast, "invite", a.pk), {"perspective": "family_youth"})
    html = page.content.decode()
    assert "Ana" in html
    assert "Ben" not in html
    cast.client("member").post(
        url(cast, "invite", a.pk), {"action": "invite", "stakeholders": [str(ana.pk)]}
    )
    invitation = ActivityInvitation.objects.get(activity=a)
    assert invitation.stakeholder == ana
    cast.client("member").post(
        url(cast, "invite", a.pk),
        {"action": "status", "invitation": invitation.pk, "status": "accepted"},
    )
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert EngagementEvent.objects.filter(kind="accepted", stakeholder=ana).exists()


def test_the_door_finds_checks_in_and_adds_walk_ins(cast) -> None:
    ana, ben = (
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana Ruiz"),
        RegisteredStakeholderFactory(initiative=cast.initiative, name="Ben Okafor"),
    )
    a = make(cast)
    services.invite(activity=a, actor=None, stakeholder_ids=[ana.pk, ben.pk])
    client = cast.client("member")
    found = client.get(url(cast, "checkin", a.pk), {"q": "ruiz"}).content.decode()
    assert "Ana Ruiz" in found
    assert 'Check in<span class="visually-hidden"> Ana Ruiz' in found
    client.post(url(cast, "checkin", a.pk), {"action": "one", "stakeholder": ana.pk})
    again = client.post(
        url(cast, "checkin", a.pk), {"action": "one", "stakeholder": ana.pk}, follow=True
    )
    assert "Ana Ruiz was already checked in." in again.content.decode()
    client.post(url(cast, "checkin", a.pk), {"action": "many", "stakeholders": [ben.pk]})
    client.post(
        url(cast, "checkin", a.pk),
        {"action": "walk_in", "walk_in-name": "Dee Walker", "walk_in-perspective": ""},
    )
    rows = Attendance.objects.filter(activity=a)
    assert rows.count() == 3
    assert rows.get(stakeholder__name="Dee Walker").walk_in
    assert not rows.get(stakeholder=ana).walk_in


def test_a_walk_in_with_a_name_already_in_the_registry_is_offered_as_this_person(cast) -> None:
    """Issue 16, break 5: no second Guadalupe Reyes, no attendance counted twice."""
    lupe = RegisteredStakeholderFactory(initiative=cast.initiative, name="Guadalupe Reyes")
    a = make(cast)
    client = cast.client("member")
    checkin = url(cast, "checkin", a.pk)
    client.post(checkin, {"action": "one", "stakeholder": lupe.pk})
    offered = client.post(checkin, {"action": "walk_in", "walk_in-name": "guadalupe  REYES."})
    page = offered.content.decode()
    assert offered.status_code == 200
    assert "Is this the person?" in page
    assert "Someone in the registry may already be guadalupe  REYES." in page
    assert Stakeholder.objects.filter(name__iexact="guadalupe reyes").count() == 1
    assert Attendance.objects.filter(activity=a).count() == 1
    # Someone else with the same name: the convener says so, and only then is a record added.
    client.post(
        checkin,
        {"action": "walk_in", "walk_in-name": "Guadalupe Reyes", "confirmed_new": "1"},
    )
    assert Stakeholder.objects.filter(name="Guadalupe Reyes").count() == 2
    assert Attendance.objects.filter(activity=a).count() == 2


def test_choosing_the_offered_person_checks_them_in_without_a_new_record(cast) -> None:
    ana = RegisteredStakeholderFactory(
        initiative=cast.initiative, name="María López", email="maria@example.org"
    )
    a = make(cast)
    client = cast.client("member")
    checkin = url(cast, "checkin", a.pk)
    offered = client.post(
        checkin,
        {"action": "walk_in", "walk_in-name": "M. Lopez", "walk_in-email": "MARIA@example.org"},
    ).content.decode()
    assert f'name="stakeholder" value="{ana.pk}"' in offered
    client.post(checkin, {"action": "one", "stakeholder": ana.pk})
    assert list(Attendance.objects.filter(activity=a).values_list("stakeholder", flat=True)) == [
        ana.pk
    ]
    assert Stakeholder.objects.count() == 1


def test_a_walk_in_without_a_name_shows_the_error(cast) -> None:
    a = make(cast)
    response = cast.client("member").post(
        url(cast, "checkin", a.pk), {"action": "walk_in", "walk_in-name": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_the_door_refuses_a_future_activity_with_a_clear_message(cast) -> None:
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    a = make(cast, on=TODAY + dt.timedelta(days=7))
    page = cast.client("member").get(url(cast, "checkin", a.pk)).content.decode()
    assert "attendance can be recorded from that day on" in page
    response = cast.client("member").post(
        url(cast, "checkin", a.pk), {"action": "one", "stakeholder": ana.pk}, follow=True
    )
    assert "attendance can be recorded from that day on" in response.content.decode()
    assert not Attendance.objects.exists()


def test_noting_who_co_led_from_the_activity_page(cast) -> None:
    ana = RegisteredStakeholderFactory(initiative=cast.initiative, name="Ana")
    a = make(cast)
    services.check_in(activity=a, stakeholder=ana, actor=None)
    page = cast.client("member").get(url(cast, "detail", a.pk)).content.decode()
    assert "Note who presented, co-led or contributed" in page
    response = cast.client("member").post(
        url(cast, "roles", a.pk), {"roles-kind": "led", "roles-stakeholders": [ana.pk]}
    )
    assert response.status_code == 302
    assert EngagementEvent.objects.filter(kind="led", stakeholder=ana, activity=a).exists()
    page = cast.client("viewer").get(url(cast, "detail", a.pk)).content.decode()
    assert "Led or co-led an activity" in page
    assert "Note who presented" not in page


def test_participation_and_trend_pages_show_the_balance(cast) -> None:
    family = cast.initiative.perspectives.get(key="family_youth")
    a = make(cast)
    a.expected_perspectives.set([family])
    services.check_in(
        activity=a,
        stakeholder=RegisteredStakeholderFactory(initiative=cast.initiative, name="Sta"),
        actor=None,
    )
    page = cast.client("viewer").get(url(cast, "participation", a.pk)).content.decode()
    assert "expected but absent" in page
    assert "Balance index" in page
    trend = cast.client("viewer").get(url(cast, "participation_trend")).content.decode()
    assert 'role="img"' in trend
    assert "<caption>Balance index and family/youth share by activity</caption>" in trend


def test_keep_inviting_page_lists_who_declined(cast) -> None:
    key = RegisteredStakeholderFactory(initiative=cast.initiative, name="Key Person", circle="key")
    a = make(cast)
    services.invite(activity=a, actor=None, stakeholder_ids=[key.pk])
    invitation = ActivityInvitation.objects.get()
    services.set_invitation_status(invitation=invitation, status="declined", actor=None)
    page = cast.client("viewer").get(url(cast, "keep_inviting")).content.decode()
    assert "Key Person" in page


def test_the_quadrant_page_states_the_dominant_share_and_lists_activities(cast) -> None:
    for i in range(4):
        make(cast, title=f"Formal {i}", on=dt.date(2025, 3, 1), formality="formal", learning="from")
    make(cast, title="Kitchen table", on=dt.date(2025, 6, 1), formality="informal", learning="with")
    make(cast, title="Older", on=dt.date(2024, 6, 1), formality="informal", learning="with")
    page = cast.client("viewer").get(url(cast, "quadrants"), {"year": "2025"}).content.decode()
    assert "80% sit in Formal / Learning from." in page
    assert 'role="img"' in page
    assert "List view: activities by quadrant" in page
    assert "Kitchen table" in page
    assert "Older" not in page
    assert "2025 Q1" in page


def test_deleting_needs_a_convener(cast) -> None:
    a = make(cast)
    assert cast.client("member").post(url(cast, "delete", a.pk)).status_code == 403
    assert cast.client("convener").post(url(cast, "delete", a.pk)).status_code == 302
    assert not Activity.objects.filter(pk=a.pk).exists()


def test_outsiders_get_404_and_viewers_cannot_check_in(cast) -> None:
    a = make(cast)
    assert cast.client("outsider").get(url(cast, "detail", a.pk)).status_code == 404
    assert cast.client("viewer").get(url(cast, "checkin", a.pk)).status_code == 403
    other = services.create_activity(
        initiative=cast.other,
        actor=None,
        fields={"title": "O", "kind": "meeting", "starts_on": TODAY},
    )
    assert cast.client("member").get(url(cast, "detail", other.pk)).status_code == 404


def test_the_participation_page_costs_the_same_queries_for_more_people(
    cast, django_assert_max_num_queries
) -> None:
    client = cast.client("viewer")
    a = make(cast)
    services.check_in(
        activity=a,
        stakeholder=RegisteredStakeholderFactory(initiative=cast.initiative, name="First"),
        actor=None,
    )
    page = url(cast, "participation", a.pk)
    client.get(page)
    with django_assert_max_num_queries(20) as few:
        client.get(page)
    for i in range(20):
        services.check_in(
            activity=a,
            stakeholder=RegisteredStakeholderFactory(initiative=cast.initiative, name=f"P{i}"),
            actor=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page).status_code == 200
