"""A phone-in booking, step by step: slots around the wanted time, a ten-minute hold, the guest.

The hold is taken the moment the host picks a slot, so the table can't go to anybody else while
the guest spells their name; Escape lets it go again. Whether the hold lapsed is decided by the
book's clock, never by a timer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from maitred.controllers.changes import ChangeFeed, Changes
from maitred.controllers.staff_session import OpenStand, StaffGate
from maitred.domain.availability import LocationConflict, SlotStatus, TableConflict, guest_tables_first
from maitred.domain.errors import ReservationNotFound
from maitred.domain.guest import Guest, GuestCard
from maitred.domain.lifecycle import Source
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import zone
from maitred.domain.staff import Permission
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller, ReservationPatch, ReserveeDraft


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

    def wanted_start(self, day: date, wall_time: time) -> datetime:
        """The UTC instant of a wall-clock time on a day in the restaurant's zone."""
        return datetime.combine(day, wall_time, tzinfo=zone(self._location.info.time_zone)).astimezone(UTC)

    def slots_around(self, start: datetime, party_size: int, before: int = 4, after: int = 4) -> list[SlotChoice]:
        """The slots on the grid around `start`, each free or with the reason it isn't."""
        slots = self._book.time_slots.time_slots(self._caller, self._location.id, start, party_size,
                                                 before=before, after=after)
        choices = []
        for slot in slots:
            if slot.status is SlotStatus.AVAILABLE:
                options = guest_tables_first(self._location.table_management, slot.table_options)
                choices.append(SlotChoice(slot.start, True, table_options=tuple(options)))
            elif slot.status is SlotStatus.NON_WORKING_HOURS:
                choices.append(SlotChoice(slot.start, False, SlotBlocker.CLOSED))
            else:
                choices.append(SlotChoice(slot.start, False, self._why_unavailable(slot.start, slot.duration,
                                                                                   party_size)))
        return choices

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
        free = [c for c in choices if c.available]
        return min(free, key=lambda c: (abs((c.start - wanted).total_seconds()), c.start)) if free else None

    # --- the hold --------------------------------------------------------------------------

    def take_hold(self, start: datetime, party_size: int, table_ids: tuple[str, ...] | None = None) -> Reservation:
        """Hold a table for ten minutes (a phone-in: source OFFLINE), letting go of any earlier one.

        `table_ids` is the option shown on the slot (a table open to guests before a bar table);
        without it the book chooses."""
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
