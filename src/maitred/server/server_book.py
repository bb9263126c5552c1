"""The book as the online server uses it: the same book, with its writers queued.

Writers of this process queue on a lock before they ask SQLite for its write lock: twenty
requests booking at once then take turns in order, instead of polling SQLite's busy handler
(which sleeps up to 100 ms between tries and made the slowest bookings wait seconds). Other
processes and terminals still meet at the database's own lock, as before.

Reads pass straight through. (This module used to keep decoded reservation locations between
requests, checked against the audit log's last id; since the store decodes each stored document
only once itself, that look-up cost more than the decoding it saved: 0.14 ms a request against
0.13 ms for the whole read of the location.)
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any, cast

from maitred.services.book import ReservationBook
from maitred.services.ports import UnitOfWork, UnitOfWorkFactory


class _QueuedWriter:
    """A write unit of work that first waits its turn among this process's writers; everything
    else passes through to the book's own unit of work."""

    def __init__(self, inner: UnitOfWork, writers: threading.RLock) -> None:
        self._inner = inner
        self._writers = writers

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> _QueuedWriter:
        self._writers.acquire()
        try:
            self._inner.__enter__()
        except BaseException:
            self._writers.release()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._inner.__exit__(exc_type, exc, tb)
        finally:
            self._writers.release()

    def commit(self) -> None:
        self._inner.commit()


class QueuedWritersFactory:
    """The book's unit-of-work factory, with this process's writers taking turns."""

    def __init__(self, inner: UnitOfWorkFactory) -> None:
        self._inner = inner
        self._writers = threading.RLock()

    def __call__(self, *, write: bool = False) -> UnitOfWork:
        if not write:
            return self._inner()
        # Structurally a UnitOfWork: every port passes through `__getattr__`.
        return cast(UnitOfWork, _QueuedWriter(self._inner(write=True), self._writers))


def server_book(book: ReservationBook) -> ReservationBook:
    """The same book (same database, same clock) with queued writers; closing it closes nothing
    (the book's owner closes the book)."""
    return ReservationBook.over(QueuedWritersFactory(book.unit_of_work), book.clock)


def reads_wait_on_network(book: ReservationBook) -> bool:
    """Whether the book lives on a database server (its reads wait on the network), rather than
    in a SQLite file or in memory on this computer. Asked of the store's engine without importing
    the store; a book without one (a test's fake) is local."""
    engine = getattr(book.unit_of_work, "engine", None)
    dialect = getattr(getattr(engine, "dialect", None), "name", None)
    return dialect is not None and dialect != "sqlite"
