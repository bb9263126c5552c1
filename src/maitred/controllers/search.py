"""Finding a guest by name or phone, as the host hears it on the phone or at the door.

The book's listing filters by time, status and source but not by guest, so the search reads the
reservations of a window around today (a month back, a year ahead) off the GUI thread and
matches names and phone digits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from maitred.controllers.background import BackgroundRunner
from maitred.domain.errors import ReservationBookError
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller

LOOK_BACK = timedelta(days=31)
LOOK_AHEAD = timedelta(days=366)
MAX_RESULTS = 200


def matches(reservation: Reservation, text: str) -> bool:
    """Name words in any order (case and accents as typed), or phone digits anywhere in the number."""
    guest = reservation.reservee
    if guest is None:
        return False
    wanted = text.strip().casefold()
    if not wanted:
        return False
    digits = re.sub(r"\D", "", wanted)
    if digits and len(digits) >= 3 and not re.search(r"[^\d\s+()./-]", wanted):
        phone = re.sub(r"\D", "", guest.phone or "")
        return digits in phone or digits.lstrip("0") in phone
    name = " ".join(p for p in (guest.first_name, guest.last_name, guest.email) if p).casefold()
    return all(word in name for word in wanted.split())


class GuestSearch(QObject):
    """Runs searches in the background; `results` arrive in the GUI thread, newest search only."""

    #: str (the text searched), list[Reservation] (by start, nearest to now first)
    results = Signal(str, object)
    failed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, runner: BackgroundRunner, location_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._runner = book, caller, runner
        self._location_id = location_id

    def search(self, text: str) -> None:
        if not text.strip():
            self.results.emit(text, [])
            return
        now = self._book.clock()

        def failed(error: BaseException) -> None:
            if not isinstance(error, ReservationBookError):
                raise error
            self.failed.emit(error)

        self._runner.run("search", lambda: self.find(text, now),
                         lambda found: self.results.emit(text, found), failed)

    def find(self, text: str, now: datetime) -> Sequence[Reservation]:
        """The matching reservations from a month back to a year ahead, upcoming ones first."""
        field = ReservationField
        query = ReservationQuery(conditions=(
            Condition(field.LOCATION, Operator.EQ, self._location_id),
            Condition(field.START, Operator.GTE, now - LOOK_BACK),
            Condition(field.START, Operator.LT, now + LOOK_AHEAD),
        ), sort=(SortKey(field.START),))
        found = [r for r in self._book.listing.all(self._caller, query) if matches(r, text)]
        upcoming = [r for r in found if r.end >= now]
        past = [r for r in reversed(found) if r.end < now]
        return (upcoming + past)[:MAX_RESULTS]
