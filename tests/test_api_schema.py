"""Schemathesis over the whole OpenAPI document: no server errors, every response as documented.

Each operation is called with cases generated from its schema, as an owner (bearer token) of
an initiative whose real slug and ids fill the path parameters, so the calls reach the code
behind the permission checks rather than stopping at 404. Generated bodies and query strings
stay random. Runs in make test; keep it under a minute (few examples, no coverage phase).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from ninja import Schema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from convener.accounts.models import ApiToken
from convener.api import api
from convener.wsgi import application
from tests.test_routes import route_kwargs

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Built from the document the app serves at /api/v1/openapi.json and called in-process through
# the WSGI app. (schemathesis.pytest.from_fixture does not work with pytest 9: it reads a
# private attribute pytest no longer has.)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(),
    config=schemathesis.Config.from_dict(
        {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
    ),
)
schema.app = application


@schema.parametrize()
@hypothesis_settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_operation_has_no_server_error_and_matches_its_schema(case, cast, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis calls as localhost
    token = ApiToken.issue(user=cast.users["owner"], name="schemathesis")[1]
    values = route_kwargs(cast.initiative)
    for name in list(case.path_parameters or {}):
        if name in values:
            case.path_parameters[name] = values[name]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


def _api_schemas() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("convener."):
            found[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def test_no_two_api_schemas_share_a_name():
    # The OpenAPI document names each schema by its class name: two classes with one name
    # silently become one, and responses then break the document.
    shared = {name: sorted(where) for name, where in _api_schemas().items() if len(where) > 1}
    assert shared == {}, "Rename one of each pair (e.g. TeamInvitationOut)"


def test_every_integer_parameter_carries_its_bounds_so_the_fuzzer_tries_the_edges():
    """Issue 15, finding 9: a parameter without bounds hid a 500 at year=0."""
    document = api.get_openapi_schema()
    unbounded = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                found = parameter.get("schema", {})
                choices = found.get("anyOf", [found])
                for choice in choices:
                    if choice.get("type") == "integer" and not (
                        "minimum" in choice and "maximum" in choice
                    ):
                        unbounded.append(f"{method.upper()} {path} {parameter['name']}")
    assert unbounded == []


@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999999"])
def test_a_year_out_of_range_is_422_not_500(cast, year):
    token = ApiToken.issue(user=cast.users["owner"], name="t")[1]
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(
        f"/api/v1/initiatives/{cast.initiative.slug}/quadrants", {"year": year}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
