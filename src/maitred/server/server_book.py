"""The book as the online server uses it: settings cached while unchanged, writers queued.

Decoded reservation locations are kept between requests, for as long as nothing changed.

A time-slot request spends about half its time reading the restaurant's settings document and
decoding it into domain values, though the settings change a few times a year. Every change to
the book, settings included, adds an entry to the audit log, so "nothing changed" is one indexed
look-up of the log's last id, inside the same read transaction as everything else the request
reads. Writes (holds, bookings, updates) always read the settings afresh, under their lock.

Writers of this process queue on a lock before they ask SQLite for its write lock: twenty
requests booking at once then take turns in order, instead of polling SQLite's busy handler
(which sleeps up to 100 ms between tries and made the slowest bookings wait seconds). Other
processes and terminals still meet at the database's own lock, as before.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any, cast

from maitred.domain.location import ReservationLocation
from maitred.services.book import ReservationBook
from maitred.services.ports import AuditLog, LocationRepository, UnitOfWork, UnitOfWorkFactory


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[str, tuple[int, ReservationLocation]] = {}
        self.writers = threading.RLock()


class _CachedLocations:
    """The location port of one unit of work, answering reads from the cache when it is current."""

    def __init__(self, inner: LocationRepository, audit: AuditLog, cache: _Cache, write: bool) -> None:
        self._inner, self._audit, self._cache, self._write = inner, audit, cache, write

    def get(self, location_id: str, *, lock: bool = False) -> ReservationLocation | None:
        if self._write or lock:
            return self._inner.get(location_id, lock=lock)
        stamp = self._audit.last_change_id()
        with self._cache.lock:
            entry = self._cache.entries.get(location_id)
        if entry is not None and entry[0] == stamp:
            return entry[1]
        location = self._inner.get(location_id)
        if location is not None:
            with self._cache.lock:
                if len(self._cache.entries) > 100:
                    self._cache.entries.clear()
                self._cache.entries[location_id] = (stamp, location)
        return location

    def add(self, location: ReservationLocation) -> None:
        self._inner.add(location)

    def save(self, location: ReservationLocation) -> None:
        self._inner.save(location)

    def list(self, limit: int, offset: int = 0) -> Sequence[ReservationLocation]:
        return self._inner.list(limit, offset)

    def count(self) -> int:
        return self._inner.count()


class _UnitOfWork:
    """The book's own unit of work with the caching location port; everything else passes through."""

    def __init__(self, inner: UnitOfWork, cache: _Cache, write: bool) -> None:
        self._inner = inner
        self._writers = cache.writers if write else None
        self.locations = _CachedLocations(inner.locations, inner.audit, cache, write)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> _UnitOfWork:
        if self._writers is not None:
            self._writers.acquire()
        try:
            self._inner.__enter__()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._inner.__exit__(exc_type, exc, tb)
        finally:
            self._release()

    def _release(self) -> None:
        if self._writers is not None:
            self._writers.release()

    def commit(self) -> None:
        self._inner.commit()


class CachingUnitOfWorkFactory:
    def __init__(self, inner: UnitOfWorkFactory) -> None:
        self._inner = inner
        self._cache = _Cache()

    def __call__(self, *, write: bool = False) -> UnitOfWork:
        # Structurally a UnitOfWork: every port but the locations passes through `__getattr__`.
        return cast(UnitOfWork, _UnitOfWork(self._inner(write=write), self._cache, write))


def server_book(book: ReservationBook) -> ReservationBook:
    """The same book (same database, same clock) with cached settings and queued writers;
    closing it closes nothing (the book's owner closes the book)."""
    return ReservationBook.over(CachingUnitOfWorkFactory(book.unit_of_work), book.clock)
