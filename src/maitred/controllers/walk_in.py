"""Where a walk-in party can sit right now: the free tables that fit, best first.

"Best" is the book's own auto-assignment order (smallest table that fits, single tables before
combinations), so the suggestion is the table the book would have given.
"""

from __future__ import annotations

from dataclasses import dataclass

from maitred.domain.availability import natural_key, seating_options
from maitred.domain.location import ReservationLocation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


@dataclass(frozen=True, slots=True)
class TableOption:
    """A table or a combination a party can be given, with its name as the host reads it."""

    table_ids: tuple[str, ...]
    name: str
    seats_max: int


def table_names(location: ReservationLocation, table_ids: tuple[str, ...]) -> str:
    """ "T4+T5" for the host; unknown ids as they are."""
    tables = location.table_management
    names = [(t.name if (t := tables.any_table(tid)) else tid) for tid in table_ids]
    return "+".join(sorted(names, key=natural_key))


class WalkInPlanner:
    """Answers "where can a party of n sit now, for their whole turnover time?"."""

    def __init__(self, book: ReservationBook, caller: Caller, location: ReservationLocation) -> None:
        self._book, self._caller, self._location = book, caller, location

    def free_options(self, party_size: int) -> list[TableOption]:
        location = self._location
        minutes = location.online.turnover_minutes(party_size)
        check = self._book.time_slots.check(self._caller, location.id, self._book.clock(), minutes, party_size)
        free = {frozenset(o.table_ids) for o in check.options if not o.conflicts}
        options = [o for o in seating_options(location.table_management) if frozenset(o.table_ids) in free]
        options.sort(key=lambda o: o.preference)
        return [TableOption(o.table_ids, table_names(location, o.table_ids), o.seats_max) for o in options]

    def suggestion(self, party_size: int) -> TableOption | None:
        options = self.free_options(party_size)
        return options[0] if options else None
