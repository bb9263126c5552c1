"""A small trattoria and one Friday evening of bookings, built straight from domain values."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from maitred.domain.lifecycle import ReservationStatus, Source
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

ROME = ZoneInfo("Europe/Rome")
FRIDAY = date(2025, 6, 13)
#: 19:40 in Rome (UTC+2 in June): the evening is in full swing.
NOW = datetime(2025, 6, 13, 19, 40, tzinfo=ROME).astimezone(UTC)

S = ReservationStatus


def at(hour: int, minute: int = 0, day: date = FRIDAY) -> datetime:
    """A wall-clock time in Rome as the aware UTC datetime the domain uses."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ROME).astimezone(UTC)


def table(
    table_id: str, name: str, seats: int, area: str | None, x: float = 0, y: float = 0, **kw: object
) -> TableDefinition:
    layout = None if area is None else TableLayout(x=x, y=y, area=area, **kw)  # type: ignore[arg-type]
    return TableDefinition(id=table_id, name=name, seats_min=1, seats_max=seats, layout=layout)


def build_location() -> ReservationLocation:
    """Main room, a patio, a bar table without a floor position and a switched-off table."""
    tables = (
        table("t10", "T10", 4, "Main", 200, 120),
        table("t1", "T1", 2, "Main", 20, 20),
        table("t2", "T2", 4, "Main", 120, 20, shape="ROUND"),
        table("t4", "T4", 4, "Main", 20, 120, width=80),
        table("t5", "T5", 4, "Main", 100, 120, width=80, rotation=90),
        table("p1", "P1", 2, "Patio", 20, 260, shape="ROUND"),
        table("p2", "P2", 2, "Patio", 120, 260, shape="ROUND"),
        table("b1", "B1", 2, None),
        TableDefinition(id="old", name="T99", seats_min=1, seats_max=2, is_active=False),
    )
    friday_dinner = TimePeriod(Weekday.FRIDAY, 17 * 60, Weekday.FRIDAY, 22 * 60)
    return ReservationLocation(
        id="loc-1",
        info=LocationInfo(name="Trattoria Demo", time_zone="Europe/Rome"),
        online=OnlineReservations(enabled=True, time_slot_interval=15, periods=(friday_dinner,)),
        table_management=TableManagement(
            tables=tables,
            combinations=(TableCombination("c45", ("t4", "t5"), 5, 8),),
        ),
    )


def make_reservation(
    rid: str,
    status: ReservationStatus,
    start: tuple[int, int],
    minutes: int = 90,
    tables: tuple[str, ...] = (),
    party: int = 2,
    name: str = "",
    created: datetime | None = None,
) -> Reservation:
    """A reservation with the evening's defaults; `start` is Rome wall clock (hour, minute)."""
    begin = at(*start)
    return Reservation(
        id=rid,
        location_id="loc-1",
        status=status,
        source=Source.OFFLINE,
        start=begin,
        end=begin + timedelta(minutes=minutes),
        party_size=party,
        table_ids=tables,
        reservee=Reservee(last_name=name) if name else None,
        created=created or NOW - timedelta(hours=3),
    )


def build_evening() -> list[Reservation]:
    """One of each status, a combination, a late party, a live hold and an unassigned booking."""
    m = make_reservation
    return [
        m("rossi", S.FINISHED, (17, 30), tables=("t1",), name="Rossi"),
        m("novak", S.NO_SHOW, (17, 15), tables=("t10",), party=3, name="Novak"),
        m("moreau", S.CANCELED, (18, 0), tables=("t2",), name="Moreau"),
        m("bianchi", S.SEATED, (19, 0), tables=("p1",), name="Bianchi"),
        m("jones", S.RESERVED, (19, 15), tables=("t10",), name="Jones"),
        m("smith", S.RESERVED, (19, 30), tables=("t2",), party=4, name="Smith"),
        m("kim", S.RESERVED, (19, 30), minutes=120, tables=("t4", "t5"), party=6, name="Kim"),
        m("held", S.HELD, (20, 0), tables=("t1",), created=NOW - timedelta(seconds=19)),
        m("lee", S.RESERVED, (20, 0), name="Lee"),
        m("wong", S.REQUESTED, (20, 30), tables=("p2",), name="Wong"),
        m("garcia", S.PAYMENT_PENDING, (21, 0), tables=("b1",), party=4, name="Garcia", created=NOW),
    ]


@pytest.fixture
def location() -> ReservationLocation:
    return build_location()


@pytest.fixture
def reservations() -> list[Reservation]:
    return build_evening()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def at_rome() -> Callable[..., datetime]:
    """`at_rome(19, 30)`: a wall-clock time of the evening as an aware UTC datetime."""
    return at


@pytest.fixture
def reservation_factory() -> Callable[..., Reservation]:
    """`make_reservation` for tests: (id, status, (hour, minute), minutes=90, tables=(), ...)."""
    return make_reservation
