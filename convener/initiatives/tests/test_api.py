import json

import pytest
from django.test import Client

from convener.accounts.models import ApiToken
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role


@pytest.fixture
def api(cast):
    """Return a function making API calls as a persona, with a bearer token."""
    tokens = {}

    def call(persona, method, path, body=None):
        client = Client()
        headers = {}
        if persona != "anonymous":
            if persona not in tokens:
                tokens[persona] = ApiToken.issue(user=cast.users[persona], name="test")[1]
            headers["Authorization"] = f"Bearer {tokens[persona]}"
        kwargs = (
            {"content_type": "application/json", "data": json.dumps(body)}
            if body is not None
            else {}
        )
        return getattr(client, method)(f"/api/v1{path}", headers=headers, **kwargs)

    return call


def test_without_a_token_the_api_answers_401_in_the_error_shape(api):
    response = api("anonymous", "get", "/initiatives")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_wrong_token_is_401(cast):
    response = Client().get("/api/v1/initiatives", headers={"Authorization": "Bearer cvn_wrong"})
    assert response.status_code == 401


def test_list_shows_my_initiatives_with_my_role(api, cast):
    body = api("viewer", "get", "/initiatives").json()
    assert [(i["slug"], i["role"]) for i in body] == [(cast.initiative.slug, "viewer")]
    assert body[0]["perspectives"][0] == {
        "key": "family_youth",
        "label": "Family/Youth",
        "is_family_youth": True,
        "target_percent": None,
    }


def test_create_then_read_an_initiative(api, cast):
    response = api(
        "member",
        "post",
        "/initiatives",
        {"title": "Youth voice", "issue": "Youth are missing.", "start_date": "2026-05-01"},
    )
    assert response.status_code == 201
    slug = response.json()["slug"]
    assert response.json()["role"] == "owner"
    assert api("member", "get", f"/initiatives/{slug}").json()["title"] == "Youth voice"
    assert Membership.objects.get(initiative__slug=slug).role == Role.OWNER


def test_validation_errors_name_the_fields(api):
    response = api("member", "post", "/initiatives", {"title": "", "start_date": "tomorrow"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"title", "issue", "start_date"} <= set(error["fields"])
    assert not Initiative.objects.filter(title="").exists()


def test_patch_needs_a_convener(api, cast):
    path = f"/initiatives/{cast.initiative.slug}"
    assert api("member", "patch", path, {"title": "X"}).status_code == 403
    response = api("convener", "patch", path, {"title": "Renamed"})
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"


def test_outsider_gets_404_in_the_error_shape(api, cast):
    response = api("outsider", "get", f"/initiatives/{cast.initiative.slug}")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_team_management_through_the_api(
    api, cast, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://convener.example.org"
    slug = cast.initiative.slug
    with django_capture_on_commit_callbacks(execute=True):
        response = api(
            "convener",
            "post",
            f"/initiatives/{slug}/invitations",
            {"email": "new@example.org", "role": "viewer"},
        )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert "token" not in response.json()
    assert mailoutbox[0].to == ["new@example.org"]
    # The link is built from the one configured site address, as in the web invitation.
    assert "https://convener.example.org/join/" in mailoutbox[0].body
    assert mailoutbox[0].reply_to == ["convener@example.org"]
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    assert (
        api(
            "convener",
            "post",
            f"/initiatives/{slug}/invitations",
            {"email": "o@example.org", "role": "owner"},
        ).status_code
        == 409
    )

    members = api("viewer", "get", f"/initiatives/{slug}/members").json()
    member_id = next(m["id"] for m in members if m["email"] == "member@example.org")
    assert (
        api(
            "convener", "patch", f"/initiatives/{slug}/members/{member_id}", {"role": "viewer"}
        ).status_code
        == 403
    )
    assert (
        api(
            "owner", "patch", f"/initiatives/{slug}/members/{member_id}", {"role": "viewer"}
        ).json()["role"]
        == "viewer"
    )
    assert api("owner", "delete", f"/initiatives/{slug}/members/{member_id}").status_code == 204

    owner_id = cast.membership("owner").pk
    conflict = api("owner", "delete", f"/initiatives/{slug}/members/{owner_id}")
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "last_owner"


def test_perspectives_through_the_api(api, cast):
    slug = cast.initiative.slug
    created = api(
        "convener", "post", f"/initiatives/{slug}/perspectives", {"label": "Tribal nations"}
    )
    assert created.status_code == 201
    assert created.json()["key"] == "tribal_nations"
    assert (
        api(
            "convener", "post", f"/initiatives/{slug}/perspectives", {"label": "tribal nations"}
        ).status_code
        == 409
    )
    assert (
        api("viewer", "post", f"/initiatives/{slug}/perspectives", {"label": "Y"}).status_code
        == 403
    )
    keys = [p["key"] for p in api("viewer", "get", f"/initiatives/{slug}/perspectives").json()]
    assert keys[-1] == "tribal_nations"


def test_openapi_document_describes_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/initiatives" in document["paths"]
    assert "/api/v1/initiatives/{slug}/invitations" in document["paths"]
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
