"""The requests waiting for approval, every day from today on: the Requests tab and its badge.

Loaded once, then kept current from announced changes: a reservation joins when it is
REQUESTED and leaves when it is not any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from maitred.controllers.background import BackgroundRunner
from maitred.controllers.changes import ChangeFeed, Changes
from maitred.domain.errors import ReservationBookError
from maitred.domain.lifecycle import ReservationStatus
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


class WaitingRequests(QObject):
    """REQUESTED reservations of one location that start from a day ago on, by start."""

    #: tuple[Reservation, ...]
    changed = Signal(object)
    failed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, feed: ChangeFeed, runner: BackgroundRunner,
                 location_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._runner = book, caller, runner
        self._location_id = location_id
        self._requests: dict[str, Reservation] = {}
        feed.changed.connect(self._on_changed)

    def requests(self) -> Sequence[Reservation]:
        return tuple(sorted(self._requests.values(), key=lambda r: (r.start, r.id)))

    def count(self) -> int:
        return len(self._requests)

    def _query(self, now: datetime) -> ReservationQuery:
        field = ReservationField
        return ReservationQuery(conditions=(
            Condition(field.LOCATION, Operator.EQ, self._location_id),
            Condition(field.STATUS, Operator.EQ, ReservationStatus.REQUESTED),
            Condition(field.START, Operator.GTE, now - timedelta(days=1)),
        ), sort=(SortKey(field.START),))

    def load_now(self) -> None:
        found = self._book.listing.all(self._caller, self._query(self._book.clock()))
        self._replace(found)

    def refresh(self) -> None:
        query = self._query(self._book.clock())

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReservationBookError):
                raise error
            self.failed.emit(error)

        self._runner.run("requests", lambda: self._book.listing.all(self._caller, query),
                         lambda found: self._replace(found), failed)

    def _replace(self, found: Sequence[Reservation]) -> None:
        fresh = {r.id: r for r in found}
        if fresh != self._requests:
            self._requests = fresh
            self.changed.emit(self.requests())

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        before = dict(self._requests)
        for r in changes.reservations:
            if r.location_id == self._location_id and r.status is ReservationStatus.REQUESTED:
                self._requests[r.id] = r
            else:
                self._requests.pop(r.id, None)
        for rid in changes.removed_ids:
            self._requests.pop(rid, None)
        if self._requests != before:
            self.changed.emit(self.requests())
