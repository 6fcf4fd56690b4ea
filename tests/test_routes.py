"""Route inventory: every URL is classified, and each classification is checked for real.

Each app declares ``route_access`` in its ``urls.py`` and ``api_access`` in its ``api.py``
(see ``convener.core.routes``); values for URL parameters come from the app's
``tests/route_fixtures.py``. A route without a class fails the suite. For initiative routes
the class says, per method, the least role that may use it; the tests then show that anonymous
users are sent to log in (HTML) or get 401 (API), members of another initiative get 404, and
roles below the classified one get 403.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from convener.accounts.models import ApiToken
from convener.core.routes import PUBLIC, ROLE_RANK, STAFF
from convener.initiatives.models import Initiative


def walk(patterns: list, module: Any, namespace: str = "") -> Iterator[tuple[str, str, Any, str]]:
    """Yield (qualified name, route, the urls module that declares it, bare name)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            inner = entry.urlconf_module if isinstance(entry.urlconf_module, ModuleType) else None
            for name, route, mod, bare in walk(entry.url_patterns, inner, ns):
                yield name, str(entry.pattern) + route, mod, bare
        elif isinstance(entry, URLPattern):
            bare = entry.name or "<unnamed>"
            yield f"{namespace}:{bare}".strip(":"), str(entry.pattern), module, bare


def all_routes() -> list[tuple[str, str, Any]]:
    """Return (qualified name, route, class or None) for every HTML route."""
    root = importlib.import_module("convener.urls")
    found = []
    for name, route, module, bare in walk(get_resolver().url_patterns, root):
        top = name.split(":", 1)[0] if ":" in name else ""
        if top == "admin":
            access: Any = STAFF
        elif top == "api":
            access = "api"  # classified per operation in api_access, checked below
        else:
            access = getattr(module, "route_access", {}).get(bare)
        found.append((name, route, access))
    return found


def api_access() -> tuple[dict[str, Any], dict[str, dict[str, object]]]:
    access: dict[str, Any] = {}
    bodies: dict[str, dict[str, object]] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("convener."):
            try:
                module = importlib.import_module(f"{config.name}.api")
            except ModuleNotFoundError:
                continue
            access.update(getattr(module, "api_access", {}))
            bodies.update(getattr(module, "api_sample_bodies", {}))
    return access, bodies


def route_kwargs(initiative: Initiative) -> dict[str, object]:
    """Gather URL parameter values from every app's tests/route_fixtures.py."""
    values: dict[str, object] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("convener."):
            try:
                module = importlib.import_module(f"{config.name}.tests.route_fixtures")
            except ModuleNotFoundError:
                continue
            values.update(module.route_kwargs(initiative))
    return values


def test_every_route_is_classified():
    unclassified = [f"{name} ({route})" for name, route, access in all_routes() if access is None]
    assert unclassified == [], "Add these to route_access in their urls.py: " + ", ".join(
        unclassified
    )


def test_every_api_operation_is_classified(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = {f"{m.upper()} {path}" for path, item in document["paths"].items() for m in item}
    declared, _bodies = api_access()
    assert sorted(operations - set(declared)) == [], "Add these to api_access in their api.py"
    assert sorted(set(declared) - operations) == [], "These classified operations no longer exist"


def _initiative_urls(initiative: Initiative) -> Iterator[tuple[str, str, dict[str, str]]]:
    values = route_kwargs(initiative)
    for name, route, access in all_routes():
        if isinstance(access, dict):
            params = re.findall(r"<(?:\w+:)?(\w+)>", route)
            yield name, reverse(name, kwargs={p: values[p] for p in params}), access


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
            if ROLE_RANK[persona] < ROLE_RANK[least]:
                assert _call(client, method, url).status_code == 403, (persona, name, method)


def test_allowed_roles_can_read_every_initiative_page(cast):
    for name, url, methods in _initiative_urls(cast.initiative):
        if "GET" in methods:
            persona = methods["GET"]
            assert cast.client(persona).get(url).status_code == 200, (name, persona)


def _api_call(token: str | None, operation: str, initiative: Initiative):
    method, template = operation.split(" ", 1)
    values = route_kwargs(initiative)
    path = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "GET":
        return Client().get(path, headers=headers)
    _declared, bodies = api_access()
    body = json.dumps(bodies.get(operation, {}))
    return getattr(Client(), method.lower())(
        path, data=body, content_type="application/json", headers=headers
    )


def test_api_without_a_token_is_401_except_public_operations(cast):
    declared, _bodies = api_access()
    for operation, least in declared.items():
        response = _api_call(None, operation, cast.initiative)
        expected = 200 if least == PUBLIC else 401
        assert response.status_code == expected, operation


@pytest.mark.parametrize("persona", ["owner", "convener", "member", "viewer"])
def test_api_members_of_one_initiative_get_404_on_another(cast, persona):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    declared, _bodies = api_access()
    for operation, least in declared.items():
        if least in ROLE_RANK:
            response = _api_call(token, operation, cast.other)
            assert response.status_code == 404, (persona, operation)
            assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("persona", ["member", "viewer", "convener"])
def test_api_roles_below_the_classified_one_get_403(cast, persona):
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    declared, _bodies = api_access()
    for operation, least in declared.items():
        if least in ROLE_RANK and ROLE_RANK[persona] < ROLE_RANK[least]:
            response = _api_call(token, operation, cast.initiative)
            assert response.status_code == 403, (persona, operation)
            assert response.json()["error"]["code"] == "forbidden"
