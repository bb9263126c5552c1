"""A reservation and the guest it is for, as frozen values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from maitred.domain.lifecycle import EXPIRING_STATUSES, OCCUPYING_STATUSES, ReservationStatus, Source

#: A HELD or PAYMENT_PENDING reservation lives this long after it was created.
HOLD_LIFETIME = timedelta(minutes=10)

#: The longest a reservation may last (a whole-day private event); it bounds the look-ups.
LONGEST_RESERVATION = timedelta(hours=24)


def _frozen_mapping(value: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Reservee:
    """The guest the table is booked for. A walk-in may have no name or phone."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None  # E.164
    marketing_consent: bool | None = None
    custom_fields: Mapping[str, Any] = field(default_factory=_frozen_mapping)

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or ""


@dataclass(frozen=True, slots=True)
class TableClash:
    """A table of this reservation that other occupying reservations also use at the same time."""

    table_id: str
    reservation_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reservation:
    id: str
    location_id: str
    status: ReservationStatus
    source: Source
    start: datetime
    end: datetime
    party_size: int
    table_ids: tuple[str, ...] = ()
    reservee: Reservee | None = None
    team_message: str | None = None
    decline_reason: str | None = None
    table_clashes: tuple[TableClash, ...] = ()
    created: datetime | None = None
    updated: datetime | None = None
    revision: int = 1

    def hold_expires_at(self) -> datetime | None:
        """When a HELD or PAYMENT_PENDING reservation lapses; None for every other status."""
        if self.status in EXPIRING_STATUSES and self.created is not None:
            return self.created + HOLD_LIFETIME
        return None

    def is_expired(self, now: datetime) -> bool:
        deadline = self.hold_expires_at()
        return deadline is not None and now >= deadline

    def occupies(self, now: datetime) -> bool:
        """Whether it holds its tables and counts toward pacing at `now`."""
        return self.status in OCCUPYING_STATUSES and not self.is_expired(now)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


class TableUse(NamedTuple):
    """The part of an occupying reservation the availability engine needs, cheap to load in bulk
    (a named tuple: a busy day loads hundreds of these for every time-slot question)."""

    reservation_id: str
    start: datetime
    end: datetime
    party_size: int
    table_ids: tuple[str, ...]
