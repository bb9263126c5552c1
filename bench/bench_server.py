"""Load benchmark of the online server, from a separate process over loopback HTTPS.

    .venv/bin/python bench/bench_server.py [--requests 6000] [--connections 20] [--races 10]

Builds a book in a temporary folder (a restaurant of 30 tables open all day, 150 bookings
tomorrow, API keys), starts `maitred serve` on a free loopback port as its own process (rate
limit off: this is one client doing the traffic of many), then, from this process with a small
asyncio HTTP/1.1 client over TLS (keep-alive, one request at a time per connection):

- getTimeSlots (BASIC key, party of 2, 4 slots either side) at N concurrent connections;
- online bookings (BASIC key: hold, then reserve) at N concurrent connections;
- races: N connections hold the last table of a one-table restaurant at the same moment, again
  and again; exactly one may win each race, and the book must hold exactly one booking per race.

Prints a table (throughput, p50/p99 latency), the targets (getTimeSlots ≥ 500 requests/s with
p99 < 50 ms at 20 connections) and the machine. Stops by itself; sends traffic to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from machine import describe_machine

from maitred.api import ApiError, open_api
from maitred.services.api_keys import ApiKeyService

RES = "/table-reservations/reservations/v1"
DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"}
TOMORROW = (datetime.now(UTC) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)  # noqa: TID251


def location_request(name: str, tables: int) -> dict[str, Any]:
    return {"reservationLocation": {
        "location": {"name": name, "timeZone": "UTC", "countryCode": "GB"},
        "configuration": {
            "onlineReservations": {
                "onlineReservationsEnabled": True, "partySize": {"min": 1, "max": 8}, "defaultTurnoverTime": 90,
                "timeSlotInterval": 15, "businessSchedule": {"periods": [
                    {"openDay": d, "openTime": "00:00", "closeDay": d, "closeTime": "23:45"} for d in DAYS]}},
            "tableManagement": {"mode": "ON", "tableDefinitions": [
                {"name": f"T{k + 1}", "seatsMin": 1, "seatsMax": (2, 4, 6)[k % 3]} for k in range(tables)]}}}}


def build_book(folder: Path) -> dict[str, Any]:
    """The restaurants, some bookings tomorrow, and the keys; returns what the clients need."""
    api = open_api(f"sqlite:///{folder / 'maitred.db'}")
    try:
        host = api.as_scope("FULL", actor="bench")
        busy = host.create_reservation_location(location_request("Benchmark Trattoria", 30))["reservationLocation"]
        for k in range(150):
            start = TOMORROW + timedelta(hours=11, minutes=15 * (k % 40))
            with suppress(ApiError):  # a full slot: the evening is busy, as intended
                host.create_reservation({"reservation": {"details": {
                    "reservationLocationId": busy["id"], "startDate": start.isoformat(), "partySize": 1 + k % 5},
                    "reservee": GUEST}})
        tiny = host.create_reservation_location(location_request("One Table", 1))["reservationLocation"]
        keys = ApiKeyService(api.book.unit_of_work, api.book.clock)
        return {"busy": busy["id"], "tiny": tiny["id"], "key": keys.create("bench-website", "BASIC")[1],
                "staff_key": keys.create("bench-stand", "FULL")[1]}
    finally:
        api.close()


# --- a small HTTP/1.1 client: one keep-alive TLS connection, one request at a time ----------------


class Connection:
    def __init__(self, port: int, context: ssl.SSLContext, key: str) -> None:
        self._port, self._context, self._key = port, context, key
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self._port, ssl=self._context)

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        assert self._reader is not None and self._writer is not None
        payload = b"" if body is None else json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {self._key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
        self._writer.write(head.encode() + payload)
        await self._writer.drain()
        header = await self._reader.readuntil(b"\r\n\r\n")
        status = int(header.split(b" ", 2)[1])
        match = re.search(rb"(?i)content-length:\s*(\d+)", header)
        data = await self._reader.readexactly(int(match.group(1))) if match else b""
        return status, json.loads(data) if data else None

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with suppress(ConnectionError, ssl.SSLError):
                await self._writer.wait_closed()


@dataclass
class Run:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, status: int, seconds: float) -> None:
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return (f"{self.name:<34} {len(ordered):>7} {len(ordered) / self.seconds:>9.0f} "
                f"{statistics.median(ordered) * 1000:>8.1f} {p99 * 1000:>8.1f}   {dict(sorted(self.statuses.items()))}")


async def load(run: Run, connections: list[Connection], total: int, make: Any) -> None:
    """`total` requests (or flows) spread over the connections, as fast as each gets answers."""
    counter = iter(range(total))

    async def worker(connection: Connection) -> None:
        for n in counter:
            await make(connection, n, run)

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    run.seconds = time.perf_counter() - started


async def timed(run: Run, connection: Connection, method: str, path: str, body: dict[str, Any] | None) -> Any:
    started = time.perf_counter()
    status, data = await connection.request(method, path, body)
    run.add(status, time.perf_counter() - started)
    return status, data


async def bench(port: int, context: ssl.SSLContext, setup: dict[str, Any], args: argparse.Namespace) -> list[str]:
    connections = [Connection(port, context, setup["key"]) for _ in range(args.connections)]
    await asyncio.gather(*(c.open() for c in connections))
    rows = []
    try:
        def slots_body(n: int) -> dict[str, Any]:
            date = TOMORROW + timedelta(hours=11, minutes=15 * (n % 40))
            return {"reservationLocationId": setup["busy"], "date": date.isoformat(), "partySize": 2,
                    "slotsBefore": 4, "slotsAfter": 4}

        warm = Run("warm-up")
        await load(warm, connections, 200, lambda c, n, r: timed(r, c, "POST", f"{RES}/time-slots", slots_body(n)))

        slots = Run(f"getTimeSlots ({args.connections} connections)")
        await load(slots, connections, args.requests, lambda c, n, r: timed(r, c, "POST", f"{RES}/time-slots",
                                                                             slots_body(n)))
        rows.append(slots.row())

        async def book(connection: Connection, n: int, run: Run) -> None:
            day = TOMORROW + timedelta(days=2 + n % 20)
            start = day + timedelta(hours=10, minutes=15 * (n // 20 % 48))
            status, held = await timed(run, connection, "POST", f"{RES}/reservations/hold", {"reservationDetails": {
                "reservationLocationId": setup["busy"], "startDate": start.isoformat(), "partySize": 1 + n % 6}})
            if status == 200:
                reservation = held["reservation"]
                await timed(run, connection, "POST", f"{RES}/reservations/{reservation['id']}/reserve",
                            {"reservee": GUEST, "revision": reservation["revision"]})

        bookings = Run(f"hold + reserve ({args.connections} connections)")
        await load(bookings, connections, args.bookings, book)
        rows.append(bookings.row())
        rows.append(await races(connections, setup, args.races))
    finally:
        await asyncio.gather(*(c.close() for c in connections))
    return rows


async def races(connections: list[Connection], setup: dict[str, Any], count: int) -> str:
    """Each race: every connection holds the one table at the same instant."""
    winners = []
    refusals: dict[int, int] = {}
    for race in range(count):
        start = TOMORROW + timedelta(days=1, hours=2 * race)  # 2 h apart: the 90-minute stays don't overlap
        body = {"reservationDetails": {"reservationLocationId": setup["tiny"], "startDate": start.isoformat(),
                                       "partySize": 2}}
        answers = await asyncio.gather(*(c.request("POST", f"{RES}/reservations/hold", body) for c in connections))
        won = [data for status, data in answers if status == 200]
        for status, _ in answers:
            if status != 200:
                refusals[status] = refusals.get(status, 0) + 1
        winners.append(len(won))
    staff = Connection(connections[0]._port, connections[0]._context, setup["staff_key"])
    await staff.open()
    listing = f"{RES}/reservations?reservationLocationId={setup['tiny']}&paging.limit=100"
    status, page = await staff.request("GET", listing)
    await staff.close()
    booked = len(page["reservations"]) if status == 200 else -1
    verdict = "OK" if winners == [1] * count and booked == count else "DOUBLE BOOKING OR LOSS"
    return (f"races for the last table: {count} races x {len(connections)} connections: winners per race "
            f"{winners}, refusals {refusals}, bookings in the book {booked} -> {verdict}")


def start_server(folder: Path) -> tuple[subprocess.Popen[str], int, Path]:
    process = subprocess.Popen(
        [sys.executable, "-m", "maitred", "serve", "--data-dir", str(folder), "--port", "0", "--rate-limit", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    first = process.stdout.readline()
    match = re.search(r":(\d+)\s*$", first)
    if match is None:
        process.kill()
        raise SystemExit(f"the server did not start: {first!r}")
    return process, int(match.group(1)), folder / "online-server-cert.pem"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=6000, help="getTimeSlots requests")
    parser.add_argument("--bookings", type=int, default=1000, help="hold + reserve flows")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--races", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="maitred-bench-") as temp:
        folder = Path(temp)
        setup = build_book(folder)
        process, port, cert = start_server(folder)
        try:
            context = ssl.create_default_context(cafile=str(cert))
            rows = asyncio.run(bench(port, context, setup, args))
        finally:
            process.terminate()
            process.wait(timeout=30)
            if process.stdout is not None:
                process.stdout.close()
    print(describe_machine())
    print("server: `maitred serve` (uvicorn, TLS, SQLite WAL) in its own process; client: this process, asyncio")
    print(f"{'operation':<34} {'count':>7} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8}   statuses")
    for row in rows:
        print(row)
    print("targets: getTimeSlots >= 500 requests/s with p99 < 50 ms at 20 connections; exactly one winner per race")
    return 0


if __name__ == "__main__":
    sys.exit(main())
