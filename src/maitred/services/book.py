"""The reservation book: every use case over one store and one clock, as the GUI and the API see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from maitred.services.change_log import ChangeLogService
from maitred.services.day_sheet import DaySheetService
from maitred.services.exports import ExportService
from maitred.services.guests import GuestBook, remember_guest
from maitred.services.listing import ListingService
from maitred.services.locations import LocationService
from maitred.services.ports import Clock, UnitOfWorkFactory
from maitred.services.reports import ReportService
from maitred.services.reservations import ReservationService
from maitred.services.staff import StaffService
from maitred.services.time_slots import TimeSlotService
from maitred.services.waitlist import WaitlistService


@dataclass(frozen=True)
class ReservationBook:
    unit_of_work: UnitOfWorkFactory
    clock: Clock
    reservations: ReservationService
    time_slots: TimeSlotService
    listing: ListingService
    locations: LocationService
    close: Callable[[], None] = field(default=lambda: None)

    @classmethod
    def over(cls, unit_of_work: UnitOfWorkFactory, clock: Clock,
             close: Callable[[], None] = lambda: None) -> ReservationBook:
        return cls(
            unit_of_work, clock,
            ReservationService(unit_of_work, clock, after_booking=remember_guest), TimeSlotService(unit_of_work, clock),
            ListingService(unit_of_work), LocationService(unit_of_work, clock), close,
        )

    def last_change_id(self) -> int:
        """Grows with every change by any terminal: cheap to poll for live refresh."""
        with self.unit_of_work() as uow:
            return uow.audit.last_change_id()

    # --- staff and the change log (several terminals, roles, audit) ---

    @cached_property
    def staff(self) -> StaffService:
        return StaffService(self.unit_of_work, self.clock)

    @cached_property
    def change_log(self) -> ChangeLogService:
        return ChangeLogService(self.unit_of_work)

    # --- the guest book, the waitlist, the day sheet, exports and reports ---

    @cached_property
    def guests(self) -> GuestBook:
        return GuestBook(self.unit_of_work, self.clock)

    @cached_property
    def waitlist(self) -> WaitlistService:
        return WaitlistService(self.unit_of_work, self.clock, self.reservations)

    @cached_property
    def exports(self) -> ExportService:
        return ExportService(self.unit_of_work, self.clock, self.listing, self.reservations)

    @cached_property
    def day_sheets(self) -> DaySheetService:
        return DaySheetService(self.unit_of_work, self.exports)

    @cached_property
    def reports(self) -> ReportService:
        return ReportService(self.unit_of_work, self.exports)
