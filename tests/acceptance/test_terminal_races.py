"""Several terminals, each its own OS process, changing the same reservation at the same instant.

- Simultaneous updates of one reservation at one revision: exactly one succeeds, every other one
  is told REVISION_MISMATCH, and the history holds one change.
- A double click on "seat" (two processes sending the very same update at the same revision):
  the status changes once.

SQLite: a file in tmp_path. PostgreSQL: MAITRED_TEST_DATABASE_URL names a server; each test works
in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import terminal_worker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from maitred.api import open_api

pytestmark = pytest.mark.slow

POSTGRES_URL = os.environ.get("MAITRED_TEST_DATABASE_URL")
TERMINALS = 4
ROUNDS = 10
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"}


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'terminals.db'}"
        return
    schema = f"terminals_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Terminals:
    """`TERMINALS` processes on one database, started once and raced round after round."""

    def __init__(self, url: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.barrier = context.Barrier(TERMINALS)
        self.outbox = context.Queue()
        self.inboxes = [context.Queue() for _ in range(TERMINALS)]
        self.processes = [
            context.Process(target=terminal_worker.serve, args=(url, f"stand-{n}", inbox, self.outbox, self.barrier),
                            daemon=True)
            for n, inbox in enumerate(self.inboxes)
        ]
        for process in self.processes:
            process.start()
        ready = [self.outbox.get(timeout=120) for _ in self.processes]
        assert all(kind == "ready" for kind, _ in ready), ready

    def race(self, operation: str, requests: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        for inbox, request in zip(self.inboxes, requests, strict=True):
            inbox.put((operation, request))
        results = [self.outbox.get(timeout=120) for _ in requests]
        crashes = [value for kind, value in results if kind == "crash"]
        assert not crashes, "\n".join(crashes)
        return results

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join(timeout=10)


@pytest.fixture
def terminals(database_url: str, stand: Any) -> Iterator[Terminals]:
    started = Terminals(database_url)  # after `stand`: the database is migrated before any racer opens it
    yield started
    started.close()


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
        results = terminals.race("updateReservation", requests)
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
        results = terminals.race("updateReservation", [seat] * TERMINALS)
        outcomes.update(value if kind == "refused" else kind for kind, value in results)
        history = stand.get_reservation_history({"reservationId": target["id"]})["entries"]
        seated = [e for e in history if e["after"] and e["after"]["status"] == "SEATED"]
        assert len(seated) == 1 and seated[0]["before"]["status"] == "RESERVED", history
        assert stand.get_reservation({"reservationId": target["id"]})["reservation"]["revision"] == "2"
    assert outcomes == {"ok": ROUNDS, "REVISION_MISMATCH": ROUNDS * (TERMINALS - 1)}, outcomes
