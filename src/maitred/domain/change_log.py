"""The whole book's change log, as a manager browses it: newest first, by day or by person.

The audit log keeps one entry per change of anything (a reservation, the restaurant's settings,
the staff list, and whatever later features write there); this is the read side over all of
them, a page at a time, going back in time by entry id so a page never skips or repeats an
entry while new ones arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from maitred.domain.errors import FieldViolation, InvalidArgument
from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.staff import StaffMember

KIND_RESERVATION = "reservation"
KIND_LOCATION = "location"
KIND_STAFF = "staff"

MAX_PAGE = 200

#: A snapshot before or after a change: a domain value for the kinds this module knows, the
#: stored JSON object for any other kind.
Snapshot: TypeAlias = Reservation | ReservationLocation | StaffMember | dict[str, object] | None


@dataclass(frozen=True, slots=True)
class ChangeLogQuery:
    """Entries with `start <= at < end`, made by `actor`, older than entry `before_id`."""

    start: datetime | None = None
    end: datetime | None = None
    actor: str | None = None
    before_id: int | None = None
    limit: int = 50

    def check(self) -> ChangeLogQuery:
        """The query, if its page size is one a manager's screen asks for."""
        if not 1 <= self.limit <= MAX_PAGE:
            raise InvalidArgument(FieldViolation("limit", f"must be between 1 and {MAX_PAGE}"))
        return self


@dataclass(frozen=True, slots=True)
class ChangeLogEntry:
    """One change of anything in the book, with who made it, where and when."""

    id: int
    kind: str
    subject_id: str
    at: datetime
    actor: str | None
    terminal: str | None
    scope: Scope | None
    operation: str
    before: Snapshot = None
    after: Snapshot = None
    location_id: str = ""


@dataclass(frozen=True, slots=True)
class ChangeLogPage:
    entries: tuple[ChangeLogEntry, ...]
    has_older: bool

    @property
    def oldest_id(self) -> int | None:
        return self.entries[-1].id if self.entries else None
