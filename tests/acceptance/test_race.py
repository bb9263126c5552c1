"""SPEC §5.5 "no double booking by race": terminals in separate OS processes, on one database,
start at the same instant and all try to book the last free table of a slot. Exactly one gets
it; the others are told TIME_NOT_AVAILABLE (UNAVAILABLE only if the database stayed busy for ten
seconds, which must not happen here, so those are counted and asserted absent).

SQLite: one file in tmp_path. PostgreSQL: set MAITRED_TEST_DATABASE_URL to a
`postgresql+psycopg://` URL; each test then works in a fresh schema of that database, dropped
afterwards, and every round in a fresh location. The database and the worker processes come from
terminal_pool.py.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import race_worker
from terminal_pool import Terminals, fresh_database

from maitred.api import open_api

pytestmark = pytest.mark.slow

TERMINALS = 4
ROUNDS = 20
SLOT = "2026-06-08T12:00:00Z"
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"}


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite file, or a fresh schema of the PostgreSQL database named by the environment."""
    with fresh_database(tmp_path, "race") as url:
        yield url


def terminals(url: str) -> Terminals:
    """`TERMINALS` race workers on one database (a context manager: they stop at its end)."""
    return Terminals(race_worker.serve, [(url,)] * TERMINALS)


@pytest.fixture
def host(database_url: str) -> Iterator[Any]:
    """The parent's own terminal: it sets the room up and checks it afterwards (and migrates the
    database before any racer opens it)."""
    api = open_api(database_url, clock=race_worker.race_clock)
    yield api.as_scope("FULL", actor="set-up")
    api.close()


def two_table_room(host: Any) -> tuple[str, dict[str, str]]:
    """A fresh location with T1 and T2 for two, T1 already taken at SLOT: T2 is the last table."""
    request = {"reservationLocation": {
        "location": {"name": f"Race {uuid.uuid4().hex[:6]}", "timeZone": "UTC", "countryCode": "GB"},
        "configuration": {
            "onlineReservations": {
                "onlineReservationsEnabled": True,
                "businessSchedule": {"periods": [{"openDay": "MONDAY", "openTime": "00:00", "closeDay": "MONDAY",
                                                  "closeTime": "24:00"}]}},
            "tableManagement": {"mode": "ON", "tableDefinitions": [
                {"name": "T1", "seatsMin": 1, "seatsMax": 2}, {"name": "T2", "seatsMin": 1, "seatsMax": 2}]}}}}
    location = host.create_reservation_location(request)["reservationLocation"]
    tables = {t["name"]: t["id"] for t in location["configuration"]["tableManagement"]["tableDefinitions"]}
    host.create_reservation(booking(location["id"], table_ids=[tables["T1"]]))
    return location["id"], tables


def booking(location_id: str, table_ids: list[str] | None = None) -> dict[str, Any]:
    details: dict[str, Any] = {"reservationLocationId": location_id, "startDate": SLOT, "partySize": 2}
    if table_ids is not None:
        details["tableIds"] = table_ids
    return {"reservation": {"details": details, "reservee": dict(GUEST)}}


def last_table_tasks(location_id: str, tables: dict[str, str], round_number: int) -> list[tuple[str, str, Any]]:
    """Four ways to go for the last table, mixed differently each round."""
    ways = [
        ("FULL", "create_reservation", booking(location_id)),
        ("BASIC", "create_held_reservation",
         {"reservationDetails": {"reservationLocationId": location_id, "startDate": SLOT, "partySize": 2}}),
        ("FULL", "create_reservation", booking(location_id, [tables["T2"]])),
        ("MEDIUM", "create_reservation", booking(location_id)),
    ]
    return [ways[(round_number + k) % len(ways)] for k in range(TERMINALS)]


def occupying(host: Any, location_id: str) -> list[dict[str, Any]]:
    listed = host.list_reservations({"reservationLocationId": location_id})["reservations"]
    return [r for r in listed if r["status"] in ("HELD", "PAYMENT_PENDING", "REQUESTED", "RESERVED", "SEATED")]


def test_terminals_racing_for_the_last_table_give_exactly_one_booking(database_url, host):
    outcomes: Counter[str] = Counter()
    with terminals(database_url) as racers:
        for round_number in range(ROUNDS):
            location_id, tables = two_table_room(host)
            results = racers.race(last_table_tasks(location_id, tables, round_number))
            winners = [value for kind, value in results if kind == "ok"]
            refusals = Counter(value for kind, value in results if kind == "refused")
            outcomes.update(refusals)
            outcomes["ok"] += len(winners)
            assert len(winners) == 1, (round_number, results)
            assert set(refusals) <= {"TIME_NOT_AVAILABLE", "UNAVAILABLE"}, (round_number, results)
            booked = occupying(host, location_id)
            assert len(booked) == 2, booked
            winner = next(r for r in booked if r["id"] == winners[0])
            assert winner["details"]["tableIds"] == [tables["T2"]]
    assert outcomes["UNAVAILABLE"] == 0, outcomes
    assert outcomes == {"ok": ROUNDS, "TIME_NOT_AVAILABLE": ROUNDS * (TERMINALS - 1)}


@pytest.mark.parametrize("operation", ["update", "cancel"])
def test_terminals_changing_the_same_revision_give_exactly_one_change(database_url, host, operation):
    """On PostgreSQL the services read the reservation before (update, reserve) or without (cancel) the
    location lock, so this holds only because the store refuses to save over an equal revision."""
    outcomes: Counter[str] = Counter()
    with terminals(database_url) as racers:
        for _ in range(ROUNDS // 2):
            location_id, _tables = two_table_room(host)
            target = host.create_reservation({"reservation": {
                "details": {"reservationLocationId": location_id, "startDate": "2026-06-08T18:00:00Z",
                            "partySize": 2}, "reservee": dict(GUEST)}})["reservation"]
            if operation == "update":
                tasks = [("FULL", "update_reservation", {"reservation": {
                    "id": target["id"], "revision": "1", "teamMessage": f"terminal {k}"}}) for k in range(TERMINALS)]
            else:
                tasks = [("FULL", "cancel_reservation", {"reservationId": target["id"], "revision": "1"})
                         for _ in range(TERMINALS)]
            results = racers.race(tasks)
            outcomes.update(value if kind == "refused" else kind for kind, value in results)
            history = host.get_reservation_history({"reservationId": target["id"]})["entries"]
            assert len(history) == 2, [e["after"].get("teamMessage") for e in history]
            assert host.get_reservation({"reservationId": target["id"]})["reservation"]["revision"] == "2"
    assert outcomes == {"ok": ROUNDS // 2, "REVISION_MISMATCH": ROUNDS // 2 * (TERMINALS - 1)}, outcomes
