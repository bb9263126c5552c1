"""A busy restaurant for the benchmarks: 100 tables, 40 combinations, 800 reservations on one day.

Built through the services for the location and straight through the store's unit of work for the
reservations (800 bookings through the availability check would be slow and prove nothing here).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.location import (
    LocationInfo,
    OnlineReservations,
    ReservationLocation,
    TableCombination,
    TableDefinition,
    TableLayout,
    TableManagement,
    TimePeriod,
    Weekday,
)
from maitred.domain.reservation import Reservation, Reservee
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller

HOST = Caller(Scope.FULL, actor="bench")
DAY = date(2026, 6, 12)  # a Friday
TABLES = 100
COMBINATIONS = 40
ON_THE_DAY = 800


def busy_location(book: ReservationBook) -> ReservationLocation:
    """100 tables in five rooms, open 11:00–23:00 every day, then 40 combinations of neighbours."""
    tables = tuple(
        TableDefinition("", f"T{i + 1}", 1, (2, 4, 4, 6)[i % 4],
                        layout=TableLayout(x=(i % 20) * 70.0, y=(i // 20) * 90.0, area=f"Room {i // 20 + 1}"))
        for i in range(TABLES)
    )
    periods = tuple(TimePeriod(d, 11 * 60, d, 23 * 60) for d in Weekday)
    wanted = ReservationLocation(
        id="", info=LocationInfo("Bench Brasserie", "Europe/Paris", "FR"),
        online=OnlineReservations(enabled=True, periods=periods, party_size_max=20),
        table_management=TableManagement(tables=tables),
    )
    location = book.locations.create(HOST, wanted)
    ids = [t.id for t in location.table_management.tables]
    combos = tuple(TableCombination("", (ids[2 * i], ids[2 * i + 1]), 3, 10) for i in range(COMBINATIONS))
    return book.locations.update(HOST, location.id, location.revision, lambda loc: replace(
        loc, table_management=replace(loc.table_management, combinations=combos)))


def fill_day(book: ReservationBook, location: ReservationLocation, day: date = DAY,
             count: int = ON_THE_DAY, seed: int = 1) -> None:
    """`count` reservations on `day`: eight turns of 100 tables, 90 minutes each, no overlap."""
    rng = random.Random(seed)
    tables = location.table_management.tables
    first = datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)
    statuses = (ReservationStatus.RESERVED, ReservationStatus.SEATED, ReservationStatus.FINISHED,
                ReservationStatus.REQUESTED)
    created = first - timedelta(days=3)
    with book.unit_of_work(write=True) as uow:
        for i in range(count):
            table = tables[i % len(tables)]
            start = first + timedelta(minutes=90 * (i // len(tables)))
            uow.reservations.add(Reservation(
                id=str(uuid.uuid4()), location_id=location.id, status=statuses[i % len(statuses)],
                source=Source.OFFLINE, start=start, end=start + timedelta(minutes=90),
                party_size=rng.randint(1, table.seats_max), table_ids=(table.id,),
                reservee=Reservee(first_name=f"Guest {i}", last_name="Bench", phone="+33612345678"),
                created=created, updated=created,
            ))
        uow.commit()


def fill_other_days(book: ReservationBook, location: ReservationLocation, total: int, day: date = DAY) -> None:
    """Spread `total` more reservations over the days around `day` (the database's history)."""
    tables = location.table_management.tables
    per_day = ON_THE_DAY
    created = datetime(2026, 1, 1, tzinfo=UTC)
    with book.unit_of_work(write=True) as uow:
        for i in range(total):
            offset = i // per_day + 1
            other = day - timedelta(days=offset) if offset % 2 else day + timedelta(days=offset)
            start = datetime(other.year, other.month, other.day, 9, 30, tzinfo=UTC) + timedelta(
                minutes=90 * ((i % per_day) // len(tables)))
            uow.reservations.add(Reservation(
                id=str(uuid.uuid4()), location_id=location.id, status=ReservationStatus.FINISHED,
                source=Source.ONLINE, start=start, end=start + timedelta(minutes=90), party_size=2,
                table_ids=(tables[i % len(tables)].id,), created=created, updated=created,
            ))
        uow.commit()
