"""The refusals the reservation book can give, each with the code a caller can act on.

Every rule in the domain and the services raises one of these; the wire API turns them into
`ApiError` with the same code, and the GUI turns them into one plain sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One bad field: its dotted path inside the request's main object and why."""

    field: str
    description: str


class ReservationBookError(Exception):
    """Base of every refusal; `code` is the SPEC error code, `details` its machine-readable part."""

    code = "INTERNAL"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details or {}


class InvalidArgument(ReservationBookError):
    code = "INVALID_ARGUMENT"

    def __init__(self, violations: Sequence[FieldViolation] | FieldViolation) -> None:
        if isinstance(violations, FieldViolation):
            violations = [violations]
        self.violations = list(violations)
        first = self.violations[0]
        super().__init__(
            f"{first.field}: {first.description}" if first.field else first.description,
            {"fieldViolations": [{"field": v.field, "description": v.description} for v in self.violations]},
        )


def invalid(field: str, description: str) -> InvalidArgument:
    """Shorthand for the most common refusal: one field is wrong."""
    return InvalidArgument(FieldViolation(field, description))


class PermissionDenied(ReservationBookError):
    code = "PERMISSION_DENIED"


class ReservationNotFound(ReservationBookError):
    code = "RESERVATION_NOT_FOUND"


class ReservationLocationNotFound(ReservationBookError):
    code = "RESERVATION_LOCATION_NOT_FOUND"


class RevisionMismatch(ReservationBookError):
    code = "REVISION_MISMATCH"


class CanNotBeUpdated(ReservationBookError):
    code = "CAN_NOT_BE_UPDATED"


class OnlineReservationsDisabled(ReservationBookError):
    code = "ONLINE_RESERVATIONS_DISABLED"


class PhoneNumberRequired(ReservationBookError):
    code = "PHONE_NUMBER_REQUIRED"


class PhoneNumberIncorrect(ReservationBookError):
    code = "PHONE_NUMBER_INCORRECT"


class TimeNotAvailable(ReservationBookError):
    """The slot can't take the party; the details say which rules stood in the way."""

    code = "TIME_NOT_AVAILABLE"

    def __init__(
        self,
        message: str,
        table_conflicts: Sequence[str] = (),
        location_conflicts: Sequence[str] = (),
    ) -> None:
        self.table_conflicts = list(table_conflicts)
        self.location_conflicts = list(location_conflicts)
        super().__init__(
            message,
            {
                "tableCombinationConflicts": self.table_conflicts,
                "reservationLocationConflicts": self.location_conflicts,
            },
        )


@dataclass(frozen=True, slots=True)
class LocationViolation:
    """One broken rule of a location's configuration (a Wix violation type) and where."""

    type: str
    field: str = ""
    description: str = ""


class ReservationLocationViolation(ReservationBookError):
    code = "RESERVATION_LOCATION_VIOLATION"

    def __init__(self, violations: Sequence[LocationViolation]) -> None:
        self.violations = list(violations)
        first = self.violations[0]
        super().__init__(
            first.description or first.type,
            {
                "violations": [
                    {"type": v.type, "field": v.field, "description": v.description} for v in self.violations
                ]
            },
        )


class Unavailable(ReservationBookError):
    """The database stayed busy or could not be reached; the same request may be retried."""

    code = "UNAVAILABLE"


class Internal(ReservationBookError):
    code = "INTERNAL"


class DatabaseUnusable(ReservationBookError):
    """The book's database can't be used as it is (corrupt, or written by a newer Maitre D).

    Not retryable like `Unavailable`; the message tells the host or manager what to do.
    """

    code = "UNAVAILABLE"
