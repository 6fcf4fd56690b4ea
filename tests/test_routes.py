"""Route inventory: every URL is classified, and each classification is checked for real.

Adding a route without classifying it here fails the suite. For each initiative route the
classification says, per method, the least role that may use it; the tests then show that
anonymous users are sent to log in (HTML) or get 401 (API), outsiders and members of another
initiative get 404, and roles below the classified one get 403.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from convener.accounts.models import ApiToken
from convener.initiatives import services
from convener.initiatives.roles import Role

PUBLIC = "public"  # anyone, no account
ACCOUNT = "account"  # any logged-in user, about their own account or initiatives list
INVITEE = "invitation token"  # reached through a secret invitation link
STAFF = "staff"  # Django admin, site operators only

RANK = {"viewer": 0, "member": 1, "convener": 2, "owner": 3}

# Initiative routes: method -> least role that may use it.
INITIATIVE_ROUTES: dict[str, dict[str, str]] = {
    "initiatives:home": {"GET": "viewer"},
    "initiatives:habit": {"GET": "viewer"},
    "initiatives:settings": {"GET": "convener", "POST": "convener"},
    "initiatives:archive": {"POST": "owner"},
    "initiatives:restore": {"POST": "owner"},
    "initiatives:perspectives": {"GET": "viewer", "POST": "convener"},
    "initiatives:perspective_edit": {"GET": "convener", "POST": "convener"},
    "initiatives:perspective_move": {"POST": "convener"},
    "initiatives:perspective_delete": {"POST": "convener"},
    "initiatives:team": {"GET": "viewer", "POST": "convener"},
    "initiatives:member_role": {"POST": "owner"},
    "initiatives:member_remove": {"POST": "owner"},  # leaving oneself is open to every role
    "initiatives:invitation_revoke": {"POST": "convener"},
}

OTHER_ROUTES: dict[str, str] = {
    "initiatives:landing": PUBLIC,
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "accounts:signup": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:tokens": ACCOUNT,
    "accounts:revoke_token": ACCOUNT,
    "initiatives:list": ACCOUNT,
    "initiatives:create": ACCOUNT,
    "initiatives:join": INVITEE,
    "initiatives:join_token": INVITEE,
}

NAMESPACE_CLASSES = {"admin": STAFF, "framework": PUBLIC, "api": "api"}

# API operations from the OpenAPI document: "METHOD path" -> least role, or PUBLIC / ACCOUNT.
API_ROUTES: dict[str, str] = {
    "GET /api/v1/framework/": PUBLIC,
    "GET /api/v1/framework/habits": PUBLIC,
    "GET /api/v1/framework/depth-levels": PUBLIC,
    "GET /api/v1/framework/rubric-rows": PUBLIC,
    "GET /api/v1/framework/tools": PUBLIC,
    "GET /api/v1/initiatives": ACCOUNT,
    "POST /api/v1/initiatives": ACCOUNT,
    "GET /api/v1/initiatives/{slug}": "viewer",
    "PATCH /api/v1/initiatives/{slug}": "convener",
    "POST /api/v1/initiatives/{slug}/archive": "owner",
    "POST /api/v1/initiatives/{slug}/restore": "owner",
    "GET /api/v1/initiatives/{slug}/perspectives": "viewer",
    "POST /api/v1/initiatives/{slug}/perspectives": "convener",
    "GET /api/v1/initiatives/{slug}/members": "viewer",
    "PATCH /api/v1/initiatives/{slug}/members/{member_id}": "owner",
    "DELETE /api/v1/initiatives/{slug}/members/{member_id}": "owner",
    "GET /api/v1/initiatives/{slug}/invitations": "convener",
    "POST /api/v1/initiatives/{slug}/invitations": "convener",
    "DELETE /api/v1/initiatives/{slug}/invitations/{invitation_id}": "convener",
}

API_BODIES = {
    "PATCH /api/v1/initiatives/{slug}": {"title": "Changed"},
    "POST /api/v1/initiatives/{slug}/perspectives": {"label": "Route check"},
    "PATCH /api/v1/initiatives/{slug}/members/{member_id}": {"role": "viewer"},
    "POST /api/v1/initiatives/{slug}/invitations": {"email": "route@example.org", "role": "viewer"},
}


def walk(patterns: list, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield (qualified name, route) for every URL pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(
                entry.url_patterns,
                f"{namespace}:{ns}".strip(":") if ns else namespace,
                prefix + str(entry.pattern),
            )
        elif isinstance(entry, URLPattern):
            name = (
                f"{namespace}:{entry.name}".strip(":") if entry.name else f"{namespace}:<unnamed>"
            )
            yield name, prefix + str(entry.pattern)


def classification(name: str) -> str | dict[str, str] | None:
    if name in INITIATIVE_ROUTES:
        return INITIATIVE_ROUTES[name]
    if name in OTHER_ROUTES:
        return OTHER_ROUTES[name]
    return NAMESPACE_CLASSES.get(name.split(":", 1)[0]) if ":" in name else None


def test_every_route_is_classified():
    unclassified = [
        f"{name} ({route})"
        for name, route in walk(get_resolver().url_patterns)
        if classification(name) is None
    ]
    assert unclassified == [], "Classify these routes in tests/test_routes.py: " + ", ".join(
        unclassified
    )


def test_every_api_operation_is_classified(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }
    assert sorted(operations - set(API_ROUTES)) == [], "Classify these API operations in API_ROUTES"
    assert sorted(set(API_ROUTES) - operations) == [], (
        "These classified API operations no longer exist"
    )


def _kwargs_for(initiative, pattern_route: str) -> dict[str, object]:
    invitation, _secret = services.invite_member(
        initiative=initiative,
        invited_by=initiative.memberships.get(role=Role.OWNER).user,
        inviter_role=Role.OWNER,
        email=f"kw{initiative.pk}-{len(pattern_route)}@example.org",
        role=Role.VIEWER,
    )
    values = {
        "slug": initiative.slug,
        "habit": "coalescing",
        "perspective_id": initiative.perspectives.first().pk,
        "member_id": initiative.memberships.get(role=Role.OWNER).pk,
        "invitation_id": invitation.pk,
    }
    names = re.findall(r"<(?:\w+:)?(\w+)>", pattern_route)
    return {n: values[n] for n in names}


def _initiative_urls(initiative):
    routes = dict(walk(get_resolver().url_patterns))
    for name, methods in INITIATIVE_ROUTES.items():
        yield name, reverse(name, kwargs=_kwargs_for(initiative, routes[name])), methods


def _call(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url)


def test_anonymous_is_sent_to_log_in_on_every_initiative_page(cast):
    client = cast.client("anonymous")
    for name, url, methods in _initiative_urls(cast.initiative):
        for method in methods:
            response = _call(client, method, url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(reverse("accounts:login")), (name, method)


@pytest.mark.parametrize("persona", ["owner", "convener", "member", "viewer"])
def test_members_of_one_initiative_get_404_on_every_page_of_another(cast, persona):
    client = cast.client(persona)
    for name, url, methods in _initiative_urls(cast.other):
        for method in methods:
            assert _call(client, method, url).status_code == 404, (persona, name, method)


@pytest.mark.parametrize("persona", ["member", "viewer", "convener"])
def test_roles_below_the_classified_one_get_403(cast, persona):
    client = cast.client(persona)
    for name, url, methods in _initiative_urls(cast.initiative):
        for method, least in methods.items():
            if RANK[persona] < RANK[least]:
                assert _call(client, method, url).status_code == 403, (persona, name, method)


def test_allowed_roles_can_read_every_initiative_page(cast):
    for name, url, methods in _initiative_urls(cast.initiative):
        if "GET" in methods:
            persona = methods["GET"]
            assert cast.client(persona).get(url).status_code == 200, (name, persona)


def _api_path(template: str, initiative) -> str:
    kwargs = _kwargs_for(initiative, template.replace("{", "<").replace("}", ">"))
    return re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), template)


def _api_call(token: str | None, operation: str, initiative):
    method, template = operation.split(" ", 1)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    path = _api_path(template, initiative)
    if method == "GET":
        return Client().get(path, headers=headers)
    body = json.dumps(API_BODIES.get(operation, {}))
    return getattr(Client(), method.lower())(
        path, data=body, content_type="application/json", headers=headers
    )


def test_api_without_a_token_is_401_except_public_operations(cast):
    for operation, least in API_ROUTES.items():
        response = _api_call(None, operation, cast.initiative)
        expected = 200 if least == PUBLIC else 401
        assert response.status_code == expected, operation


@pytest.mark.parametrize("persona", ["owner", "convener", "member", "viewer"])
def test_api_members_of_one_initiative_get_404_on_another(cast, persona):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    for operation, least in API_ROUTES.items():
        if least in RANK:
            response = _api_call(token, operation, cast.other)
            assert response.status_code == 404, (persona, operation)
            assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("persona", ["member", "viewer", "convener"])
def test_api_roles_below_the_classified_one_get_403(cast, persona):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    for operation, least in API_ROUTES.items():
        if least in RANK and RANK[persona] < RANK[least]:
            response = _api_call(token, operation, cast.initiative)
            assert response.status_code == 403, (persona, operation)
            assert response.json()["error"]["code"] == "forbidden"
