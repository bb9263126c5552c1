"""The audit trail: who changed what, when, through which scope, with the values before and after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from maitred.domain.lifecycle import Scope
from maitred.domain.location import ReservationLocation
from maitred.domain.reservation import Reservation

#: The operation name the hold sweeper writes into the audit log.
SWEEPER_OPERATION = "expireHeldReservations"


@dataclass(frozen=True, slots=True)
class ReservationChange:
    """One audit entry of a reservation. `before` is None for a create, `after` None for a delete."""

    reservation_id: str
    location_id: str
    at: datetime
    actor: str | None
    scope: Scope | None
    operation: str
    before: Reservation | None
    after: Reservation | None
    terminal: str | None = None
    id: int | None = None  # assigned by the log; grows with every entry


@dataclass(frozen=True, slots=True)
class LocationChange:
    """One audit entry of a location's settings."""

    location_id: str
    at: datetime
    actor: str | None
    scope: Scope | None
    operation: str
    before: ReservationLocation | None
    after: ReservationLocation
    terminal: str | None = None
    id: int | None = None
