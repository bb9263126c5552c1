"""Several terminals, each its own OS process, changing the same reservation at the same instant.

- Simultaneous updates of one reservation at one revision: exactly one succeeds, every other one
  is told REVISION_MISMATCH, and the history holds one change.
- A double click on "seat" (two processes sending the very same update at the same revision):
  the status changes once.

SQLite: a file in tmp_path. PostgreSQL: MAITRED_TEST_DATABASE_URL names a server; each test works
in a schema of its own, dropped afterwards (terminal_pool.py, with the worker processes).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import terminal_worker
from terminal_pool import Terminals, fresh_database

from maitred.api import open_api

pytestmark = pytest.mark.slow

TERMINALS = 4
ROUNDS = 10
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"}


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path, "terminals") as url:
        yield url


@pytest.fixture
def terminals(database_url: str, stand: Any) -> Iterator[Terminals]:
    """`TERMINALS` stands, each a process of its own (after `stand`: the database is migrated
    before any racer opens it)."""
    with Terminals(terminal_worker.serve, [(database_url, f"stand-{n}") for n in range(TERMINALS)]) as started:
        yield started


@pytest.fixture
def stand(database_url: str) -> Iterator[Any]:
    """The parent's own terminal: sets the room up and reads the outcome."""
    api = open_api(database_url, clock=terminal_worker.clock)
    yield api.as_scope("FULL", actor="set-up")
    api.close()


def a_reservation(stand: Any) -> dict[str, Any]:
    location = stand.create_reservation_location({"reservationLocation": {
        "location": {"name": f"Room {uuid.uuid4().hex[:6]}", "timeZone": "UTC", "countryCode": "GB"},
        "configuration": {"tableManagement": {"mode": "ON", "tableDefinitions": [
            {"name": "T1", "seatsMin": 1, "seatsMax": 4}, {"name": "T2", "seatsMin": 1, "seatsMax": 4}]}}}})
    location_id = location["reservationLocation"]["id"]
    return stand.create_reservation({"reservation": {
        "details": {"reservationLocationId": location_id, "startDate": "2026-06-08T19:00:00Z", "partySize": 2},
        "reservee": dict(GUEST)}})["reservation"]


def test_simultaneous_updates_of_one_reservation_give_one_success(terminals, stand):
    outcomes: Counter[str] = Counter()
    for _ in range(ROUNDS):
        target = a_reservation(stand)
        requests = [{"reservation": {"id": target["id"], "revision": "1", "teamMessage": f"note from stand {k}",
                                     "details": {"partySize": 2 + k % 2}}} for k in range(TERMINALS)]
        results = terminals.race([("updateReservation", request) for request in requests])
        outcomes.update(value if kind == "refused" else kind for kind, value in results)
        assert [value for kind, value in results if kind == "ok"] == ["2"], results
        history = stand.get_reservation_history({"reservationId": target["id"]})["entries"]
        assert [e["operation"] for e in history] == ["createReservation", "updateReservation"]
        stored = stand.get_reservation({"reservationId": target["id"], "fieldsets": ["FULL"]})["reservation"]
        assert stored["revision"] == "2" and stored["teamMessage"] == history[1]["after"]["teamMessage"]
    assert outcomes == {"ok": ROUNDS, "REVISION_MISMATCH": ROUNDS * (TERMINALS - 1)}, outcomes


def test_a_double_click_on_seat_seats_the_party_once(terminals, stand):
    outcomes: Counter[str] = Counter()
    for _ in range(ROUNDS):
        target = a_reservation(stand)
        seat = {"reservation": {"id": target["id"], "revision": target["revision"], "status": "SEATED"}}
        results = terminals.race([("updateReservation", seat)] * TERMINALS)
        outcomes.update(value if kind == "refused" else kind for kind, value in results)
        history = stand.get_reservation_history({"reservationId": target["id"]})["entries"]
        seated = [e for e in history if e["after"] and e["after"]["status"] == "SEATED"]
        assert len(seated) == 1 and seated[0]["before"]["status"] == "RESERVED", history
        assert stand.get_reservation({"reservationId": target["id"]})["reservation"]["revision"] == "2"
    assert outcomes == {"ok": ROUNDS, "REVISION_MISMATCH": ROUNDS * (TERMINALS - 1)}, outcomes
