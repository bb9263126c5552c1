"""Sweeping lapsed holds: one single-shot timer aimed at the next hold deadline.

The timer is a convenience, not the truth: availability already ignores a lapsed hold by
comparing times. The timer only removes lapsed holds from the book and the views. It is capped at
30 s so a sleeping laptop or a clock jump heals within half a minute, and it re-aims after every
change (a new hold may lapse sooner than the one it was aimed at).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from maitred.controllers.changes import ChangeFeed, Changes
from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import EXPIRING_STATUSES
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller

#: The longest the scheduler sleeps before looking again.
MAX_WAIT_MS = 30_000


class HoldExpiryScheduler(QObject):
    """Owns one single-shot QTimer; on timeout expires what is due by the clock and announces it."""

    #: int: how many holds the last sweep removed
    swept = Signal(int)
    #: ReservationBookError: the sweep failed (the next one will try again)
    failed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, feed: ChangeFeed, time_zone: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._feed = book, caller, feed
        self._time_zone = time_zone
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sweep)
        feed.changed.connect(self._on_changed)

    def start(self) -> None:
        self.reschedule()

    def stop(self) -> None:
        self.timer.stop()

    def reschedule(self) -> None:
        """Aim the timer at the next hold deadline (at most 30 s away); none: look in 30 s."""
        try:
            deadline = self._book.reservations.next_hold_deadline()
        except ReservationBookError as error:
            self.failed.emit(error)
            deadline = None
        self.timer.start(self.wait_ms(deadline, self._book.clock()))

    @staticmethod
    def wait_ms(deadline: datetime | None, now: datetime) -> int:
        if deadline is None:
            return MAX_WAIT_MS
        return max(0, min(MAX_WAIT_MS, int((deadline - now).total_seconds() * 1000) + 1))

    def sweep(self) -> int:
        """Expire what the clock says is due, announce the holds that went, and re-aim."""
        removed = 0
        try:
            due = self._lapsed_holds()
            removed = self._book.reservations.expire_held()
        except ReservationBookError as error:
            self.failed.emit(error)
        else:
            if removed:
                self._feed.announce(Changes.of(self._time_zone, removed=due), self)
                self.swept.emit(removed)
        self.reschedule()
        return removed

    def _lapsed_holds(self) -> list[Reservation]:
        """The holds that are lapsed now, so the views know which ones to drop."""
        now = self._book.clock()
        query = ReservationQuery(conditions=(
            Condition(ReservationField.STATUS, Operator.IN, tuple(EXPIRING_STATUSES)),))
        return [r for r in self._book.listing.all(self._caller, query) if r.is_expired(now)]

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.location is not None:
            self._time_zone = changes.location.info.time_zone
        if initiator is not self:
            self.reschedule()
