"""What the services need from the outside world: a clock and a unit of work over the book.

The store implements these with SQLAlchemy; unit tests may implement them by hand. Services
never touch a database or the system clock directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from maitred.domain.api_key import ApiKey
from maitred.domain.audit import LocationChange, ReservationChange
from maitred.domain.backups import BackupCopy, BackupReason
from maitred.domain.change_log import ChangeLogEntry, ChangeLogQuery
from maitred.domain.guest import Guest, GuestChange
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.listing import ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation, TableUse
from maitred.domain.staff import PinHash, StaffChange, StaffMember
from maitred.domain.waitlist import TableReady, WaitingParty, WaitlistChange

#: Returns the current time as an aware datetime.
Clock = Callable[[], datetime]

#: A reservation's move into SEATED or FINISHED: (reservation id, when, the new status).
StatusMove = tuple[str, datetime, ReservationStatus]


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

    # --- staff and the change log (who changed what, for managers) ---

    def record_staff_change(self, change: StaffChange) -> None: ...

    def change_log(self, query: ChangeLogQuery) -> Sequence[ChangeLogEntry]:
        """Entries of every kind matching the query, newest first, at most `query.limit`."""

    def change_log_actors(self) -> Sequence[str]:
        """Everybody who ever changed something, by name (for the change log's filter)."""


class StaffRepository(Protocol):
    """Staff members and, kept apart from them, the hashes of their PINs."""

    def add(self, member: StaffMember, pin: PinHash) -> None: ...

    def save(self, member: StaffMember) -> None:
        """Replace a stored member with this newer version (REVISION_MISMATCH if it is not newer)."""

    def lock(self) -> None:
        """Hold the staff list's write lock until commit (names stay unique, a manager stays)."""

    def set_pin(self, member_id: str, pin: PinHash) -> None: ...

    def pin(self, member_id: str) -> PinHash | None: ...

    def get(self, member_id: str) -> StaffMember | None: ...

    def list(self) -> Sequence[StaffMember]:
        """Everybody, active or not, by name."""


# --- API keys of the online-bookings server -------------------------------------------------------


class ApiKeyRepository(Protocol):
    def add(self, key: ApiKey) -> None: ...

    def get(self, key_id: str) -> ApiKey | None: ...

    def find_by_hash(self, key_hash: str) -> ApiKey | None: ...

    def list(self) -> Sequence[ApiKey]:
        """Every key, revoked ones included, oldest first."""

    def save(self, key: ApiKey) -> None: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the `with` block without `commit()` rolls back."""

    locations: LocationRepository
    reservations: ReservationRepository
    audit: AuditLog
    api_keys: ApiKeyRepository
    staff: StaffRepository
    guests: GuestRepository
    waitlist: WaitlistRepository
    stays: StayLog

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


class BookBackups(Protocol):
    """Copies of the book's database file, for a book that is a file (SQLite)."""

    @property
    def folder(self) -> str: ...

    def take(self, reason: BackupReason) -> BackupCopy:
        """Copy the book now (consistent even while terminals write) and prune old copies."""

    def copies(self) -> Sequence[BackupCopy]:
        """The copies kept, newest first."""

    def restore(self, path: str) -> BackupCopy:
        """Put the copy at `path` back as the book, after taking a copy of the book as it is
        (returned). The copy must be a Maitre D book no newer than this version."""


# --- the guest book and the waitlist (migration branch 0004_guests_waitlist) ---------------------


class GuestRepository(Protocol):
    """Guest profiles, recognised by phone; a merged duplicate lives on as an alias number."""

    def add(self, guest: Guest) -> None: ...

    def save(self, guest: Guest) -> None:
        """Replace a stored guest with this newer version (REVISION_MISMATCH if it is not newer)."""

    def get(self, guest_id: str) -> Guest | None: ...

    def by_phone(self, phone: str) -> Guest | None:
        """The guest this E.164 number recognises: its own number or one merged into it."""

    def with_digits(self, digits: str, limit: int) -> Sequence[Guest]:
        """Guests one of whose numbers contains these digits (unranked, at most `limit`)."""

    def search(self, text: str, limit: int) -> Sequence[Guest]:
        """Guests whose name or e-mail contains the text (case-insensitive), by name."""

    def all(self) -> Sequence[Guest]:
        """Every guest, by name (exports, duplicate checks)."""

    def merge(self, kept: Guest, duplicate: Guest) -> None:
        """Save `kept` (already merged) and turn the duplicate into an alias of it."""

    def delete(self, guest_id: str) -> None:
        """Remove the guest and the numbers merged into it."""

    def reservations_of(self, phones: Sequence[str]) -> Sequence[Reservation]:
        """Every reservation booked with one of these numbers, at any location."""

    def record_change(self, change: GuestChange) -> None: ...

    def forget_in_history(self, guest_id: str, reservation_ids: Sequence[str], party_ids: Sequence[str]) -> None:
        """Blank the guest's name, phone and e-mail in every audit snapshot of these reservations
        and waiting parties, and drop the snapshots of the guest's own entries (an erasure)."""


class WaitlistRepository(Protocol):
    def add(self, party: WaitingParty) -> None: ...

    def save(self, party: WaitingParty) -> None:
        """Replace a stored party with this newer version (REVISION_MISMATCH if it is not newer)."""

    def get(self, party_id: str) -> WaitingParty | None: ...

    def waiting(self, location_id: str) -> Sequence[WaitingParty]:
        """Parties still waiting at the location, first come first."""

    def added_between(self, location_id: str, start: datetime, end: datetime) -> Sequence[WaitingParty]:
        """Parties added in `[start, end)`, whatever became of them, first come first."""

    def with_phones(self, phones: Sequence[str]) -> Sequence[WaitingParty]: ...

    def record_change(self, change: WaitlistChange) -> None:
        """Into the audit log, so other terminals see the waitlist move."""


class StayLog(Protocol):
    """When parties sat down and got up, read from the audit log."""

    def status_moves(self, location_id: str, start: datetime, end: datetime) -> Sequence[StatusMove]:
        """Moves of the location's reservations into SEATED or FINISHED made in `[start, end)`,
        oldest first: (reservation id, when, the status moved into)."""


class Notifier(Protocol):
    """Tells a waiting party its table is ready: a text message, a pager; by default a log line."""

    def table_ready(self, notice: TableReady) -> None: ...
