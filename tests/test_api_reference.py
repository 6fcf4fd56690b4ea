"""The API reference is a page of the app: every operation, no script or address from outside."""

import re

from django.test import Client
from django.urls import reverse

from convener.api import api


def test_reference_lists_every_operation_and_loads_nothing_from_outside(db):
    response = Client().get(reverse("api_reference"))
    assert response.status_code == 200
    html = response.content.decode()
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in html
    # No external address anywhere: no CDN script, style, font or image.
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "cdn" not in html.lower()
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "http" not in csp


def test_reference_says_how_to_authenticate_and_links_tokens_when_signed_in(db, cast):
    html = cast.client("member").get(reverse("api_reference")).content.decode()
    assert "Authorization: Bearer &lt;token&gt;" in html
    assert reverse("accounts:tokens") in html
    assert reverse("api:openapi-json") in html


def test_reference_shows_parameters_and_schemas():
    from convener.api_reference import reference, type_label

    ref = reference()
    assert type_label({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string or null"
    assert type_label({"type": "array", "items": {"$ref": "#/components/schemas/X"}}) == "list of X"
    rubric = next(
        op
        for group in ref["groups"]
        for op in group.operations
        if op.path.endswith("/framework/rubric-rows")
    )
    assert [p.name for p in rubric.parameters] == ["lang", "habit"]
    assert rubric.auth == []
    assert any(schema.name == "ErrorOut" for schema in ref["schemas"])
