"""One host stand at work: who is at it, which restaurant, and every controller the window uses.

The window gets a `StandSession` and nothing else from below: it never sees the book itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from maitred.controllers.actions import ReservationActions
from maitred.controllers.background import BackgroundRunner
from maitred.controllers.backups import BackupKeeper
from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.day_controller import DayController, local_day
from maitred.controllers.guest_book import GuestDesk
from maitred.controllers.holds import HoldExpiryScheduler
from maitred.controllers.idle_lock import IdleLock
from maitred.controllers.live_refresh import LiveRefresh, StandClock
from maitred.controllers.location_settings import LocationSettings
from maitred.controllers.paperwork import Paperwork
from maitred.controllers.requests import WaitingRequests
from maitred.controllers.search import GuestSearch
from maitred.controllers.staff_session import StaffOnDuty
from maitred.controllers.stand_settings import StandPreferences
from maitred.controllers.waitlist import WaitlistDesk
from maitred.domain.errors import ReservationBookError, ReservationLocationNotFound
from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.ports import BookBackups

if TYPE_CHECKING:  # the per-dialog controllers are imported when their dialog first opens
    from maitred.controllers.change_log import ChangeLogBrowser
    from maitred.controllers.details import ReservationDetails
    from maitred.controllers.phone_in import PhoneInBooking
    from maitred.controllers.staff_admin import StaffAdmin
    from maitred.controllers.walk_in import WalkInPlanner


def default_location(book: ReservationBook,
                     locations: Sequence[ReservationLocation] | None = None) -> ReservationLocation:
    """The restaurant the stand shows: the default location (the first one created); `locations`
    are the book's when the caller has just read them."""
    if locations is None:
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
        self.staff = StaffOnDuty(book, caller, self)  # who is at the stand (open until sign-in is required)
        self.actions = ReservationActions(book, caller, self.feed, location, self, staff=self.staff)
        self.holds = HoldExpiryScheduler(book, caller, self.feed, zone, self)
        self.live = LiveRefresh(book, self)
        self.clock = StandClock(book, self)
        self.requests = WaitingRequests(book, caller, self.feed, self.runner, location.id, self)
        self.search = GuestSearch(book, caller, self.runner, location.id, self)
        self.settings = LocationSettings(book, caller, self.feed, location.id, self, staff=self.staff)
        self.idle = IdleLock(self.staff, parent=self)
        self.backups: BackupKeeper | None = None  # a book that is a file: see use_backups
        self.preferences: StandPreferences | None = None  # this stand's own settings: see use_preferences
        # the waitlist, the guest book and the paperwork (day sheet, CSV, reports)
        self.waitlist = WaitlistDesk(book, self.staff, self.feed, self.runner, location, self)
        self.guests = GuestDesk(book, self.staff, self.feed, location, self)
        self.paperwork = Paperwork(book, caller, self.staff, self.feed, self.runner, location, self)
        self.live.reachable_changed.connect(self._on_reachable_changed)
        self.live.book_changed.connect(self._on_book_changed)
        self.feed.changed.connect(self._on_changed)

    @classmethod
    def open(cls, book: ReservationBook, actor: str = "host", parent: QObject | None = None, *,
             locations: Sequence[ReservationLocation] | None = None) -> StandSession:
        """A session on the book's default restaurant; staff roles come later: FULL for now."""
        return cls(book, Caller(Scope.FULL, actor=actor), default_location(book, locations), parent)

    @property
    def location(self) -> ReservationLocation:
        return self.day.location

    @property
    def actor(self) -> str:
        """Who is at the stand: the signed-in member, or the caller of a stand without sign-in."""
        member = self.staff.member
        if member is not None:
            return member.name
        return "" if self.staff.required else self.caller.actor or ""

    def today(self) -> date:
        return local_day(self._book.clock(), self.location.info.time_zone)

    def load(self, *, day: bool = True) -> None:
        """Read the day and the waiting requests synchronously (before the window shows); without
        `day`, the day is left empty for `day.load_now()` (the application: once the window shows)."""
        self.settings.current()
        if day:
            self.day.load_now()
        self.requests.load_now()
        self.waitlist.load_now()

    def start(self) -> None:
        self.holds.start()
        self.live.start()
        self.clock.start()
        self.idle.activity()
        if self.backups is not None:
            self.backups.start()

    def stop(self) -> None:
        """Stop the timers and wait for look-ups still running (closing the window)."""
        self.holds.stop()
        self.live.stop()
        self.clock.stop()
        self.idle.stop()
        if self.backups is not None:
            self.backups.stop()
        self.runner.wait()

    # --- per-dialog controllers ------------------------------------------------------------

    def phone_in(self) -> PhoneInBooking:
        from maitred.controllers.phone_in import PhoneInBooking

        return PhoneInBooking(self._book, self.caller, self.feed, self.location, self, staff=self.staff)

    def walk_in(self) -> WalkInPlanner:
        from maitred.controllers.walk_in import WalkInPlanner

        return WalkInPlanner(self._book, self.caller, self.location)

    def details(self) -> ReservationDetails:
        from maitred.controllers.details import ReservationDetails

        return ReservationDetails(self._book, self.caller, self.location)

    # --- internals -------------------------------------------------------------------------

    def _on_book_changed(self) -> None:
        self.settings.check_for_update(self)
        touched = self._days_touched(self.live.since)
        if touched is None or self.day.day in touched:  # a day nobody changed is not loaded again
            # A whole load under way (back online, another day) would drop a refresh's answer: redo it.
            self.day.reload() if self.day.is_loading() else self.day.refresh()
        if touched is None or touched:
            self.requests.refresh()
        self.waitlist.refresh()  # its changes are not reservations': always look

    # --- several terminals: staff, change log, backups, being offline --------------------------

    def _days_touched(self, since: int | None) -> set[date] | None:
        """The local days of this restaurant that changed after entry `since` (None: unknown, so
        everything is loaded again — the first look, a restored book, a failed read)."""
        if since is None:
            return None
        try:
            entries = self._book.change_log.reservation_changes_since(since)
        except ReservationBookError:
            return None
        zone = self.location.info.time_zone
        return {local_day(r.start, zone) for e in entries for r in (e.before, e.after)
                if r is not None and e.location_id == self.location.id}

    def _on_reachable_changed(self, reachable: bool) -> None:
        """Back online: load what may have been missed (a day switched to while offline)."""
        if reachable:
            self.day.reload()
            self.requests.refresh()

    def use_backups(self, backups: BookBackups) -> BackupKeeper:
        """Keep copies of a book that is a file (the application calls this; `start` takes one)."""
        self.backups = BackupKeeper(backups, self.staff, self._book.clock, self.runner, self)
        self.backups.restored.connect(lambda _before: self.reload_book())
        return self.backups

    def use_preferences(self, preferences: StandPreferences) -> None:
        """This stand's name (in the audit log) and idle lock come from its saved settings."""
        self.preferences = preferences

        def apply() -> None:
            self.staff.set_terminal(preferences.terminal_name)
            self.idle.set_minutes(preferences.idle_minutes)

        preferences.changed.connect(apply)
        apply()

    def change_log(self) -> ChangeLogBrowser:
        from maitred.controllers.change_log import ChangeLogBrowser

        return ChangeLogBrowser(self._book, self.staff, self.location.info.time_zone)

    def staff_admin(self) -> StaffAdmin:
        from maitred.controllers.staff_admin import StaffAdmin

        return StaffAdmin(self._book, self.staff)

    def reload_book(self) -> None:
        """The whole book may be another one now (a copy was put back): read everything again and
        have whoever is at the stand sign in anew (the staff list may differ too)."""
        self.staff.lock()
        fresh = self.settings.current()
        self.feed.announce(Changes(location=fresh), self)
        self.requests.refresh()
        self.live.poll()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.location is not None:
            self.actions.set_location(changes.location)
