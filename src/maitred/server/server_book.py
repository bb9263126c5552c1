"""The book as the online server uses it: the same book, with its writers queued.

Writers of this server queue on a lock before they ask SQLite for its write lock: twenty
requests booking at once then take turns in order, instead of polling SQLite's busy handler
(which sleeps up to 100 ms between tries and made the slowest bookings wait seconds). The worker
processes of one server share that lock (`SharedWritersLock`); other processes and terminals
still meet at the database's own lock, as before.

Reads pass straight through. (This module used to keep decoded reservation locations between
requests, checked against the audit log's last id; since the store decodes each stored document
only once itself, that look-up cost more than the decoding it saved: 0.14 ms a request against
0.13 ms for the whole read of the location.)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, cast

from maitred.services.book import ReservationBook
from maitred.services.ports import UnitOfWork, UnitOfWorkFactory

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
#: Without flock (Windows), how long a writer waits for the shared lock before it goes on to the
#: database's own lock: a worker killed while holding it must not stop the others' writes for good.
FALLBACK_WAIT_SECONDS = 10.0


class WritersLock(Protocol):
    """A reentrant lock: `threading.RLock()`, or `SharedWritersLock` for the workers of a server."""

    def acquire(self) -> bool: ...

    def release(self) -> None: ...


class SharedWritersLock:
    """The writers' turn, shared by the worker processes of one server: an advisory lock (flock)
    on a file of its own, which the kernel lets go of when its holder dies however it dies (a
    semaphore held by a killed worker would stop every other worker's writes for good). Threads
    of one process take turns on a thread lock first; reentrant within a thread. It travels to a
    spawned worker as its file's name. Without flock, a semaphore waited on for a bounded time."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            descriptor, name = tempfile.mkstemp(prefix="maitred-writers-", suffix=".lock")
            os.close(descriptor)
            path = Path(name)
        self.path = path
        self._semaphore = multiprocessing.get_context("spawn").RLock() if fcntl is None else None
        self._start()

    def _start(self) -> None:
        self._thread_turn = threading.RLock()
        self._depth = 0
        self._descriptor: int | None = None
        self._semaphore_held = False

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "semaphore": self._semaphore}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self._semaphore = state["path"], state["semaphore"]
        self._start()

    def acquire(self) -> bool:
        self._thread_turn.acquire()
        if self._depth == 0:
            try:
                self._take()
            except BaseException:
                self._thread_turn.release()
                raise
        self._depth += 1
        return True

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._give_back()
        self._thread_turn.release()

    def _take(self) -> None:
        if fcntl is not None:
            if self._descriptor is None:
                self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._descriptor, fcntl.LOCK_EX)
        elif self._semaphore is not None:
            self._semaphore_held = self._semaphore.acquire(timeout=FALLBACK_WAIT_SECONDS)
            if not self._semaphore_held:
                log.warning("the writers' lock was not free for %s s; writing after the database's own lock only",
                            FALLBACK_WAIT_SECONDS)

    def _give_back(self) -> None:
        if fcntl is not None and self._descriptor is not None:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        elif self._semaphore is not None and self._semaphore_held:
            self._semaphore_held = False
            self._semaphore.release()

    def remove(self) -> None:
        """Delete the lock's file (the server's parent process, once its workers have stopped)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
        self.path.unlink(missing_ok=True)


class _QueuedWriter:
    """A write unit of work that first waits its turn among the server's writers; everything
    else passes through to the book's own unit of work."""

    def __init__(self, inner: UnitOfWork, writers: WritersLock) -> None:
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

    def __init__(self, inner: UnitOfWorkFactory, writers: WritersLock | None = None) -> None:
        self._inner = inner
        self._writers = writers if writers is not None else threading.RLock()

    def __call__(self, *, write: bool = False) -> UnitOfWork:
        if not write:
            return self._inner()
        # Structurally a UnitOfWork: every port passes through `__getattr__`.
        return cast(UnitOfWork, _QueuedWriter(self._inner(write=True), self._writers))


def server_book(book: ReservationBook, writers: WritersLock | None = None) -> ReservationBook:
    """The same book (same database, same clock) with queued writers (on `writers`, or on a lock
    of its own); closing it closes nothing (the book's owner closes the book)."""
    return ReservationBook.over(QueuedWritersFactory(book.unit_of_work, writers), book.clock)


def reads_wait_on_network(book: ReservationBook) -> bool:
    """Whether the book lives on a database server (its reads wait on the network), rather than
    in a SQLite file or in memory on this computer. Asked of the store's engine without importing
    the store; a book without one (a test's fake) is local."""
    engine = getattr(book.unit_of_work, "engine", None)
    dialect = getattr(getattr(engine, "dialect", None), "name", None)
    return dialect is not None and dialect != "sqlite"


def book_in_memory(book: ReservationBook) -> bool:
    """Whether the book is an in-memory database: another process opening its address would
    find another, empty book. Asked of the store's engine, as above."""
    engine = getattr(book.unit_of_work, "engine", None)
    url = getattr(engine, "url", None)
    if url is None or url.get_backend_name() != "sqlite":
        return False
    database = url.database or ""
    return database in ("", ":memory:") or database.startswith("file::memory:") or url.query.get("mode") == "memory"
