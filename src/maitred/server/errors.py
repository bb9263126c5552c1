"""Error answers in Wix's REST shape, so the SDK's error handling reads them as Wix's own.

`{"message", "details": {"applicationError": {"code", "description", "data"}}}`, or for
INVALID_ARGUMENT `{"message", "details": {"validationError": {"fieldViolations": [...]}}}`.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from maitred.api import ApiError
from maitred.server.answers import JsonAnswer


class HttpError(Exception):
    """A refusal decided by the server itself (authentication, limits, routing, bad JSON)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def invalid_body(description: str, field: str = "") -> ApiError:
    """The body itself is unusable: the same INVALID_ARGUMENT the wire API gives for a bad field."""
    violation = {"field": field, "description": description}
    return ApiError("INVALID_ARGUMENT", description, {"fieldViolations": [violation]})


def application_error(status: int, code: str, message: str, data: dict[str, Any] | None = None,
                      headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"message": message,
            "details": {"applicationError": {"code": code, "description": message, "data": data or {}}}}
    return JsonAnswer(body, status_code=status, headers=headers)


def api_error_response(error: ApiError) -> JSONResponse:
    if error.code == "INVALID_ARGUMENT":
        violations = error.details.get("fieldViolations") or [{"field": "", "description": error.message}]
        body = {"message": error.message, "details": {"validationError": {"fieldViolations": violations}}}
        return JsonAnswer(body, status_code=error.http_status)
    headers = {"Retry-After": "1"} if error.code == "UNAVAILABLE" else None
    return application_error(error.http_status, error.code, error.message, error.details, headers)


def http_error_response(error: HttpError) -> JSONResponse:
    return application_error(error.status, error.code, error.message, headers=error.headers)
