import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from convener.initiatives.models import Initiative, Invitation, Membership
from convener.initiatives.roles import Role
from tests.factories import PASSWORD, UserFactory


def test_initiative_list_shows_only_my_initiatives(cast):
    response = cast.client("member").get(reverse("initiatives:list"))
    assert response.status_code == 200
    assert escape(cast.initiative.title) in response.content.decode()
    assert escape(cast.other.title) not in response.content.decode()


def test_anonymous_is_sent_to_login(cast):
    response = cast.client("anonymous").get(
        reverse("initiatives:home", args=[cast.initiative.slug])
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_initiative_home_shows_the_framework_navigation(cast):
    response = cast.client("viewer").get(reverse("initiatives:home", args=[cast.initiative.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    for habit in ("coalescing", "participation", "work_together", "bringing_together"):
        assert reverse("initiatives:habit", args=[cast.initiative.slug, habit]) in html
    assert "Coalescing around issues" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    "habit", ["coalescing", "participation", "work_together", "bringing_together"]
)
def test_each_habit_page_renders_for_a_viewer(cast, habit):
    response = cast.client("viewer").get(
        reverse("initiatives:habit", args=[cast.initiative.slug, habit])
    )
    assert response.status_code == 200


def test_unknown_habit_is_404(cast):
    response = cast.client("owner").get(
        reverse("initiatives:habit", args=[cast.initiative.slug, "nope"])
    )
    assert response.status_code == 404


def test_creating_an_initiative_through_the_form(cast):
    client = cast.client("member")
    response = client.post(
        reverse("initiatives:create"),
        {
            "title": "Youth voice",
            "issue": "Youth are not heard.",
            "practice_problem": "",
            "start_date": "2026-02-01",
        },
    )
    initiative = Initiative.objects.get(title="Youth voice")
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:home", args=[initiative.slug])
    assert Membership.objects.get(initiative=initiative).user == cast.users["member"]


def test_a_malformed_form_shows_field_errors_and_keeps_what_was_typed(cast):
    response = cast.client("owner").post(
        reverse("initiatives:create"),
        {"title": "Keep this title", "issue": "", "start_date": "not a date"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Keep this title"' in html
    assert "This field is required." in html
    assert "Enter a valid date." in html
    assert 'aria-invalid="true"' in html
    assert not Initiative.objects.filter(title="Keep this title").exists()


def test_settings_are_for_conveners_not_members(cast):
    url = reverse("initiatives:settings", args=[cast.initiative.slug])
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404
    response = cast.client("convener").post(
        url,
        {
            "title": "Renamed",
            "issue": "Same issue",
            "practice_problem": "",
            "start_date": "2026-01-15",
        },
    )
    assert response.status_code == 302
    cast.initiative.refresh_from_db()
    assert cast.initiative.title == "Renamed"


def test_owner_archives_and_restores(cast):
    client = cast.client("owner")
    slug = cast.initiative.slug
    assert (
        cast.client("convener").post(reverse("initiatives:archive", args=[slug])).status_code == 403
    )
    client.post(reverse("initiatives:archive", args=[slug]))
    cast.initiative.refresh_from_db()
    assert cast.initiative.is_archived
    assert client.get(reverse("initiatives:settings", args=[slug])).status_code == 403
    client.post(reverse("initiatives:restore", args=[slug]))
    cast.initiative.refresh_from_db()
    assert not cast.initiative.is_archived


def _invite(client, slug, email, role):
    return client.post(reverse("initiatives:team", args=[slug]), {"email": email, "role": role})


def test_invitation_round_trip_gives_the_colleague_exactly_the_role(
    cast, django_capture_on_commit_callbacks
):
    slug = cast.initiative.slug
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(cast.client("owner"), slug, "colleague@example.org", Role.VIEWER)
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/join/" in line)
    path = link[link.index("/join/") :]

    colleague = UserFactory(email="colleague@example.org")
    from django.test import Client

    client = Client()
    # The secret link is swapped for a session entry: the address bar no longer holds it.
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:join")
    page = client.get(reverse("initiatives:join"))
    assert "Viewer" in page.content.decode()
    # Not logged in: accepting asks to log in first, and the invitation waits.
    assert client.post(reverse("initiatives:join"))["Location"].startswith(
        reverse("accounts:login")
    )
    client.post(reverse("accounts:login"), {"username": colleague.email, "password": PASSWORD})
    response = client.post(reverse("initiatives:join"))
    assert response["Location"] == reverse("initiatives:home", args=[slug])
    assert Membership.objects.get(initiative=cast.initiative, user=colleague).role == Role.VIEWER
    # A viewer cannot change settings or invite.
    assert client.get(reverse("initiatives:settings", args=[slug])).status_code == 403
    assert _invite(client, slug, "x@example.org", Role.VIEWER).status_code == 403


def test_reused_invitation_says_so_plainly(cast, django_capture_on_commit_callbacks):
    from convener.initiatives import services

    invitation, secret = services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="once@example.org",
        role=Role.MEMBER,
    )
    services.accept_invitation(invitation=invitation, user=UserFactory())
    client = cast.client("outsider")
    client.get(reverse("initiatives:join_token", args=[secret]))
    response = client.get(reverse("initiatives:join"))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_expired_invitation_says_so_plainly(cast):
    from convener.initiatives import services

    invitation, secret = services.invite_member(
        initiative=cast.initiative,
        invited_by=cast.users["owner"],
        inviter_role=Role.OWNER,
        email="late@example.org",
        role=Role.MEMBER,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    client = cast.client("outsider")
    client.get(reverse("initiatives:join_token", args=[secret]))
    response = client.post(reverse("initiatives:join"))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(
        initiative=cast.initiative, user=cast.users["outsider"]
    ).exists()


def test_unknown_invitation_token_gets_a_neutral_page(cast):
    client = cast.client("anonymous")
    client.get(reverse("initiatives:join_token", args=["not-a-real-token"]))
    response = client.get(reverse("initiatives:join"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_convener_cannot_invite_an_owner_through_the_form(cast):
    response = _invite(
        cast.client("convener"), cast.initiative.slug, "boss@example.org", Role.OWNER
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.filter(email="boss@example.org").exists()


def test_owner_changes_a_role_and_removes_a_member(cast):
    client = cast.client("owner")
    slug = cast.initiative.slug
    member = cast.membership("member")
    client.post(reverse("initiatives:member_role", args=[slug, member.pk]), {"role": Role.CONVENER})
    member.refresh_from_db()
    assert member.role == Role.CONVENER
    client.post(reverse("initiatives:member_remove", args=[slug, member.pk]))
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_the_last_owner_is_told_why_they_cannot_leave(cast):
    client = cast.client("owner")
    slug = cast.initiative.slug
    response = client.post(
        reverse("initiatives:member_remove", args=[slug, cast.membership("owner").pk]), follow=True
    )
    assert "needs at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=cast.membership("owner").pk).exists()


def test_anyone_may_leave(cast):
    client = cast.client("viewer")
    response = client.post(
        reverse(
            "initiatives:member_remove", args=[cast.initiative.slug, cast.membership("viewer").pk]
        )
    )
    assert response["Location"] == reverse("initiatives:list")
    assert not Membership.objects.filter(
        initiative=cast.initiative, user=cast.users["viewer"]
    ).exists()


def test_member_cannot_remove_someone_else(cast):
    response = cast.client("member").post(
        reverse(
            "initiatives:member_remove", args=[cast.initiative.slug, cast.membership("viewer").pk]
        )
    )
    assert response.status_code == 403


def test_perspective_taxonomy_is_editable_by_conveners(cast):
    client = cast.client("convener")
    slug = cast.initiative.slug
    client.post(reverse("initiatives:perspectives", args=[slug]), {"label": "Tribal nations"})
    perspective = cast.initiative.perspectives.get(label="Tribal nations")
    client.post(
        reverse("initiatives:perspective_edit", args=[slug, perspective.pk]),
        {"label": "Tribal governments"},
    )
    perspective.refresh_from_db()
    assert perspective.label == "Tribal governments"
    duplicate = client.post(
        reverse("initiatives:perspectives", args=[slug]), {"label": "tribal governments"}
    )
    assert "already has that perspective" in duplicate.content.decode()
    client.post(reverse("initiatives:perspective_delete", args=[slug, perspective.pk]))
    assert not cast.initiative.perspectives.filter(pk=perspective.pk).exists()
    assert (
        cast.client("member")
        .post(reverse("initiatives:perspectives", args=[slug]), {"label": "X"})
        .status_code
        == 403
    )


def test_the_settings_page_sets_the_initiatives_time_zone(cast):
    client = cast.client("convener")
    url = f"/i/{cast.initiative.slug}/settings/"
    page = client.get(url)
    assert 'value="America/New_York"' in page.content.decode()
    client.post(
        url,
        {
            "title": cast.initiative.title,
            "issue": cast.initiative.issue,
            "practice_problem": "",
            "start_date": cast.initiative.start_date.isoformat(),
            "time_zone": "America/New_York",
        },
    )
    cast.initiative.refresh_from_db()
    assert cast.initiative.time_zone == "America/New_York"


def test_a_perspective_target_that_breaks_the_mix_is_refused_with_the_total(cast):
    perspectives = list(cast.initiative.perspectives.all())
    for p, target in zip(perspectives, [60, 30], strict=False):
        p.target_percent = target
        p.save()
    client = cast.client("convener")
    page = client.post(
        f"/i/{cast.initiative.slug}/perspectives/",
        {"label": "Grandparents", "target_percent": 20},
    )
    assert "110%" in page.content.decode()
    assert not cast.initiative.perspectives.filter(label="Grandparents").exists()


def test_the_api_refuses_targets_over_100_percent(cast):
    from convener.accounts.models import ApiToken

    for p, target in zip(cast.initiative.perspectives.all(), [60, 30], strict=False):
        p.target_percent = target
        p.save()
    token = ApiToken.issue(user=cast.users["convener"], name="t")[1]
    response = cast.client("anonymous").post(
        f"/api/v1/initiatives/{cast.initiative.slug}/perspectives",
        data={"label": "Grandparents", "target_percent": 20},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert "110%" in response.json()["error"]["message"]
    assert not cast.initiative.perspectives.filter(label="Grandparents").exists()
