"""Books in a loop and prints each reservation's id once its transaction committed, until killed.

Run as `python crash_worker.py <sqlite url> <location id>`; the crash-safety test kills it with
SIGKILL in the middle of the burst and then looks for every id it printed.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta


def main(url: str, location_id: str) -> None:
    from maitred.api import open_api

    api = open_api(url)
    stand = api.as_scope("FULL", actor="burst", terminal="crash-test")
    start = datetime(2026, 6, 8, 12, 0, tzinfo=UTC)
    number = 0
    while True:
        when = start + timedelta(minutes=number % (24 * 60))
        booked = stand.create_reservation({"reservation": {
            "details": {"reservationLocationId": location_id, "startDate": when.isoformat(), "partySize": 2,
                        "tableIds": []},
            "status": "SEATED", "source": "WALK_IN", "teamMessage": "x" * (number % 500)}})
        print(booked["reservation"]["id"], flush=True)  # printed only after the commit returned
        number += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
