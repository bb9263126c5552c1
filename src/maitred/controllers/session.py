"""One host stand at work: who is at it, which restaurant, and every controller the window uses.

The window gets a `StandSession` and nothing else from below: it never sees the book itself.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject

from maitred.controllers.actions import ReservationActions
from maitred.controllers.background import BackgroundRunner
from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.day_controller import DayController, local_day
from maitred.controllers.details import ReservationDetails
from maitred.controllers.holds import HoldExpiryScheduler
from maitred.controllers.live_refresh import LiveRefresh, StandClock
from maitred.controllers.location_settings import LocationSettings
from maitred.controllers.phone_in import PhoneInBooking
from maitred.controllers.requests import WaitingRequests
from maitred.controllers.search import GuestSearch
from maitred.controllers.walk_in import WalkInPlanner
from maitred.domain.errors import ReservationLocationNotFound
from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


def default_location(book: ReservationBook) -> ReservationLocation:
    """The restaurant the stand shows: the default location (the first one created)."""
    locations, _ = book.locations.list()
    live = [loc for loc in locations if not loc.archived]
    if not live:
        raise ReservationLocationNotFound("this reservation book has no restaurant yet")
    return next((loc for loc in live if loc.default), live[0])


class StandSession(QObject):
    """The controllers of one stand over one book; `start()` sets the timers going."""

    def __init__(self, book: ReservationBook, caller: Caller, location: ReservationLocation,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book, self.caller = book, caller
        self.feed = ChangeFeed(self)
        self.runner = BackgroundRunner(self)
        zone = location.info.time_zone
        self.day = DayController(book, caller, self.feed, self.runner, location,
                                 local_day(book.clock(), zone), self)
        self.actions = ReservationActions(book, caller, self.feed, location, self)
        self.holds = HoldExpiryScheduler(book, caller, self.feed, zone, self)
        self.live = LiveRefresh(book, self)
        self.clock = StandClock(book, self)
        self.requests = WaitingRequests(book, caller, self.feed, self.runner, location.id, self)
        self.search = GuestSearch(book, caller, self.runner, location.id, self)
        self.settings = LocationSettings(book, caller, self.feed, location.id, self)
        self.live.book_changed.connect(self._on_book_changed)
        self.feed.changed.connect(self._on_changed)

    @classmethod
    def open(cls, book: ReservationBook, actor: str = "host", parent: QObject | None = None) -> StandSession:
        """A session on the book's default restaurant; staff roles come later: FULL for now."""
        return cls(book, Caller(Scope.FULL, actor=actor), default_location(book), parent)

    @property
    def location(self) -> ReservationLocation:
        return self.day.location

    @property
    def actor(self) -> str:
        return self.caller.actor or ""

    def today(self) -> date:
        return local_day(self._book.clock(), self.location.info.time_zone)

    def load(self) -> None:
        """Read the day and the waiting requests synchronously (before the window shows)."""
        self.settings.current()
        self.day.load_now()
        self.requests.load_now()

    def start(self) -> None:
        self.holds.start()
        self.live.start()
        self.clock.start()

    def stop(self) -> None:
        """Stop the timers and wait for look-ups still running (closing the window)."""
        self.holds.stop()
        self.live.stop()
        self.clock.stop()
        self.runner.wait()

    # --- per-dialog controllers ------------------------------------------------------------

    def phone_in(self) -> PhoneInBooking:
        return PhoneInBooking(self._book, self.caller, self.feed, self.location, self)

    def walk_in(self) -> WalkInPlanner:
        return WalkInPlanner(self._book, self.caller, self.location)

    def details(self) -> ReservationDetails:
        return ReservationDetails(self._book, self.caller, self.location)

    # --- internals -------------------------------------------------------------------------

    def _on_book_changed(self) -> None:
        self.settings.check_for_update(self)
        self.day.refresh()
        self.requests.refresh()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.location is not None:
            self.actions.set_location(changes.location)
