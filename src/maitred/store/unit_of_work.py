"""Units of work over SQL, and `SqlBook`: the reservation book in a database.

One short-lived connection per unit of work, so no state outlives a use case and another
terminal's changes are seen by the next one. A write unit of work takes the write lock when it
starts (SQLite `BEGIN IMMEDIATE`; on PostgreSQL `locations.get(id, lock=True)` takes the
location's row lock), which is what makes check-then-book safe across terminals.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, exc
from sqlalchemy.engine import URL

from maitred.domain.errors import Unavailable
from maitred.services.ports import (
    ApiKeyRepository,
    AuditLog,
    GuestRepository,
    LocationRepository,
    ReservationRepository,
    StaffRepository,
    StayLog,
    WaitlistRepository,
)
from maitred.store.api_key_repository import SqlApiKeyRepository
from maitred.store.engine import (
    BUSY_MESSAGE,
    BUSY_TIMEOUT_SECONDS,
    WRITE_OPTION,
    create_engine_for,
    is_sqlite,
    sqlite_file,
    unavailable_when_busy,
)
from maitred.store.guest_repository import SqlGuestRepository, SqlWaitlistRepository
from maitred.store.migrate import upgrade_database
from maitred.store.repositories import (
    SqlLocationRepository,
    SqlReservationRepository,
    StoreConnection,
)
from maitred.store.staff_repository import SqlChangeLog, SqlStaffRepository
from maitred.store.stay_log import SqlStayLog


class Turn:
    """Whose turn it is on an in-memory book's one shared connection.

    Units of work from other threads wait (up to the busy timeout, then `Unavailable`); one
    opened inside another on the same thread would wait for itself, so it is refused at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: int | None = None

    def take(self, wait_seconds: float) -> None:
        if self._owner == threading.get_ident():
            raise RuntimeError("a unit of work was opened inside another on an in-memory book")
        if not self._lock.acquire(timeout=wait_seconds):
            raise Unavailable(BUSY_MESSAGE)
        self._owner = threading.get_ident()

    def give_back(self) -> None:
        self._owner = None
        self._lock.release()


class SqlUnitOfWork:
    """One transaction; leaving the `with` block without `commit()` rolls it back.

    After `commit()` the unit of work may go on: the next statement starts a new transaction of
    the same kind, which the end of the block rolls back unless committed too.
    """

    locations: LocationRepository
    reservations: ReservationRepository
    audit: AuditLog
    api_keys: ApiKeyRepository
    staff: StaffRepository
    guests: GuestRepository
    waitlist: WaitlistRepository
    stays: StayLog

    def __init__(
        self,
        engine: Engine,
        *,
        write: bool = False,
        turn: Turn | None = None,
        wait_seconds: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self._engine = engine
        self._write = write
        self._turn = turn  # in-memory SQLite: one shared connection, so units of work take turns
        self._wait_seconds = wait_seconds
        self._store = StoreConnection(engine)
        self._connection: Connection | None = None
        self.locations = SqlLocationRepository(self._store)
        self.reservations = SqlReservationRepository(self._store)
        self.audit = SqlChangeLog(self._store)  # the audit log, with staff entries and the change log
        self.api_keys = SqlApiKeyRepository(self._store)
        self.staff = SqlStaffRepository(self._store)
        self.guests = SqlGuestRepository(self._store)
        self.waitlist = SqlWaitlistRepository(self._store)
        self.stays = SqlStayLog(self._store)

    @property
    def writes(self) -> bool:
        return self._write

    def __enter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("a unit of work can be entered only once at a time")
        if self._turn is not None:
            self._turn.take(self._wait_seconds)
        try:
            self._connection = self._open()
        except BaseException:
            self._end_turn()
            raise
        self._store.attach(self._connection)
        return self

    def _open(self) -> Connection:
        with unavailable_when_busy():
            connection = self._engine.connect()
            try:
                if self._write:
                    connection.execution_options(**{WRITE_OPTION: True})
                connection.begin()  # now, so a writer waits here, before it has read anything
            except BaseException:
                connection.close()
                raise
        return connection

    def commit(self) -> None:
        connection = self._require_connection()
        with unavailable_when_busy():
            connection.commit()

    def rollback(self) -> None:
        connection = self._require_connection()
        with unavailable_when_busy():
            connection.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._connection
        if connection is None:
            return
        try:
            if connection.in_transaction():
                if exc_value is None:
                    self.rollback()
                else:
                    # The error that got us here says more than a failed rollback would.
                    with suppress(exc.SQLAlchemyError):
                        connection.rollback()
        finally:
            self._store.attach(None)
            self._connection = None
            try:
                connection.close()
            finally:
                self._end_turn()

    def _require_connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open: use it as `with book() as unit_of_work:`")
        return self._connection

    def _end_turn(self) -> None:
        if self._turn is not None:
            self._turn.give_back()


class SqlBook:
    """The reservation book in a database; a `UnitOfWorkFactory` for the services.

    `SqlBook("sqlite:///path/book.db")` (or `sqlite://` in memory, or a `postgresql+psycopg://`
    URL) opens the database and migrates it at once, so a damaged or too-new database is refused
    with `DatabaseUnusable` before any window opens. `book(write=True)` is a write unit of work.
    """

    def __init__(
        self,
        url: str | URL,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        migrate: bool = True,
    ) -> None:
        self.engine = create_engine_for(url, busy_timeout=busy_timeout)
        self._busy_timeout = busy_timeout
        in_memory = is_sqlite(self.engine) and sqlite_file(self.engine.url) is None
        self._turn = Turn() if in_memory else None
        #: The copy taken before a pending migration, if one was (for the start-up log).
        self.backup: Path | None = None
        if migrate:
            try:
                self.backup = upgrade_database(self.engine)
            except BaseException:
                self.engine.dispose()
                raise

    def __call__(self, *, write: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, write=write, turn=self._turn, wait_seconds=self._busy_timeout)

    def close(self) -> None:
        """Close every pooled connection (an in-memory book is gone after this)."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqlBook({self.engine.url.render_as_string(hide_password=True)!r})"
