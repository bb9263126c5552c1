"""Seeing other terminals' changes: a once-a-second look at the book's change counter.

The counter is the audit log's last id, so one cheap query tells whether anything changed
anywhere; only then is the day loaded again (and only the differences announced). The same poll
tells whether the book can be reached at all, for the "synced" mark in the status bar.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from maitred.domain.errors import ReservationBookError
from maitred.services.book import ReservationBook

POLL_MS = 1000


class LiveRefresh(QObject):
    """Polls `last_change_id()` every second; `book_changed` when it moved on."""

    #: the counter moved: something changed in the book (here or on another terminal)
    book_changed = Signal()
    #: bool: whether the last poll reached the book
    reachable_changed = Signal(bool)

    def __init__(self, book: ReservationBook, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._book = book
        self._last_seen: int | None = None
        #: the counter before the latest change seen: what `book_changed` covers is after it
        self.since: int | None = None
        self._reachable = True
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def reachable(self) -> bool:
        return self._reachable

    def poll(self) -> bool:
        """Look at the counter once; True when something changed since the last look."""
        try:
            latest = self._book.last_change_id()
        except ReservationBookError:
            self._set_reachable(False)
            return False
        self._set_reachable(True)
        changed = self._last_seen is not None and latest != self._last_seen
        # A counter that went back (a copy of the book was put back) covers nothing we know of.
        self.since = self._last_seen if self._last_seen is not None and latest > self._last_seen else None
        self._last_seen = latest
        if changed:
            self.book_changed.emit()
        return changed

    def _set_reachable(self, reachable: bool) -> None:
        if reachable != self._reachable:
            self._reachable = reachable
            self.reachable_changed.emit(reachable)


class StandClock(QObject):
    """The book's clock, ticking once a second for the "now" line and the hold countdowns."""

    #: an aware UTC datetime
    ticked = Signal(object)

    def __init__(self, book: ReservationBook, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._book = book
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)

    def now(self) -> datetime:
        return self._book.clock()

    def start(self) -> None:
        self.tick()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> datetime:
        now = self._book.clock()
        self.ticked.emit(now)
        return now
