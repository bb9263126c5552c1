"""Engines for the book's database, configured so concurrent terminals can't double-book.

SQLite: WAL (readers never wait for the writer), foreign keys on, `synchronous=NORMAL` (safe
with WAL, much faster than FULL), and a busy timeout. The sqlite3 driver's own transaction
handling is switched off (the SQLAlchemy "pysqlite transactions" recipe) so we emit BEGIN
ourselves: `BEGIN IMMEDIATE` for a write unit of work takes the write lock *before* anything is
read, so two terminals can't both see a table free and both book it; a read unit of work gets a
plain `BEGIN`, a consistent snapshot that blocks nobody.

PostgreSQL: a normal pooled engine with `pool_pre_ping` (the server may restart while the
stand stays open) and lock waits bounded like SQLite's busy timeout.

Driver errors that mean "busy or unreachable, try again" become `Unavailable`; every other
database error propagates unchanged (it is a bug, reported as INTERNAL above us).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from maitred.domain.errors import Unavailable

#: How long a unit of work waits for another terminal's write lock before giving up.
BUSY_TIMEOUT_SECONDS = 10.0

#: Connection execution option: this unit of work writes (SQLite: `BEGIN IMMEDIATE`).
WRITE_OPTION = "maitred_write"

_SQLITE_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_SQLITE_UNREACHABLE_CODES = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR}
# PostgreSQL: serialization failure, deadlock, lock timeout, statement timeout / cancel.
_PG_BUSY_STATES = {"40001", "40P01", "55P03", "57014"}
# PostgreSQL: admin / crash shutdown, cannot connect now.
_PG_UNREACHABLE_STATES = {"57P01", "57P02", "57P03"}


def create_engine_for(url: str | URL, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Engine:
    """An engine for a SQLAlchemy URL: `sqlite://` (in memory), `sqlite:///file.db`, or
    `postgresql+psycopg://user@host/db` (a bare `postgresql://` gets the psycopg 3 driver)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, busy_timeout)
    if backend == "postgresql":
        return _postgres_engine(parsed, busy_timeout)
    return create_engine(parsed, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    database = url.database or ""
    if url.query.get("uri") in ("true", "1"):
        if url.query.get("mode") == "memory" or database.startswith("file::memory:"):
            return None
        database = database.removeprefix("file:").split("?", 1)[0]
    if database in ("", ":memory:"):
        return None
    return Path(database)


def _sqlite_engine(url: URL, busy_timeout: float) -> Engine:
    in_memory = sqlite_file(url) is None
    connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": busy_timeout}
    if in_memory:
        # One connection shared by every thread; units of work take turns (see unit_of_work).
        engine = create_engine(url, connect_args=connect_args, poolclass=StaticPool)
    else:
        engine = create_engine(url, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver emits no BEGIN; `_begin` does
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {round(busy_timeout * 1000)}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _postgres_engine(url: URL, busy_timeout: float) -> Engine:
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = max(2, round(busy_timeout))
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # A lock held by another terminal ends in an error after the timeout, not a hang.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = {round(busy_timeout * 1000)}")
        finally:
            dbapi_connection.autocommit = autocommit

    return engine


# --- error translation ---------------------------------------------------------------------------

BUSY_MESSAGE = "The reservation book is busy: another terminal kept it locked for too long. Please try again."
UNREACHABLE_MESSAGE = "The reservation book's database can't be reached right now. Please try again."


def unavailable_reason(error: BaseException) -> str | None:
    """The plain message for an error that means "busy or unreachable", else None."""
    if isinstance(error, exc.TimeoutError):  # every pooled connection in use
        return BUSY_MESSAGE
    if not isinstance(error, exc.DBAPIError):
        return None
    original = error.orig
    if isinstance(original, sqlite3.Error):
        code = (getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in _SQLITE_BUSY_CODES or "database is locked" in str(original):
            return BUSY_MESSAGE
        if code in _SQLITE_UNREACHABLE_CODES:
            return UNREACHABLE_MESSAGE
        return None
    state = getattr(original, "sqlstate", None)
    if state in _PG_BUSY_STATES:
        return BUSY_MESSAGE
    if error.connection_invalidated or state in _PG_UNREACHABLE_STATES:
        return UNREACHABLE_MESSAGE
    if isinstance(state, str) and state.startswith("08"):  # connection exception class
        return UNREACHABLE_MESSAGE
    if state is None and isinstance(error, exc.OperationalError):
        return UNREACHABLE_MESSAGE  # refused, DNS, server gone: no SQLSTATE at all
    return None


@contextmanager
def unavailable_when_busy() -> Iterator[None]:
    """Turn "busy / unreachable" driver errors into `Unavailable`; let the rest propagate."""
    try:
        yield
    except (exc.DBAPIError, exc.TimeoutError) as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        raise Unavailable(reason) from error
