"""Deciding where a party sits and whether the room can take it: the check every booking and
every move goes through, inside the location's lock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from maitred.domain.availability import (
    LocationConflict,
    PacingCounts,
    TableBookings,
    TableConflict,
    assign_tables,
    named_option,
    option_conflicts,
    pacing_enabled,
    seating_options,
    uses_tables,
)
from maitred.domain.errors import FieldViolation, InvalidArgument, TimeNotAvailable
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import LONGEST_RESERVATION, TableClash, TableUse
from maitred.domain.schedule import floor_to_grid, is_open_for_start
from maitred.services.commands import Overrides
from maitred.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Placement:
    table_ids: tuple[str, ...]
    clashes: tuple[TableClash, ...]


def check_table_ids(location: ReservationLocation, table_ids: Sequence[str], field: str) -> None:
    """Tables a host names must exist now (not deleted), once each; none when tables are off."""
    if not uses_tables(location):
        if table_ids:
            raise InvalidArgument(FieldViolation(
                field, "this location doesn't manage tables (table management is OFF)"))
        return
    if len(set(table_ids)) != len(table_ids):
        raise InvalidArgument(FieldViolation(field, "a table is named twice"))
    current = {t.id for t in location.table_management.tables}
    for i, table_id in enumerate(table_ids):
        if table_id not in current:
            raise InvalidArgument(FieldViolation(f"{field}[{i}]", f"there is no table {table_id} at this location"))


def check_period(start: datetime, end: datetime, field: str = "details.endDate") -> None:
    if end <= start:
        raise InvalidArgument(FieldViolation(field, "the end must be after the start"))
    if end - start > LONGEST_RESERVATION:
        raise InvalidArgument(FieldViolation(field, "a reservation can't last more than 24 hours"))


def uses_around(
    uow: UnitOfWork, location: ReservationLocation, start: datetime, end: datetime, now: datetime,
    exclude_id: str | None = None,
) -> Sequence[TableUse]:
    """Occupying reservations that overlap the stay or start in its pacing window."""
    interval = location.online.time_slot_interval
    window = floor_to_grid(start, location.info.time_zone, interval)
    return uow.reservations.table_uses(
        location.id, min(start, window), max(end, window + timedelta(minutes=interval)), now, exclude_id
    )


def online_rule_refuses(location: ReservationLocation, now: datetime, start: datetime, party_size: int) -> bool:
    """Whether a rule that binds online guests only refuses this booking: party size limits,
    notice periods, the past, or business hours."""
    online = location.online
    if not online.party_size_min <= party_size <= online.party_size_max:
        return True
    if start < now:
        return True
    if online.minimum_notice is not None and start < now + online.minimum_notice.as_timedelta:
        return True
    if online.maximum_notice is not None and start > now + online.maximum_notice.as_timedelta:
        return True
    return not is_open_for_start(online, location.info.time_zone, start)


def place_party(
    uses: Sequence[TableUse],
    location: ReservationLocation,
    start: datetime,
    end: datetime,
    party_size: int,
    *,
    requested: tuple[str, ...] | None,
    keep: tuple[str, ...] = (),
    overrides: Overrides = Overrides(),
    online_guest: bool = False,
) -> Placement:
    """The tables the party gets, or TimeNotAvailable naming what stood in the way.

    `requested` are tables the host named (`()` = none on purpose, None = choose); `keep` are
    the tables a moved reservation already has, kept while they are still on the floor, fit and
    are free.
    """
    bookings = TableBookings(uses)
    table_conflicts: list[TableConflict] = []
    refused = False
    tables: tuple[str, ...] = ()
    if uses_tables(location) and requested != ():
        if requested is not None:
            tables = requested
            option = named_option(location.table_management, requested)
            found = option_conflicts(option, bookings, start, end, party_size)
            if not set(found) <= overrides.table_conflicts:
                refused, table_conflicts = True, found
        elif keep and all(location.table_management.table(t) for t in keep) and not option_conflicts(
                named_option(location.table_management, keep), bookings, start, end, party_size):
            tables = keep
        else:
            assignment = assign_tables(
                seating_options(location.table_management), bookings, start, end, party_size,
                for_online_guest=online_guest, ignored=overrides.table_conflicts,
            )
            if assignment.option is None:
                refused, table_conflicts = True, list(assignment.conflicts)
            else:
                tables = assignment.option.table_ids
    pacing: list[LocationConflict] = []
    if pacing_enabled(location):
        pacing = PacingCounts(uses, location.info.time_zone, location.online.time_slot_interval).conflicts(
            location, start, party_size
        )
    if refused or not set(pacing) <= overrides.location_conflicts:
        raise TimeNotAvailable(
            "no table can take this party at that time" if refused else "the pacing limit for that time is reached",
            [str(c) for c in table_conflicts],
            [str(c) for c in pacing],
        )
    return Placement(tables, bookings.clashes(tables, start, end))
