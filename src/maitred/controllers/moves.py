"""Checking a move before making it: which tables clash, with whom, and which pacing rule breaks.

The timeline's drag ends in a `MoveCheck`; when it is not `ok` the window explains it and a FULL
caller may book anyway, passing the very conflicts found as the ignore lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from maitred.domain.availability import LocationConflict, TableConflict, ordered_conflicts
from maitred.domain.lifecycle import OCCUPYING_STATUSES
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import LONGEST_RESERVATION, Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


@dataclass(frozen=True, slots=True)
class TableProblem:
    """One reason the tables don't work: taken (by whom), or the wrong size for the party."""

    conflict: TableConflict
    table_ids: tuple[str, ...]
    blocking: tuple[Reservation, ...] = ()  # the reservations using a taken table


@dataclass(frozen=True, slots=True)
class MoveCheck:
    reservation: Reservation
    table_ids: tuple[str, ...]
    start: datetime
    end: datetime
    problems: tuple[TableProblem, ...] = ()
    location_conflicts: tuple[LocationConflict, ...] = ()

    @property
    def table_conflicts(self) -> tuple[TableConflict, ...]:
        return tuple(ordered_conflicts(p.conflict for p in self.problems))

    @property
    def ok(self) -> bool:
        return not self.problems and not self.location_conflicts


def check_move(book: ReservationBook, caller: Caller, location: ReservationLocation, reservation: Reservation,
               table_ids: tuple[str, ...], start: datetime, end: datetime) -> MoveCheck:
    """checkTimeSlot for the exact new stay, without the reservation itself, read for these tables."""
    minutes = max(1, round((end - start).total_seconds() / 60))
    slot = book.time_slots.check(caller, location.id, start, minutes, reservation.party_size,
                                 exclude_id=reservation.id)
    by_tables = {frozenset(o.table_ids): o.conflicts for o in slot.options}
    problems: list[TableProblem] = []
    taken = tuple(t for t in table_ids if TableConflict.RESERVED in by_tables.get(frozenset({t}), ()))
    if taken:
        problems.append(TableProblem(TableConflict.RESERVED, taken,
                                     _blocking(book, caller, location, reservation, taken, start, end)))
    if table_ids:
        size = [c for c in by_tables.get(frozenset(table_ids), _free_set_size(location, table_ids, reservation))
                if c is not TableConflict.RESERVED]
        problems.extend(TableProblem(c, tuple(table_ids)) for c in size)
    return MoveCheck(reservation, tuple(table_ids), start, end, tuple(problems), tuple(slot.location_conflicts))


def _free_set_size(location: ReservationLocation, table_ids: tuple[str, ...],
                   reservation: Reservation) -> tuple[TableConflict, ...]:
    """A set of tables that is no defined table or combination seats up to the sum of its tables."""
    tables = location.table_management
    seats = sum(t.seats_max for t in (tables.any_table(tid) for tid in table_ids) if t is not None)
    return (TableConflict.TOO_BIG,) if reservation.party_size > seats else ()


def _blocking(book: ReservationBook, caller: Caller, location: ReservationLocation, reservation: Reservation,
              table_ids: tuple[str, ...], start: datetime, end: datetime) -> tuple[Reservation, ...]:
    field = ReservationField
    query = ReservationQuery(conditions=(
        Condition(field.LOCATION, Operator.EQ, location.id),
        Condition(field.START, Operator.GTE, start - LONGEST_RESERVATION),
        Condition(field.START, Operator.LT, end),
        Condition(field.STATUS, Operator.IN, tuple(OCCUPYING_STATUSES)),
    ))
    now = book.clock()
    wanted = set(table_ids)
    return tuple(
        r for r in book.listing.all(caller, query)
        if r.id != reservation.id and r.end > start and r.occupies(now) and wanted & set(r.table_ids)
    )
