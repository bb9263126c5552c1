"""The reservation book: every use case over one store and one clock, as the GUI and the API see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from maitred.services.listing import ListingService
from maitred.services.locations import LocationService
from maitred.services.ports import Clock, UnitOfWorkFactory
from maitred.services.reservations import ReservationService
from maitred.services.time_slots import TimeSlotService


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
            ReservationService(unit_of_work, clock), TimeSlotService(unit_of_work, clock),
            ListingService(unit_of_work), LocationService(unit_of_work, clock), close,
        )

    def last_change_id(self) -> int:
        """Grows with every change by any terminal: cheap to poll for live refresh."""
        with self.unit_of_work() as uow:
            return uow.audit.last_change_id()
