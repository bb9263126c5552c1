"""The one place that wires concrete parts together: a store, a clock, the services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from maitred.paths import default_database_url
from maitred.services.book import ReservationBook
from maitred.services.ports import Clock
from maitred.store.unit_of_work import SqlBook


def system_clock() -> datetime:
    """Real time, in UTC."""
    return datetime.now(UTC)  # noqa: TID251 - this is the one real clock


def open_book(url: str | None = None, *, clock: Clock | None = None,
              data_dir: str | Path | None = None) -> ReservationBook:
    """The reservation book at `url` (default: the SQLite file in the data folder), migrated."""
    store = SqlBook(url or default_database_url(data_dir))
    return ReservationBook.over(store, clock or system_clock, close=store.close)
