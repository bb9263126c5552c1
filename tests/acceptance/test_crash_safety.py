"""Nothing lost: the stand killed (SIGKILL) in the middle of a burst of writes keeps every change
it had committed, and the book passes SQLite's integrity check when it is opened again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from maitred.api import open_api

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

WORKER = Path(__file__).with_name("crash_worker.py")


def _kill_during_burst(url: str, location_id: str, committed: int) -> list[str]:
    """Start the burst, let `committed` bookings through, kill it mid-write; the ids it printed."""
    worker = subprocess.Popen([sys.executable, str(WORKER), url, location_id], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    printed: list[str] = []
    try:
        assert worker.stdout is not None
        while len(printed) < committed:
            line = worker.stdout.readline()
            assert line, worker.stderr.read() if worker.stderr else "the worker stopped"
            printed.append(line.strip())
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        rest, _ = worker.communicate(timeout=30)  # ids printed between our last read and the kill
        printed.extend(line.strip() for line in rest.splitlines() if line.strip())
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    return printed


@pytest.mark.parametrize("round_number", range(3))
def test_every_committed_booking_survives_a_kill(tmp_path: Path, round_number: int) -> None:
    path = tmp_path / "maitred.db"
    url = f"sqlite:///{path}"
    with open_api(url) as api:
        location = api.as_scope("FULL").create_reservation_location({"reservationLocation": {
            "location": {"name": "Crash", "timeZone": "UTC"}}})["reservationLocation"]
    printed = _kill_during_burst(url, location["id"], committed=40 + 25 * round_number)
    with closing(sqlite3.connect(path)) as database:  # the raw file first: as the crash left it
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with open_api(url) as api:
        stand = api.as_scope("FULL")
        for reservation_id in printed:
            assert stand.get_reservation({"reservationId": reservation_id})["reservation"]["id"] == reservation_id
        history = stand.get_reservation_history({"reservationId": printed[-1]})["entries"]
        assert [entry["operation"] for entry in history] == ["createReservation"]
    with closing(sqlite3.connect(path)) as database:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = database.execute("SELECT count(*) FROM reservations").fetchone()[0]
    assert stored >= len(printed), "a commit the worker had reported is missing"
