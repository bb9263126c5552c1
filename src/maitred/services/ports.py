"""What the services need from the outside world: a clock and a unit of work over the book.

The store implements these with SQLAlchemy; unit tests may implement them by hand. Services
never touch a database or the system clock directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from maitred.domain.audit import LocationChange, ReservationChange
from maitred.domain.listing import ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation, TableUse

#: Returns the current time as an aware datetime.
Clock = Callable[[], datetime]


class LocationRepository(Protocol):
    def add(self, location: ReservationLocation) -> None:
        """Store a new location (its id, revision and dates are already set)."""

    def get(self, location_id: str, *, lock: bool = False) -> ReservationLocation | None:
        """The location, or None. With `lock`, hold the location's write lock until commit, so
        availability-sensitive writes at one restaurant happen one after another."""

    def save(self, location: ReservationLocation) -> None:
        """Replace a stored location with this newer version."""

    def list(self, limit: int, offset: int = 0) -> Sequence[ReservationLocation]:
        """Locations in creation order."""

    def count(self) -> int: ...


class ReservationRepository(Protocol):
    def add(self, reservation: Reservation) -> None: ...

    def save(self, reservation: Reservation) -> None:
        """Replace a stored reservation with this newer version."""

    def delete(self, reservation_id: str) -> None: ...

    def get(self, reservation_id: str) -> Reservation | None: ...

    def table_uses(
        self,
        location_id: str,
        start: datetime,
        end: datetime,
        now: datetime,
        exclude_id: str | None = None,
    ) -> Sequence[TableUse]:
        """Occupying reservations (unexpired at `now`) of the location that overlap `[start, end)`,
        without `exclude_id`."""

    def find(self, query: ReservationQuery) -> Sequence[Reservation]:
        """Up to `query.limit` reservations matching the query, in its order, after `query.after`."""

    def expired_holds(self, now: datetime) -> Sequence[Reservation]:
        """HELD and PAYMENT_PENDING reservations whose ten minutes are over at `now`."""

    def next_hold_deadline(self) -> datetime | None:
        """The earliest moment a HELD or PAYMENT_PENDING reservation expires, if any."""


class AuditLog(Protocol):
    def record_reservation_change(self, change: ReservationChange) -> None: ...

    def record_location_change(self, change: LocationChange) -> None: ...

    def reservation_history(self, reservation_id: str) -> Sequence[ReservationChange]:
        """Oldest first; still answers after the reservation was deleted."""

    def last_change_id(self) -> int:
        """Grows with every change by anyone: another terminal polls it to see it must refresh."""

    def reservation_changes_since(self, change_id: int) -> Sequence[ReservationChange]:
        """Entries after `change_id`, oldest first (for live refresh)."""


class UnitOfWork(Protocol):
    """One transaction. Leaving the `with` block without `commit()` rolls back."""

    locations: LocationRepository
    reservations: ReservationRepository
    audit: AuditLog

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False) -> UnitOfWork:
        """A new unit of work. `write=True` starts a write transaction at once (SQLite
        `BEGIN IMMEDIATE`), so two terminals can't both read "free" and then both book."""
