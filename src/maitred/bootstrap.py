"""The one place that wires concrete parts together: a store, a clock, the services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from maitred.domain.backups import DEFAULT_KEEP
from maitred.domain.errors import DatabaseUnusable, ReservationBookError
from maitred.paths import data_dir as data_dir_of
from maitred.paths import default_database_url
from maitred.services.book import ReservationBook
from maitred.services.ports import Clock
from maitred.store.backups import BACKUP_FOLDER, SqliteBackups
from maitred.store.engine import sqlite_file
from maitred.store.probe import check_reachable
from maitred.store.unit_of_work import SqlBook


def system_clock() -> datetime:
    """Real time, in UTC."""
    return datetime.now(UTC)  # noqa: TID251 - this is the one real clock


def open_book(url: str | None = None, *, clock: Clock | None = None,
              data_dir: str | Path | None = None) -> ReservationBook:
    """The reservation book at `url` (default: the SQLite file in the data folder), migrated."""
    store = SqlBook(url or default_database_url(data_dir))
    return ReservationBook.over(store, clock or system_clock, close=store.close)


# --- backups of a book that is a file, and checking a book's address ----------------------------


def book_backups(url: str | None, *, data_dir: str | Path | None = None, clock: Clock | None = None,
                 keep: int = DEFAULT_KEEP) -> SqliteBackups | None:
    """The copies of the book at `url` in `<data folder>/backups/`, when the book is a SQLite file
    (None for a PostgreSQL server, whose own tools back it up, or an in-memory book)."""
    folder = data_dir_of(data_dir)
    parsed = make_url(url or default_database_url(folder))
    database = sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None
    if database is None:
        return None
    return SqliteBackups(database, folder / BACKUP_FOLDER, clock or system_clock, keep)


def probe_database(url: str) -> None:
    """Connect to the book at `url` and check it is a Maitre D book or an empty database (raises
    `Unavailable` or `DatabaseUnusable` with a sentence otherwise). Nothing is written."""
    try:
        store = SqlBook(url, migrate=False)
        try:
            check_reachable(store.engine)
        finally:
            store.close()
    except ReservationBookError:
        raise
    except Exception as error:  # a malformed address, a refused login: said plainly, never a traceback
        raise DatabaseUnusable(f"The book at that address can't be opened: {error}".splitlines()[0]) from error
