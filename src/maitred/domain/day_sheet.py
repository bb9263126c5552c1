"""The day sheet for the pre-shift meeting: each service's parties, VIPs first, with what the
floor and the kitchen must know (tags, allergies, notes), and the covers arriving per interval.

Built from plain values (the location, the day's reservations, the guest book by phone) so the
printout and its tests need no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from maitred.domain.guest import Guest, TagKind, folded, tag_kind
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.location import ReservationLocation
from maitred.domain.meal_periods import MealPeriod, local_minute, meal_period_of, meal_periods_on
from maitred.domain.reservation import Reservation
from maitred.domain.schedule import floor_to_grid, zone

S = ReservationStatus

#: The parties a day sheet lists: expected, at the table or done; not holds being taken on the
#: phone, nor cancelled, declined or no-show bookings.
SHEET_STATUSES = frozenset({S.REQUESTED, S.PAYMENT_PENDING, S.RESERVED, S.SEATED, S.FINISHED})

_VIP_WORD = re.compile(r"\bvip\b")
_KITCHEN_KINDS = (TagKind.ALLERGY, TagKind.DIETARY)


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One party on the sheet. `tags` are for the floor, `allergies` for the kitchen."""

    reservation_id: str
    start: datetime
    party_size: int
    table_ids: tuple[str, ...]
    name: str
    status: ReservationStatus
    source: Source
    vip: bool
    tags: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SheetService:
    """A service (lunch, dinner) of the day: its parties and the covers arriving per interval."""

    period: MealPeriod
    rows: tuple[SheetRow, ...]
    covers_per_interval: tuple[tuple[datetime, int], ...]

    @property
    def covers(self) -> int:
        return sum(r.party_size for r in self.rows)

    @property
    def vip_count(self) -> int:
        return sum(1 for r in self.rows if r.vip)


@dataclass(frozen=True, slots=True)
class DaySheet:
    location_name: str
    time_zone: str
    day: date
    services: tuple[SheetService, ...]

    @property
    def covers(self) -> int:
        return sum(s.covers for s in self.services)

    @property
    def parties(self) -> int:
        return sum(len(s.rows) for s in self.services)


def is_vip(reservation: Reservation, guest: Guest | None) -> bool:
    """A VIP guest, or a booking the team marked "VIP" in its note."""
    return (guest is not None and guest.is_vip) or bool(_VIP_WORD.search(folded(reservation.team_message or "")))


def sheet_row(location: ReservationLocation, reservation: Reservation, guest: Guest | None) -> SheetRow:
    """The party as the sheet shows it: the guest's profile tags and the booking's form fields,
    split between the floor (tags) and the kitchen (allergies, diets)."""
    reservee = reservation.reservee
    names = {f.id: f.name for f in location.form.custom_fields}
    tags: list[str] = []
    allergies: list[str] = []
    if guest is not None:
        allergies.extend(guest.tags_of(*_KITCHEN_KINDS))
        tags.extend(t for t in guest.tags if tag_kind(t) not in _KITCHEN_KINDS)
    for field_id, value in (reservee.custom_fields if reservee else {}).items():
        text = str(value).strip()
        if not text:
            continue
        if tag_kind(names.get(field_id, "")) in _KITCHEN_KINDS or tag_kind(text) in _KITCHEN_KINDS:
            allergies.append(text)
        else:
            tags.append(text)
    notes = [n for n in ((reservation.team_message or "").strip(), (guest.notes.strip() if guest else "")) if n]
    return SheetRow(
        reservation_id=reservation.id, start=reservation.start, party_size=reservation.party_size,
        table_ids=reservation.table_ids, name=reservee.display_name if reservee else "",
        status=reservation.status, source=reservation.source, vip=is_vip(reservation, guest),
        tags=_unique(tags), allergies=_unique(allergies), notes=_unique(notes),
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def build_day_sheet(location: ReservationLocation, day: date, reservations: Iterable[Reservation],
                    guests_by_phone: Mapping[str, Guest]) -> DaySheet:
    """The sheet of `day`: the listed parties of the location starting that local day, grouped by
    service; in each, VIPs first, then by time."""
    tz = location.info.time_zone
    periods = meal_periods_on(location, day)
    grouped: dict[MealPeriod, list[SheetRow]] = {p: [] for p in periods}
    for reservation in reservations:
        if (reservation.location_id != location.id or reservation.status not in SHEET_STATUSES
                or reservation.start.astimezone(zone(tz)).date() != day):
            continue
        phone = reservation.reservee.phone if reservation.reservee else None
        row = sheet_row(location, reservation, guests_by_phone.get(phone) if phone else None)
        grouped.setdefault(meal_period_of(periods, local_minute(reservation.start, tz)), []).append(row)
    services = []
    for period in sorted(grouped, key=lambda p: p.opens):
        rows = sorted(grouped[period], key=lambda r: (not r.vip, r.start, r.reservation_id))
        services.append(SheetService(period, tuple(rows), covers_per_interval(location, day, period, rows)))
    return DaySheet(location.info.name, tz, day, tuple(services))


def covers_per_interval(location: ReservationLocation, day: date, period: MealPeriod,
                        rows: Iterable[SheetRow]) -> tuple[tuple[datetime, int], ...]:
    """Covers arriving in each slot interval of the service, from its opening to its last start
    (stretched to take in parties booked outside it)."""
    tz, interval = location.info.time_zone, location.online.time_slot_interval
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone(tz))
    counts: dict[datetime, int] = {}
    for row in rows:
        window = floor_to_grid(row.start, tz, interval).astimezone(UTC)
        counts[window] = counts.get(window, 0) + row.party_size
    # Wall-clock minutes from midnight, then UTC: stepping in UTC keeps the grid across DST.
    first = floor_to_grid(midnight + timedelta(minutes=period.opens), tz, interval).astimezone(UTC)
    last = floor_to_grid(midnight + timedelta(minutes=period.last_start), tz, interval).astimezone(UTC)
    if counts:
        first, last = min(first, *counts), max(last, *counts)
    step = timedelta(minutes=interval)
    windows = []
    moment = first
    while moment <= last:
        windows.append((moment, counts.get(moment, 0)))
        moment += step
    return tuple(windows)
