"""What the details dialog reads: the reservation, its history, and which tables would fit.

Table choices come from checkTimeSlot for the reservation's own stay with itself excluded, so
the host sees every table and combination with the reason it can't be used, if any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from maitred.controllers.walk_in import table_names
from maitred.domain.audit import ReservationChange
from maitred.domain.availability import LocationConflict, TableConflict, seating_options
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller


@dataclass(frozen=True, slots=True)
class TableChoice:
    table_ids: tuple[str, ...]
    name: str
    seats_min: int
    seats_max: int
    conflicts: tuple[TableConflict, ...]
    is_current: bool = False

    @property
    def usable(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True, slots=True)
class ReservationEdit:
    """What the host changed in the details dialog; None leaves a field as it is."""

    start: datetime | None = None
    end: datetime | None = None
    party_size: int | None = None
    table_ids: tuple[str, ...] | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    custom_fields: Mapping[str, str] | None = None
    team_message: str | None = None

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__slots__)

    @property
    def changes_guest(self) -> bool:
        return any(v is not None for v in (self.first_name, self.last_name, self.phone, self.email,
                                           self.custom_fields))


@dataclass(frozen=True, slots=True)
class TableChoices:
    choices: tuple[TableChoice, ...]
    location_conflicts: tuple[LocationConflict, ...] = ()


class ReservationDetails:
    """Reads for one reservation, on demand (the dialog is open for seconds, not hours)."""

    def __init__(self, book: ReservationBook, caller: Caller, location: ReservationLocation) -> None:
        self._book, self._caller, self._location = book, caller, location

    @property
    def location(self) -> ReservationLocation:
        return self._location

    def now(self) -> datetime:
        return self._book.clock()

    def get(self, reservation_id: str) -> Reservation:
        return self._book.reservations.get(reservation_id)

    def history(self, reservation_id: str) -> Sequence[ReservationChange]:
        return self._book.reservations.history(self._caller, reservation_id)

    def table_choices(self, reservation: Reservation, start: datetime, end: datetime,
                      party_size: int) -> TableChoices:
        minutes = max(1, round((end - start).total_seconds() / 60))
        check = self._book.time_slots.check(self._caller, self._location.id, start, minutes, party_size,
                                            exclude_id=reservation.id)
        seats = {frozenset(o.table_ids): o for o in seating_options(self._location.table_management)}
        current = frozenset(reservation.table_ids)
        choices = []
        for option in check.options:
            key = frozenset(option.table_ids)
            known = seats.get(key)
            choices.append(TableChoice(
                option.table_ids, table_names(self._location, option.table_ids),
                known.seats_min if known else 1, known.seats_max if known else 0,
                option.conflicts, key == current,
            ))
        return TableChoices(tuple(choices), tuple(check.location_conflicts))
