"""Time slots around a wanted time (getTimeSlots) and a close look at one stay (checkTimeSlot).

One look-up loads every occupying reservation that touches the whole run of slots; each slot is
then answered in memory, so 101 slots cost one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from maitred.domain.availability import (
    FreeOptions,
    LocationConflict,
    PacingCounts,
    SeatingOption,
    SlotStatus,
    TableBookings,
    TableConflict,
    fitting_options,
    option_conflicts,
    pacing_enabled,
    seating_options,
    uses_tables,
)
from maitred.domain.errors import ReservationLocationNotFound
from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation
from maitred.domain.schedule import floor_to_grid, is_open_for_start, slot_starts
from maitred.services.commands import Caller
from maitred.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from maitred.services.reservations import require_staff
from maitred.services.seating import online_rule_refuses


class TimeSlot(NamedTuple):
    """One slot of a run (a named tuple: a run has a hundred of them)."""

    start: datetime
    duration: int
    status: SlotStatus
    table_options: tuple[tuple[str, ...], ...] = ()
    manual_approval: bool | None = None  # set on AVAILABLE slots only


@dataclass(frozen=True, slots=True)
class OptionCheck:
    table_ids: tuple[str, ...]
    conflicts: tuple[TableConflict, ...]


@dataclass(frozen=True, slots=True)
class SlotCheck:
    options: tuple[OptionCheck, ...]
    location_conflicts: tuple[LocationConflict, ...]


class TimeSlotService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def time_slots(self, caller: Caller, location_id: str, date: datetime, party_size: int,
                   duration: int | None = None, before: int = 0, after: int = 0) -> list[TimeSlot]:
        """`before + 1 + after` slots on the location's grid around `date`, ascending."""
        now = self._clock()
        with self._uow() as uow:  # one read: the location and its bookings as of the same moment
            location = _location(uow, location_id)
            online, time_zone = location.online, location.info.time_zone
            interval = timedelta(minutes=online.time_slot_interval)
            minutes = duration if duration is not None else online.turnover_minutes(party_size)
            stay = timedelta(minutes=minutes)
            starts = slot_starts(floor_to_grid(date, time_zone, online.time_slot_interval),
                                 online.time_slot_interval, before, after)
            bookings, pacing = _room(uow, location, starts[0], starts[-1] + max(stay, interval), now)
        online_guest = caller.scope is Scope.BASIC
        options = seating_options(location.table_management) if uses_tables(location) else []
        free_options = FreeOptions(fitting_options(options, party_size, for_online_guest=online_guest), bookings)
        slots = []
        for start in starts:
            if not is_open_for_start(online, time_zone, start):
                slots.append(TimeSlot(start, minutes, SlotStatus.NON_WORKING_HOURS))
                continue
            refused = online_guest and (not online.enabled or online_rule_refuses(location, now, start, party_size))
            if not refused and pacing is not None:
                refused = bool(pacing.conflicts(location, start, party_size))
            free: list[SeatingOption] = []
            if not refused and uses_tables(location):
                free = free_options.during(start, start + stay)
                refused = not free
            if refused:
                slots.append(TimeSlot(start, minutes, SlotStatus.UNAVAILABLE))
                continue
            listed = () if online_guest else tuple([o.table_ids for o in free])
            slots.append(TimeSlot(start, minutes, SlotStatus.AVAILABLE, listed, online.needs_approval(party_size)))
        return slots

    def check(self, caller: Caller, location_id: str, date: datetime, duration: int, party_size: int,
              exclude_id: str | None = None) -> SlotCheck:
        """Every table and combination for this exact stay, with what stands in each one's way."""
        require_staff(caller, "checkTimeSlot")
        end = date + timedelta(minutes=duration)
        now = self._clock()
        with self._uow() as uow:
            location = _location(uow, location_id)
            interval = location.online.time_slot_interval
            window = floor_to_grid(date, location.info.time_zone, interval)
            bookings, pacing = _room(uow, location, min(date, window),
                                     max(end, window + timedelta(minutes=interval)), now, exclude_id)
        checks = tuple(
            OptionCheck(o.table_ids, tuple(option_conflicts(o, bookings, date, end, party_size)))
            for o in (seating_options(location.table_management) if uses_tables(location) else [])
        )
        conflicts = tuple(pacing.conflicts(location, date, party_size)) if pacing else ()
        return SlotCheck(checks, conflicts)


def _location(uow: UnitOfWork, location_id: str) -> ReservationLocation:
    location = uow.locations.get(location_id)
    if location is None:
        raise ReservationLocationNotFound(f"there is no reservation location {location_id}")
    return location


def _room(uow: UnitOfWork, location: ReservationLocation, start: datetime, end: datetime, now: datetime,
          exclude_id: str | None = None) -> tuple[TableBookings, PacingCounts | None]:
    """The tables in use and the pacing counts over `[start, end)`, from one query."""
    uses = uow.reservations.table_uses(location.id, start, end, now, exclude_id)
    pacing = None
    if pacing_enabled(location):
        pacing = PacingCounts(uses, location.info.time_zone, location.online.time_slot_interval)
    return TableBookings(uses), pacing
