"""A phone-in booking, step by step: slots around the wanted time, a ten-minute hold, the guest.

The hold is taken the moment the host picks a slot, so the table can't go to anybody else while
the guest spells their name; Escape lets it go again. Whether the hold lapsed is decided by the
book's clock, never by a timer; so is whether a slot has already gone by (a past slot is never
offered as free, and is held only when the host says they mean it, to record a late booking).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.staff_session import OpenStand, StaffGate
from maitred.domain.availability import LocationConflict, SlotStatus, TableConflict, guest_tables_first
from maitred.domain.errors import ReservationNotFound, invalid
from maitred.domain.guest import Guest, GuestCard
from maitred.domain.lifecycle import Source
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import is_open_for_start, zone
from maitred.domain.staff import Permission
from maitred.domain.typed_time import parse_wall_time
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller, ReservationPatch, ReserveeDraft
from maitred.services.time_slots import TimeSlot


class SlotBlocker(StrEnum):
    """Why a slot can't be held, in terms the window words for the host."""

    NONE = "NONE"
    CLOSED = "CLOSED"
    TAKEN = "TAKEN"  # every table that fits is in use
    NO_TABLE_FITS = "NO_TABLE_FITS"  # no table or combination seats this party
    PARTY_PACING = "PARTY_PACING"
    SEAT_PACING = "SEAT_PACING"


@dataclass(frozen=True, slots=True)
class SlotChoice:
    start: datetime
    available: bool
    blocker: SlotBlocker = SlotBlocker.NONE
    table_options: tuple[tuple[str, ...], ...] = ()
    past: bool = False  # its start has gone by: shown as past, held only when the host confirms


@dataclass(frozen=True, slots=True)
class WantedTime:
    """The start the host means, and whether a bare `730` was read as 19:30 (worth saying)."""

    start: datetime
    read_as_pm: bool = False


def _may_mean_pm(typed: str, wall: time) -> bool:
    """`730` or `7:30` may mean 19:30 on the phone; `7:30am`, `7pm` and `07:30` say what they mean."""
    said_am_or_pm = re.search(r"[ap]", typed, re.IGNORECASE) is not None
    return 1 <= wall.hour <= 11 and not said_am_or_pm and not typed.strip().startswith("0")


class PhoneInBooking(QObject):
    """One phone call's booking: at most one hold at a time."""

    #: Reservation | None: the hold taken (None once booked or released)
    hold_changed = Signal(object)

    def __init__(self, book: ReservationBook, caller: Caller, feed: ChangeFeed, location: ReservationLocation,
                 parent: QObject | None = None, *, staff: StaffGate | None = None) -> None:
        super().__init__(parent)
        self._book, self._caller, self._feed = book, caller, feed
        self._staff: StaffGate = staff or OpenStand(caller)
        self._hold_caller = caller  # who took the hold: they let it go, even once the stand is locked
        self._location = location
        self._hold: Reservation | None = None

    @property
    def location(self) -> ReservationLocation:
        return self._location

    @property
    def hold(self) -> Reservation | None:
        return self._hold

    def now(self) -> datetime:
        return self._book.clock()

    def today(self) -> date:
        """The restaurant's date by the book's clock."""
        return self.now().astimezone(zone(self._location.info.time_zone)).date()

    def is_past(self, start: datetime) -> bool:
        """Whether a start has already gone by (by the book's clock)."""
        return start < self.now()

    def is_open_at(self, start: datetime) -> bool:
        """Whether the restaurant takes a reservation starting then (its hours, special days)."""
        return is_open_for_start(self._location.online, self._location.info.time_zone, start)

    def wanted_start(self, day: date, wall_time: time) -> datetime:
        """The UTC instant of a wall-clock time on a day in the restaurant's zone."""
        return datetime.combine(day, wall_time, tzinfo=zone(self._location.info.time_zone)).astimezone(UTC)

    def wanted_from_typed(self, day: date, typed: str) -> WantedTime | None:
        """The start the host means by what they typed, None if it isn't a time. A bare hour from 1
        to 11 means the afternoon or evening when the restaurant is closed then or it has gone by,
        and is open twelve hours later: a host on the phone who types `730` means 19:30."""
        wall = parse_wall_time(typed)
        if wall is None:
            return None
        start = self.wanted_start(day, wall)
        if not _may_mean_pm(typed, wall):
            return WantedTime(start)
        later = self.wanted_start(day, wall.replace(hour=wall.hour + 12))
        if (self.is_past(start) or not self.is_open_at(start)) and self.is_open_at(later):
            return WantedTime(later, read_as_pm=True)
        return WantedTime(start)

    def slots_around(self, start: datetime, party_size: int, before: int = 4, after: int = 4) -> list[SlotChoice]:
        """The slots on the grid around `start`, each free or with the reason it isn't, and marked
        past when it has gone by."""
        slots = self._book.time_slots.time_slots(self._caller, self._location.id, start, party_size,
                                                 before=before, after=after)
        now = self.now()
        return [self._choice(slot, party_size, past=slot.start < now) for slot in slots]

    def _choice(self, slot: TimeSlot, party_size: int, *, past: bool) -> SlotChoice:
        if slot.status is SlotStatus.AVAILABLE:
            options = guest_tables_first(self._location.table_management, slot.table_options)
            return SlotChoice(slot.start, True, table_options=tuple(options), past=past)
        if slot.status is SlotStatus.NON_WORKING_HOURS:
            return SlotChoice(slot.start, False, SlotBlocker.CLOSED, past=past)
        return SlotChoice(slot.start, False, self._why_unavailable(slot.start, slot.duration, party_size), past=past)

    def _why_unavailable(self, start: datetime, minutes: int, party_size: int) -> SlotBlocker:
        check = self._book.time_slots.check(self._caller, self._location.id, start, minutes, party_size)
        if LocationConflict.PARTY_PACING in check.location_conflicts:
            return SlotBlocker.PARTY_PACING
        if LocationConflict.SEAT_PACING in check.location_conflicts:
            return SlotBlocker.SEAT_PACING
        sizes = (TableConflict.TOO_BIG, TableConflict.TOO_SMALL)
        if check.options and all(any(c in sizes for c in o.conflicts) for o in check.options):
            return SlotBlocker.NO_TABLE_FITS
        return SlotBlocker.TAKEN

    @staticmethod
    def nearest_free(choices: list[SlotChoice], wanted: datetime) -> SlotChoice | None:
        """The free slot closest to the wanted time; never a past one, so Enter, Enter can't book it."""
        free = [c for c in choices if c.available and not c.past]
        return min(free, key=lambda c: (abs((c.start - wanted).total_seconds()), c.start)) if free else None

    # --- the hold --------------------------------------------------------------------------

    def take_hold(self, start: datetime, party_size: int, table_ids: tuple[str, ...] | None = None, *,
                  past_confirmed: bool = False) -> Reservation:
        """Hold a table for ten minutes (a phone-in: source OFFLINE), letting go of any earlier one.

        `table_ids` is the option shown on the slot (a table open to guests before a bar table);
        without it the book chooses. A start gone by is held only with `past_confirmed` (the host
        said they are recording a late booking), so a slip never books the past."""
        if self.is_past(start) and not past_confirmed:
            raise invalid("details.startDate", "that time has already passed; confirm it to record a late booking")
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        self.release()
        held = self._book.reservations.hold(caller, self._location.id, start, party_size,
                                            source=Source.OFFLINE, table_ids=table_ids)
        self._hold_caller = caller
        self._set_hold(held)
        self._announce(None, held)
        return held

    def seconds_left(self) -> int | None:
        """Whole seconds until the hold lapses (by the book's clock), or None without a hold."""
        deadline = self._hold.hold_expires_at() if self._hold else None
        if deadline is None:
            return None
        return max(0, math.ceil((deadline - self._book.clock()).total_seconds()))

    def hold_lapsed(self) -> bool:
        return self._hold is not None and self._hold.is_expired(self._book.clock())

    def book(self, *, first_name: str, last_name: str = "", phone: str = "", email: str = "", notes: str = "",
             custom_fields: Mapping[str, str] | None = None) -> Reservation:
        """Complete the hold with the guest's details (reserveReservation), then the team's note."""
        if self._hold is None:
            raise ReservationNotFound("there is no held table to book: pick a time first")
        held = self._hold
        caller = self._staff.caller_for(Permission.CHANGE_RESERVATIONS)
        custom = {k: v for k, v in (custom_fields or {}).items() if v}
        booked = self._book.reservations.reserve(caller, held.id, ReserveeDraft(
            first_name=first_name.strip() or None, last_name=last_name.strip() or None,
            phone=phone.strip() or None, email=email.strip() or None, custom_fields=custom or None,
        ), held.revision)
        self._hold = None
        if notes.strip():
            booked = self._book.reservations.update(caller, booked.id, booked.revision,
                                                    ReservationPatch(team_message=notes.strip()))
        self.hold_changed.emit(None)
        self._announce(held, booked)
        return booked

    def release(self) -> None:
        """Let the held table go (the guest hung up, the host pressed Escape)."""
        held, self._hold = self._hold, None
        if held is None:
            return
        self.hold_changed.emit(None)
        with suppress(ReservationNotFound):  # the sweeper may have been quicker
            self._book.reservations.delete(self._hold_caller, held.id)
        self._feed.announce(Changes.of(self._location.info.time_zone, removed=[held]), self)

    # --- a returning guest (the guest book) ---------------------------------------------------

    def returning_guests(self, typed_phone: str) -> list[Guest]:
        """Guests whose number holds the digits typed so far (three or more), best match first."""
        return self._book.guests.lookup(typed_phone)

    def guest_card(self, guest_id: str) -> GuestCard:
        """The guest's profile and record: tags, notes, visits and no-shows."""
        return self._book.guests.card(guest_id)

    def _set_hold(self, held: Reservation | None) -> None:
        self._hold = held
        self.hold_changed.emit(held)

    def _announce(self, before: Reservation | None, after: Reservation) -> None:
        self._feed.announce(Changes.of(self._location.info.time_zone, before=[before], after=[after]), self)
