"""Running a look-up off the GUI thread and handing its answer back on it.

Loading a day, a search or a refresh may take longer than a frame on a busy book or a remote
server; the window must keep answering meanwhile. A job's result (or its error) arrives through
a queued signal, and a newer job of the same kind makes an older answer stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal


class _Delivery(QObject):
    """Lives in the GUI thread; its signals, emitted from a worker, are queued to it."""

    done = Signal(int, object)
    failed = Signal(int, object)


class BackgroundRunner(QObject):
    """A small thread pool whose jobs report back in the GUI thread, newest per kind only."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._delivery = _Delivery(self)
        self._delivery.done.connect(self._on_done)
        self._delivery.failed.connect(self._on_failed)
        self._serial = 0
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[str, Callable[[Any], None], Callable[[BaseException], None]]] = {}

    def run(self, kind: str, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> None:
        """Run `work()` in a worker; call `on_done(result)` in the GUI thread unless a newer job
        of the same `kind` was started meanwhile."""
        self._serial += 1
        ticket = self._serial
        self._latest[kind] = ticket
        self._callbacks[ticket] = (kind, on_done, on_error)
        delivery = self._delivery

        def job() -> None:
            try:
                result = work()
            except BaseException as error:  # handed to the GUI thread, which decides
                delivery.failed.emit(ticket, error)
            else:
                delivery.done.emit(ticket, result)

        self._pool.start(job)

    def is_busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until every job finished (shutting down, tests)."""
        return self._pool.waitForDone(msecs)

    def _take(self, ticket: int) -> tuple[Callable[[Any], None], Callable[[BaseException], None]] | None:
        kind, on_done, on_error = self._callbacks.pop(ticket)
        if self._latest.get(kind) != ticket:
            return None
        return on_done, on_error

    def _on_done(self, ticket: int, result: object) -> None:
        callbacks = self._take(ticket)
        if callbacks:
            callbacks[0](result)

    def _on_failed(self, ticket: int, error: object) -> None:
        callbacks = self._take(ticket)
        if callbacks and isinstance(error, BaseException):
            callbacks[1](error)
