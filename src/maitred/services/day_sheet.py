"""The day sheet of a day, read from the book: the day's reservations and their guests' profiles."""

from __future__ import annotations

from datetime import date

from maitred.domain.day_sheet import DaySheet, build_day_sheet
from maitred.domain.guest import Guest
from maitred.services.commands import Caller
from maitred.services.exports import ExportService
from maitred.services.ports import UnitOfWorkFactory


class DaySheetService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, exports: ExportService) -> None:
        self._uow = unit_of_work
        self._exports = exports

    def sheet(self, caller: Caller, location_id: str, day: date) -> DaySheet:
        location = self._exports.location(location_id)
        reservations = self._exports.reservations_between(caller, location_id, day, day)
        with self._uow() as uow:
            guests: dict[str, Guest] = {}
            for phone in {r.reservee.phone for r in reservations if r.reservee and r.reservee.phone}:
                guest = uow.guests.by_phone(phone)
                if guest is not None:
                    guests[phone] = guest
        return build_day_sheet(location, day, reservations, guests)
