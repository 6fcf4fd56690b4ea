"""Shared pieces of the JSON API: bearer authentication and the one error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from convener.core.errors import error_body


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    """Every API error has this shape."""

    error: ErrorDetail


class ApiError(Exception):
    """Raise from an endpoint to answer with the shared error shape."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
    ):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


def _field_name(loc: list[Any]) -> str:
    # ninja locations look like ["body", "payload", "name"]; keep the part people wrote.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "__all__"


# The largest id a database stores (a signed 64-bit integer); larger ones answer 422 (below).
MAX_ID = 2**63 - 1


def document_parameter_bounds(schema: dict[str, Any]) -> dict[str, Any]:
    """Give every integer path parameter (a record id) its real bounds, 1 … ``MAX_ID``.

    Ids are plain ``int`` in the endpoints' signatures; the document says what the server
    accepts, so that the schema fuzzer tries the edges. Query parameters carry their bounds in
    their own schemas (``Field(ge=…, le=…)``); tests/test_api_schema.py checks that all do.
    """
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                found = parameter.get("schema", {})
                if parameter.get("in") == "path" and found.get("type") == "integer":
                    found.setdefault("minimum", 1)
                    found.setdefault("maximum", MAX_ID)
    return schema


ERROR_REF = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}


def document_shared_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the errors any operation can answer with to each operation in an OpenAPI document.

    Whatever an endpoint declares, a body that is not JSON gets 400, a missing token 401 and a
    bad parameter 422, all in the ``ErrorOut`` shape (found by tests/test_api_schema.py).
    """
    if "ErrorOut" not in schema.get("components", {}).get("schemas", {}):
        return schema
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            shared = {"422": "Invalid parameters or body"}
            if "requestBody" in operation:
                shared["400"] = "The body is not valid JSON"
            if operation.get("security"):
                shared["401"] = "No valid bearer token"
            for status, description in shared.items():
                responses.setdefault(status, {"description": description, **ERROR_REF})
    return schema


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every failure of ``api`` answer with ``ErrorOut``, and document those answers."""
    build_schema = api.get_openapi_schema

    def get_openapi_schema(*args: Any, **kwargs: Any) -> Any:
        return document_parameter_bounds(document_shared_errors(build_schema(*args, **kwargs)))

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, error_body(exc.code, exc.message, exc.fields))

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_field_name(list(err.get("loc", []))), []).append(str(err.get("msg")))
        return respond(
            request, 422, error_body("invalid", "The request has invalid fields.", fields)
        )

    @api.exception_handler(OverflowError)
    def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An id beyond what the database can store (SQLite raises on > 2**63) names no record.
        return respond(
            request, 422, error_body("invalid", "A number in the request is out of range.")
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            401,
            error_body("unauthenticated", "Send a valid token: Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("not_found", "Not found."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "Your role does not allow this."
        return respond(request, 403, error_body("forbidden", message))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, error_body("error", str(exc)))
