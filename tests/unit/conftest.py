"""Fixtures of the unit tests: a fake clock and the wire API over an in-memory SQLite book.

The service tests drive the services through `open_api("sqlite://")`: it is the thinnest honest
way to reach them with a real unit of work, and it is the surface outside callers see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from unit_support import DEFAULT_COMBINATIONS, FakeClock, Loc, location_request

from maitred.api import ReservationApi, ScopedApi, open_api


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> Iterator[ReservationApi]:
    book = open_api("sqlite://", clock=clock)
    yield book
    book.close()


@pytest.fixture
def full(api: ReservationApi) -> ScopedApi:
    return api.as_scope("FULL", actor="host:anna")


@pytest.fixture
def medium(api: ReservationApi) -> ScopedApi:
    return api.as_scope("MEDIUM", actor="integration:crm")


@pytest.fixture
def basic(api: ReservationApi) -> ScopedApi:
    return api.as_scope("BASIC", actor="guest:web")


@pytest.fixture
def make_location(full: ScopedApi) -> Callable[..., Loc]:
    """Create a location, then add its combinations (by table names) with an update."""

    def make(*, combinations: Any = DEFAULT_COMBINATIONS, **request: Any) -> Loc:
        loc = Loc(full.create_reservation_location(location_request(**request))["reservationLocation"])
        combos = [{"tableIds": loc.ids(*names), "seatsMin": low, "seatsMax": high}
                  for names, low, high in combinations]
        if combos and loc.tables:
            loc = Loc(full.update_reservation_location({"reservationLocation": {
                "id": loc.id, "revision": loc.revision,
                "configuration": {"tableManagement": {"tableCombinations": combos}}}})["reservationLocation"])
        return loc

    return make


@pytest.fixture
def location(make_location: Callable[..., Loc]) -> Loc:
    """UTC, open daily 11:30-22:00, T1 T2 T10 (1-2), T3 T4 (2-4), T5 (4-6), T3+T4 (5-8)."""
    return make_location()


@pytest.fixture
def get_full(full: ScopedApi) -> Callable[[str], dict[str, Any]]:
    def get(reservation_id: str) -> dict[str, Any]:
        return full.get_reservation({"reservationId": reservation_id, "fieldsets": ["FULL"]})["reservation"]

    return get


@pytest.fixture
def history(full: ScopedApi) -> Callable[[str], list[dict[str, Any]]]:
    def entries(reservation_id: str) -> list[dict[str, Any]]:
        return full.get_reservation_history({"reservationId": reservation_id})["entries"]

    return entries


@pytest.fixture
def book_state(api: ReservationApi) -> Callable[[], Any]:
    """Every reservation (FULL fieldset) and the change counter: equal before and after a refused call."""
    lister = api.as_scope("FULL")

    def state() -> tuple[list[dict[str, Any]], int]:
        rows = lister.list_reservations({"paging": {"limit": 100}})["reservations"]
        return rows, api.book.last_change_id()

    return state
