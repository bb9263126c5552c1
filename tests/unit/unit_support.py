"""Builders shared by the unit tests: domain values for the engine, wire requests for the services.

Imported by the test modules as `from unit_support import ...` (pytest puts this folder on
`sys.path`); fixtures live in `conftest.py`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from maitred.api import ApiError
from maitred.domain.location import (
    LocationInfo,
    OnlineReservations,
    ReservationLocation,
    TableCombination,
    TableDefinition,
    TableManagement,
    TableManagementMode,
)
from maitred.domain.reservation import TableUse

# 2026-06-08 is a Monday; the restaurant's clock starts at 08:00 UTC that morning.
MONDAY = "2026-06-08"
START = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
GUEST_PHONE = "+442079460018"  # a valid London number
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": GUEST_PHONE}

# name, seatsMin, seatsMax[, extra fields]
DEFAULT_TABLES: tuple[tuple[Any, ...], ...] = (
    ("T1", 1, 2),
    ("T2", 1, 2),
    ("T10", 1, 2),
    ("T3", 2, 4),
    ("T4", 2, 4),
    ("T5", 4, 6),
)
DEFAULT_COMBINATIONS: tuple[tuple[tuple[str, ...], int, int], ...] = ((("T3", "T4"), 5, 8),)


# --- time -----------------------------------------------------------------------------------------


def utc(hm: str, day: str = MONDAY) -> datetime:
    """`utc("12:30")`: that wall time in UTC on the test Monday (or `day`)."""
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=UTC)


def iso(hm: str, day: str = MONDAY) -> str:
    """The wire form of `utc(hm, day)`."""
    return f"{day}T{hm}:00Z" if hm.count(":") == 1 else f"{day}T{hm}Z"


class FakeClock:
    """The core's only source of "now"; tests move it by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


# --- domain values --------------------------------------------------------------------------------


def table(name: str, seats_min: int = 1, seats_max: int = 2, *, table_id: str | None = None,
          active: bool = True, online: bool = True) -> TableDefinition:
    """A table whose id is its lower-case name unless given."""
    return TableDefinition(table_id or name.lower(), name, seats_min, seats_max, active, online)


def combination(*table_ids: str, seats: tuple[int, int], combo_id: str | None = None,
                active: bool = True) -> TableCombination:
    return TableCombination(combo_id or "+".join(table_ids), tuple(table_ids), seats[0], seats[1], active)


def domain_location(
    tables: Iterable[TableDefinition] = (),
    combinations: Iterable[TableCombination] = (),
    *,
    time_zone: str = "UTC",
    mode: TableManagementMode = TableManagementMode.ON,
    deleted: Iterable[TableDefinition] = (),
    **online: Any,
) -> ReservationLocation:
    """A location built straight from domain values; `online` sets `OnlineReservations` fields."""
    return ReservationLocation(
        id="loc",
        info=LocationInfo("Trattoria", time_zone),
        online=OnlineReservations(**online),
        table_management=TableManagement(mode, tuple(tables), tuple(deleted), tuple(combinations)),
    )


def use(reservation_id: str, start: str, end: str, *table_ids: str, party: int = 2) -> TableUse:
    """An occupying reservation on the test Monday, `start`/`end` as UTC "hh:mm"."""
    return TableUse(reservation_id, utc(start), utc(end), party, table_ids)


# --- wire requests --------------------------------------------------------------------------------


def weekly(open_time: str = "11:30", close_time: str = "22:00", days: Iterable[str] = DAYS) -> list[dict[str, str]]:
    return [{"openDay": d, "openTime": open_time, "closeDay": d, "closeTime": close_time} for d in days]


#: Open every day from 00:00 to 24:00 (the close time is the last start).
ALL_DAY_EVERY_DAY = weekly("00:00", "24:00")


def table_json(spec: Any) -> dict[str, Any]:
    name, seats_min, seats_max, *extra = spec
    out: dict[str, Any] = {"name": name, "seatsMin": seats_min, "seatsMax": seats_max}
    for more in extra:
        out.update(more)
    return out


def location_request(
    *,
    tables: Iterable[Any] = DEFAULT_TABLES,
    time_zone: str = "UTC",
    country_code: str | None = "GB",
    periods: list[dict[str, str]] | None = None,
    special: list[dict[str, Any]] | None = None,
    online: dict[str, Any] | None = None,
    form: dict[str, Any] | None = None,
    payment: dict[str, Any] | None = None,
    mode: str = "ON",
) -> dict[str, Any]:
    """A createReservationLocation request: open daily 11:30-22:00, online on, interval 15,
    turnover 90 (120 for 5..8); `online` overrides onlineReservations keys."""
    info: dict[str, Any] = {"name": "Trattoria", "timeZone": time_zone}
    if country_code is not None:
        info["countryCode"] = country_code
    online_config: dict[str, Any] = {
        "onlineReservationsEnabled": True,
        "partySize": {"min": 1, "max": 8},
        "defaultTurnoverTime": 90,
        "turnoverTimeRules": [{"seatsMin": 5, "seatsMax": 8, "minutes": 120}],
        "timeSlotInterval": 15,
        "businessSchedule": {"periods": weekly() if periods is None else periods,
                             "specialHourPeriod": special or []},
    }
    online_config.update(copy.deepcopy(online or {}))
    config: dict[str, Any] = {"onlineReservations": online_config, "tableManagement": {"mode": mode}}
    if mode == "ON":
        config["tableManagement"]["tableDefinitions"] = [table_json(t) for t in tables]
    if form is not None:
        config["reservationForm"] = form
    if payment is not None:
        config["paymentPolicy"] = payment
    return {"reservationLocation": {"location": info, "configuration": config}}


@dataclass
class Loc:
    """A created location as last returned by the API, with table look-ups by name."""

    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def revision(self) -> str:
        return str(self.data["revision"])

    @property
    def tables(self) -> list[dict[str, Any]]:
        return list(self.data["configuration"]["tableManagement"].get("tableDefinitions", []))

    def table_id(self, name: str) -> str:
        return next(str(t["id"]) for t in self.tables if t["name"] == name)

    def ids(self, *names: str) -> list[str]:
        return [self.table_id(n) for n in names]

    def names(self, table_ids: Iterable[str]) -> list[str]:
        every = self.tables + self.data["configuration"]["tableManagement"].get("deletedTableDefinitions", [])
        by_id = {t["id"]: t["name"] for t in every}
        return [by_id[t] for t in table_ids]


def reservation_request(
    location_id: str,
    start: str,
    party: int = 2,
    *,
    reservee: dict[str, Any] | None = GUEST,
    tables: list[str] | None = None,
    end: str | None = None,
    ignore_tables: list[str] | None = None,
    ignore_pacing: list[str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A createReservation request; `fields` go on the reservation (status, source, teamMessage)."""
    details: dict[str, Any] = {"reservationLocationId": location_id, "startDate": start, "partySize": party}
    if tables is not None:
        details["tableIds"] = tables
    if end is not None:
        details["endDate"] = end
    body: dict[str, Any] = {"details": details, **fields}
    if reservee is not None:
        body["reservee"] = dict(reservee)
    request: dict[str, Any] = {"reservation": body}
    if ignore_tables is not None:
        request["ignoreTableCombinationConflicts"] = ignore_tables
    if ignore_pacing is not None:
        request["ignoreReservationLocationConflicts"] = ignore_pacing
    return request


def hold_request(location_id: str, start: str, party: int = 2, **extra: Any) -> dict[str, Any]:
    return {"reservationDetails": {"reservationLocationId": location_id, "startDate": start, "partySize": party},
            **extra}


def error_of(call: Callable[..., Any], *args: Any, **kwargs: Any) -> ApiError:
    """The ApiError the call raises (the test fails if it raises nothing or something else)."""
    with pytest.raises(ApiError) as info:
        call(*args, **kwargs)
    return info.value
