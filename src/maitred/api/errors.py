"""`ApiError`: the one exception the wire API raises, with a SPEC code and its HTTP status."""

from __future__ import annotations

import logging
from typing import Any

from maitred.domain.errors import ReservationBookError

log = logging.getLogger(__name__)

HTTP_STATUS: dict[str, int] = {
    "INVALID_ARGUMENT": 400,
    "PHONE_NUMBER_REQUIRED": 400,
    "PHONE_NUMBER_INCORRECT": 400,
    "RESERVATION_LOCATION_VIOLATION": 400,
    "PERMISSION_DENIED": 403,
    "RESERVATION_NOT_FOUND": 404,
    "RESERVATION_LOCATION_NOT_FOUND": 404,
    "REVISION_MISMATCH": 409,
    "TIME_NOT_AVAILABLE": 409,
    "CAN_NOT_BE_UPDATED": 428,
    "ONLINE_RESERVATIONS_DISABLED": 428,
    "INTERNAL": 500,
    "UNAVAILABLE": 503,
}


class ApiError(Exception):
    """A refusal or failure of the wire API: `.code`, `.http_status`, `.details` and a message."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = HTTP_STATUS[code]
        self.details: dict[str, Any] = details or {}
        self.message = message

    def __repr__(self) -> str:
        return f"ApiError({self.code!r}, {self.message!r})"


def as_api_error(exc: BaseException) -> ApiError:
    """The ApiError for any failure: book refusals keep their code, anything else is INTERNAL."""
    if isinstance(exc, ReservationBookError):
        return ApiError(exc.code, exc.message, exc.details)
    log.exception("unexpected failure in the reservation book", exc_info=exc)
    return ApiError("INTERNAL", "something went wrong inside Maitre D; nothing was changed")
