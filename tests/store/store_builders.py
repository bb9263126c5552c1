"""Domain values for the store tests, with plausible defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import LocationInfo, ReservationLocation
from maitred.domain.reservation import Reservation

T0 = datetime(2026, 6, 8, 12, 0, tzinfo=UTC)


def make_location(location_id: str = "loc-1", name: str = "Trattoria", **changes: Any) -> ReservationLocation:
    values: dict[str, Any] = {
        "id": location_id,
        "info": LocationInfo(name=name, time_zone="Europe/Rome", country_code="IT"),
        "created": T0,
        "updated": T0,
    }
    values.update(changes)
    return ReservationLocation(**values)


def make_reservation(
    reservation_id: str,
    *,
    location_id: str = "loc-1",
    status: ReservationStatus = ReservationStatus.RESERVED,
    source: Source = Source.OFFLINE,
    start: datetime = T0,
    minutes: int = 90,
    party_size: int = 2,
    table_ids: tuple[str, ...] = ("t1",),
    created: datetime = T0,
    **changes: Any,
) -> Reservation:
    return Reservation(
        id=reservation_id,
        location_id=location_id,
        status=status,
        source=source,
        start=start,
        end=start + timedelta(minutes=minutes),
        party_size=party_size,
        table_ids=table_ids,
        created=created,
        updated=created,
        **changes,
    )
