"""Fixtures of the wire-API acceptance tests.

These tests are black-box: they know only SPEC.md (§1 shows the surface) and talk to the core
through `maitred.api.open_api` exactly as a script or a future HTTP server would.

Test files here cannot import helpers from this module (there is no package), so every builder
is handed out as a fixture.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from maitred.api import ApiError, open_api

# 2026-06-08 is a Monday.
START = datetime(2026, 6, 8, 8, 0, 0, tzinfo=UTC)

DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")

# name, seatsMin, seatsMax[, extra fields]; T2/T10 test the natural name order.
DEFAULT_TABLES = (
    ("T1", 1, 2),
    ("T2", 1, 2),
    ("T10", 1, 2),
    ("T3", 2, 4),
    ("T4", 2, 4),
    ("T5", 4, 6),
)
# (table names, seatsMin, seatsMax) — added with a follow-up update (they need table ids).
DEFAULT_COMBINATIONS = ((("T3", "T4"), 5, 8),)

GUEST_PHONE = "+442079460018"  # a valid London number (020 7946 0018)
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": GUEST_PHONE}

HTTP_STATUS = {
    "INVALID_ARGUMENT": 400,
    "PHONE_NUMBER_REQUIRED": 400,
    "PHONE_NUMBER_INCORRECT": 400,
    "RESERVATION_LOCATION_VIOLATION": 400,
    "PERMISSION_DENIED": 403,
    "RESERVATION_NOT_FOUND": 404,
    "RESERVATION_LOCATION_NOT_FOUND": 404,
    "REVISION_MISMATCH": 409,
    "TIME_NOT_AVAILABLE": 409,
    "CAN_NOT_BE_UPDATED": 428,
    "ONLINE_RESERVATIONS_DISABLED": 428,
    "INTERNAL": 500,
    "UNAVAILABLE": 503,
}

_DEFAULT = object()


class FakeClock:
    """A controllable clock: `clock()` returns `clock.now`, an aware UTC datetime."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 0, seconds: float = 0, milliseconds: float = 0) -> datetime:
        self.now = self.now + timedelta(minutes=minutes, seconds=seconds, milliseconds=milliseconds)
        return self.now

    def set(self, when: str | datetime) -> datetime:
        if isinstance(when, str):
            when = datetime.fromisoformat(when.replace("Z", "+00:00"))
        assert when.tzinfo is not None
        self.now = when
        return self.now


def weekly(open_time: str = "11:30", close_time: str = "22:00", days: Iterable[str] = DAYS) -> list[dict]:
    """One same-day period per given day."""
    return [{"openDay": d, "openTime": open_time, "closeDay": d, "closeTime": close_time} for d in days]


def table_def(spec: Any) -> dict:
    if isinstance(spec, dict):
        return copy.deepcopy(spec)
    name, seats_min, seats_max, *extra = spec
    out = {"name": name, "seatsMin": seats_min, "seatsMax": seats_max, "isActive": True, "onlineReservations": True}
    for more in extra:
        out.update(more)
    return out


def build_location_body(
    *,
    name: str = "Trattoria",
    time_zone: str = "UTC",
    country_code: str | None = "GB",
    tables: Iterable[Any] = DEFAULT_TABLES,
    periods: list[dict] | None = None,
    special: list[dict] | None = None,
    enabled: bool = True,
    online: dict | None = None,
    reservation_form: dict | None = None,
    payment_policy: dict | None = None,
    table_mode: str = "ON",
) -> dict:
    """A typical `createReservationLocation` request; `online` overrides onlineReservations keys."""
    location: dict[str, Any] = {"name": name, "timeZone": time_zone, "phone": "+442079460000"}
    if country_code is not None:
        location["countryCode"] = country_code
    online_cfg: dict[str, Any] = {
        "onlineReservationsEnabled": enabled,
        "partySize": {"min": 1, "max": 8},
        "defaultTurnoverTime": 90,
        "turnoverTimeRules": [{"seatsMin": 5, "seatsMax": 8, "minutes": 120}],
        "timeSlotInterval": 15,
        "businessSchedule": {
            "periods": weekly() if periods is None else periods,
            "specialHourPeriod": special or [],
        },
        "approval": {"mode": "AUTOMATIC"},
        "showPhoneNumber": True,
    }
    online_cfg.update(copy.deepcopy(online or {}))
    configuration: dict[str, Any] = {
        "onlineReservations": online_cfg,
        "tableManagement": {"mode": table_mode},
    }
    if table_mode == "ON":
        configuration["tableManagement"]["tableDefinitions"] = [table_def(t) for t in tables]
    if reservation_form is not None:
        configuration["reservationForm"] = copy.deepcopy(reservation_form)
    if payment_policy is not None:
        configuration["paymentPolicy"] = copy.deepcopy(payment_policy)
    return {"reservationLocation": {"location": location, "configuration": configuration}}


@dataclass
class Loc:
    """A created reservation location (its last known wire dict) with lookups by table name."""

    data: dict

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def revision(self) -> str:
        return self.data["revision"]

    @property
    def config(self) -> dict:
        return self.data["configuration"]

    @property
    def tables(self) -> list[dict]:
        return self.config["tableManagement"].get("tableDefinitions") or []

    @property
    def combinations(self) -> list[dict]:
        return self.config["tableManagement"].get("tableCombinations") or []

    def table_id(self, name: str) -> str:
        for t in self.tables:
            if t["name"] == name:
                return t["id"]
        raise KeyError(name)

    def ids(self, *names: str) -> list[str]:
        return [self.table_id(n) for n in names]

    def name_of(self, table_id: str) -> str:
        for t in self.tables + (self.config["tableManagement"].get("deletedTableDefinitions") or []):
            if t["id"] == table_id:
                return t["name"]
        raise KeyError(table_id)

    def names(self, table_ids: Iterable[str]) -> list[str]:
        return [self.name_of(t) for t in table_ids]


def build_reservation_body(
    loc_id: str,
    start: str,
    party: int = 2,
    *,
    reservee: Any = _DEFAULT,
    details: dict | None = None,
    **top: Any,
) -> dict:
    """A `createReservation` request; `details` adds to/overrides the details, `top` adds keys to
    the reservation object (status, source, teamMessage, ...)."""
    det: dict[str, Any] = {"reservationLocationId": loc_id, "startDate": start, "partySize": party}
    det.update(details or {})
    res: dict[str, Any] = {"details": det}
    if reservee is _DEFAULT:
        res["reservee"] = dict(GUEST)
    elif reservee is not None:
        res["reservee"] = reservee
    res.update(top)
    return {"reservation": res}


# ---------------------------------------------------------------- core fixtures


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock):
    url = os.environ.get("MAITRED_TEST_DATABASE_URL")
    instance = open_api(url or "sqlite://", clock=clock)
    if url:
        empty_the_book(url)
    yield instance
    instance.close()


def empty_the_book(url: str) -> None:
    """A shared server keeps the last test's book: every test starts from an empty one."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(
                "TRUNCATE audit_entries, reservations, reservation_locations RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def full(api):
    return api.as_scope("FULL", actor="host:anna")


@pytest.fixture
def medium(api):
    return api.as_scope("MEDIUM", actor="integration:crm")


@pytest.fixture
def basic(api):
    return api.as_scope("BASIC", actor="guest:web")


@pytest.fixture
def scopes(full, medium, basic) -> dict:
    return {"FULL": full, "MEDIUM": medium, "BASIC": basic}


# ---------------------------------------------------------------- builders


@pytest.fixture
def location_body() -> Callable[..., dict]:
    return build_location_body


@pytest.fixture
def reservation_body() -> Callable[..., dict]:
    return build_reservation_body


@pytest.fixture
def make_location(full) -> Callable[..., Loc]:
    """Create a location (FULL scope), then add its combinations by name with an update."""

    def _make(*, combinations: Iterable[Any] = DEFAULT_COMBINATIONS, **body_kw: Any) -> Loc:
        created = full.create_reservation_location(build_location_body(**body_kw))["reservationLocation"]
        loc = Loc(created)
        combos = [
            {"tableIds": loc.ids(*names), "seatsMin": smin, "seatsMax": smax, "isActive": True}
            for names, smin, smax in combinations
        ]
        if combos:
            updated = full.update_reservation_location(
                {
                    "reservationLocation": {
                        "id": loc.id,
                        "revision": loc.revision,
                        "configuration": {"tableManagement": {"tableCombinations": combos}},
                    }
                }
            )["reservationLocation"]
            loc = Loc(updated)
        return loc

    return _make


@pytest.fixture
def patch_location(full) -> Callable[..., Loc]:
    """updateReservationLocation with `{"id", "revision", **body}`; returns the updated Loc."""

    def _patch(loc: Loc, body: dict, *, scope: Any = None, revision: str | None = None) -> Loc:
        request = {"id": loc.id, "revision": loc.revision if revision is None else revision}
        request.update(copy.deepcopy(body))
        updated = (scope or full).update_reservation_location({"reservationLocation": request})
        return Loc(updated["reservationLocation"])

    return _patch


@pytest.fixture
def location(make_location) -> Loc:
    """The typical location: UTC, GB, open every day 11:30–22:00, T1 T2 T10 T3 T4 T5, T3+T4."""
    return make_location()


@pytest.fixture
def book(full) -> Callable[..., dict]:
    """createReservation through a scope (FULL by default); returns the response reservation."""

    def _book(
        loc: Loc | str,
        start: str,
        party: int = 2,
        *,
        scope: Any = None,
        ignore_tables: list[str] | None = None,
        ignore_location: list[str] | None = None,
        **kw: Any,
    ) -> dict:
        loc_id = loc if isinstance(loc, str) else loc.id
        request = build_reservation_body(loc_id, start, party, **kw)
        if ignore_tables is not None:
            request["ignoreTableCombinationConflicts"] = ignore_tables
        if ignore_location is not None:
            request["ignoreReservationLocationConflicts"] = ignore_location
        return (scope or full).create_reservation(request)["reservation"]

    return _book


@pytest.fixture
def hold(basic) -> Callable[..., dict]:
    """createHeldReservation through a scope (BASIC by default)."""

    def _hold(loc: Loc | str, start: str, party: int = 2, *, scope: Any = None, **extra: Any) -> dict:
        loc_id = loc if isinstance(loc, str) else loc.id
        request = {"reservationDetails": {"reservationLocationId": loc_id, "startDate": start, "partySize": party}}
        request.update(extra)
        return (scope or basic).create_held_reservation(request)["reservation"]

    return _hold


@pytest.fixture
def reserve(basic) -> Callable[..., dict]:
    """reserveReservation through a scope (BASIC by default) with the usual guest."""

    def _reserve(res: dict, *, scope: Any = None, reservee: Any = _DEFAULT, revision: str | None = None) -> dict:
        request = {
            "reservationId": res["id"],
            "reservee": dict(GUEST) if reservee is _DEFAULT else reservee,
            "revision": revision or res["revision"],
        }
        return (scope or basic).reserve_reservation(request)["reservation"]

    return _reserve


@pytest.fixture
def get_full(full) -> Callable[[str], dict]:
    def _get(reservation_id: str) -> dict:
        return full.get_reservation({"reservationId": reservation_id, "fieldsets": ["FULL"]})["reservation"]

    return _get


@pytest.fixture
def history(full) -> Callable[[str], list]:
    def _history(reservation_id: str) -> list:
        return full.get_reservation_history({"reservationId": reservation_id})["entries"]

    return _history


@pytest.fixture
def snapshot(full) -> Callable[[], dict]:
    """Everything visible through FULL listings, to prove that a failed call wrote nothing."""

    def _snapshot() -> dict:
        reservations = full.list_reservations({"paging": {"limit": 100}})["reservations"]
        return {
            "locations": full.list_reservation_locations({})["reservationLocations"],
            "reservations": reservations,
            "histories": {
                r["id"]: full.get_reservation_history({"reservationId": r["id"]})["entries"] for r in reservations
            },
        }

    return _snapshot


@pytest.fixture
def api_error() -> Callable[..., ApiError]:
    """`api_error(code, fn, *args, field=None)`: call, expect ApiError with that code and HTTP
    status, a dict `details` and (if `field` is given) that first field violation."""

    def _expect(code: str, fn: Callable[..., Any], *args: Any, field: str | None = None, **kwargs: Any):
        with pytest.raises(ApiError) as info:
            fn(*args, **kwargs)
        err = info.value
        assert err.code == code, f"expected {code}, got {err.code}: {err} {err.details!r}"
        assert err.http_status == HTTP_STATUS[code]
        assert isinstance(err.details, dict)
        if field is not None:
            violations = err.details.get("fieldViolations")
            assert violations, err.details
            assert violations[0]["field"] == field, violations
        return err

    return _expect
