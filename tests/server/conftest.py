"""The online server over a fresh book: one restaurant, API keys of each scope, an HTTP client.

Requests go through Starlette's TestClient (the whole ASGI application, no socket); the TLS and
the real-socket tests start uvicorn on a free loopback port themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from maitred.api import ReservationApi, ScopedApi, open_api
from maitred.server import ServerSettings, build_app
from maitred.server.server_book import server_book
from maitred.services.api_keys import ApiKeyService

# 2026-06-08 is a Monday; the restaurant opens at 11:30 UTC.
NOW = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)
EVENING = "2026-06-08T19:00:00Z"
PHONE = "+442079460018"
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": PHONE}
RES = "/table-reservations/reservations/v1"
LOC = "/table-reservations/reservation-locations/v1"
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


class Clock:
    """The book's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def location_request(*, tables: tuple[tuple[str, int, int], ...] = (("T1", 1, 2), ("T2", 2, 4), ("T3", 4, 6)),
                     enabled: bool = True) -> dict[str, Any]:
    periods = [{"openDay": d, "openTime": "11:30", "closeDay": d, "closeTime": "22:00"} for d in DAYS]
    return {"reservationLocation": {
        "location": {"name": "Trattoria", "timeZone": "UTC", "countryCode": "GB"},
        "configuration": {
            "onlineReservations": {
                "onlineReservationsEnabled": enabled, "partySize": {"min": 1, "max": 8},
                "defaultTurnoverTime": 90, "timeSlotInterval": 15, "businessSchedule": {"periods": periods},
            },
            "tableManagement": {"mode": "ON", "tableDefinitions": [
                {"name": n, "seatsMin": lo, "seatsMax": hi, "isActive": True} for n, lo, hi in tables]},
        },
    }}


@dataclass
class Site:
    """The server under test and what a test needs around it."""

    api: ReservationApi
    keys: ApiKeyService
    client: TestClient
    clock: Clock
    location: dict[str, Any]
    key_text: dict[str, str]  # scope → key
    host: ScopedApi  # the stand, through the wire API directly

    def call(self, method: str, path: str, scope: str | None = "BASIC", **kw: Any) -> Any:
        headers = dict(kw.pop("headers", {}))
        if scope is not None:
            headers.setdefault("Authorization", self.key_text[scope])
        return self.client.request(method, path, headers=headers, **kw)

    def hold(self, start: str = EVENING, party: int = 2, scope: str = "BASIC") -> dict[str, Any]:
        response = self.call("POST", f"{RES}/reservations/hold", scope, json={"reservationDetails": {
            "reservationLocationId": self.location["id"], "startDate": start, "partySize": party}})
        assert response.status_code == 200, response.text
        reservation: dict[str, Any] = response.json()["reservation"]
        return reservation

    def book(self, start: str = EVENING, party: int = 2) -> dict[str, Any]:
        held = self.hold(start, party)
        response = self.call("POST", f"{RES}/reservations/{held['id']}/reserve",
                             json={"reservee": GUEST, "revision": held["revision"]})
        assert response.status_code == 200, response.text
        reservation: dict[str, Any] = response.json()["reservation"]
        return reservation

    def everything(self) -> dict[str, Any]:
        """All the book holds, seen by the stand: to prove a refused request wrote nothing."""
        return {"reservations": self.host.list_reservations({})["reservations"],
                "locations": self.host.list_reservation_locations({})["reservationLocations"]}


def make_site(settings: ServerSettings | None = None, *, enabled: bool = True) -> Iterator[Site]:
    clock = Clock()
    api = open_api("sqlite://", clock=clock)
    keys = ApiKeyService(api.book.unit_of_work, api.book.clock)
    host = api.as_scope("FULL", actor="host:anna")
    location = host.create_reservation_location(location_request(enabled=enabled))["reservationLocation"]
    texts = {scope: keys.create(f"{scope.lower()}-key", scope)[1] for scope in ("BASIC", "MEDIUM", "FULL")}
    app = build_app(ReservationApi(server_book(api.book)), keys, settings or ServerSettings(rate_per_second=0))
    client = TestClient(app, raise_server_exceptions=False)  # no `with`: no portal thread left behind
    yield Site(api, keys, client, clock, location, texts, host)
    client.close()
    api.close()


@pytest.fixture
def site() -> Iterator[Site]:
    yield from make_site()


@pytest.fixture
def site_factory() -> Iterator[Callable[..., Site]]:
    """Sites with other settings; each is closed at the end of the test."""
    made: list[Iterator[Site]] = []

    def build(settings: ServerSettings | None = None, **kw: Any) -> Site:
        generator = make_site(settings, **kw)
        made.append(generator)
        return next(generator)

    yield build
    for generator in made:
        for _ in generator:
            pass


def error_code(response: Any) -> str:
    details = response.json()["details"]
    if "validationError" in details:
        return "INVALID_ARGUMENT"
    code: str = details["applicationError"]["code"]
    return code
