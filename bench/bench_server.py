"""Load benchmark of the online server, from a separate process over loopback HTTPS.

    .venv/bin/python bench/bench_server.py [--requests 6000] [--connections 20] [--races 10]
                                           [--workers N] [--wrk]

Builds a book in a temporary folder (a restaurant of 30 tables open all day, 150 bookings
tomorrow, API keys), starts `maitred serve` on a free loopback port as its own process (rate
limit off: this is one client doing the traffic of many; `--workers` as given, else the server's
default), then, from this process with a small HTTP/1.1 client over TLS (keep-alive, one request
at a time per connection, uvloop where installed):

- getTimeSlots (BASIC key, party of 2, 4 slots either side) at N concurrent connections; every
  answer is read whole and checked (200, nine slots of the date asked);
- online bookings (BASIC key: hold, then reserve) at N concurrent connections;
- races: N connections hold the last table of a one-table restaurant at the same moment, again
  and again; exactly one may win each race, and the book must hold exactly one booking per race;
- with `--wrk`, getTimeSlots again from `wrk` (a C client, if installed) with the same requests:
  a second opinion on the server's speed from a client that costs almost no CPU.

The client shares the machine with the server, so each row also says how much CPU both used per
request (server: its processes' user+system time, on Linux), and the load average around it.
Prints a table (throughput, p50/p99 latency), the targets (getTimeSlots >= 500 requests/s with
p99 < 50 ms at 20 connections) and the machine. Stops by itself; sends traffic to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine
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
SLOTS_EACH_SIDE = 4
_CONTENT_LENGTH = re.compile(rb"(?i)\r\ncontent-length:\s*(\d+)")


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
        self.port, self.context, self._key = port, context, key
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port, ssl=self.context)

    def encode(self, method: str, path: str, body: dict[str, Any] | None = None) -> bytes:
        """The whole request, ready to send (made before the clock starts when it can be)."""
        payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {self._key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n").encode() + payload

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """Status and body of the answer to `request` (read whole)."""
        assert self._reader is not None and self._writer is not None
        self._writer.write(request)
        header = await self._reader.readuntil(b"\r\n\r\n")
        match = _CONTENT_LENGTH.search(header)
        data = await self._reader.readexactly(int(match.group(1))) if match else b""
        return int(header[9:12]), data

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        status, data = await self.send(self.encode(method, path, body))
        return status, json.loads(data) if data else None

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with suppress(ConnectionError, ssl.SSLError):
                await self._writer.wait_closed()


# --- measuring --------------------------------------------------------------------------------


def process_tree_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process and its children so far (Linux; None elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
        for each in pids:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, ValueError, IndexError):
        return None
    return total


@dataclass
class Run:
    name: str
    server_pid: int
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    bad_answers: int = 0
    seconds: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float | None = None
    load: tuple[float, float] = (0.0, 0.0)

    def add(self, status: int, seconds: float) -> None:
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    async def measure(self, work: Awaitable[None]) -> None:
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        server_before = process_tree_cpu(self.server_pid)
        client_before = time.process_time()
        started = time.perf_counter()
        await work
        self.seconds = time.perf_counter() - started
        self.client_cpu = time.process_time() - client_before
        server_after = process_tree_cpu(self.server_pid)
        if server_before is not None and server_after is not None:
            self.server_cpu = server_after - server_before
        self.load = (load_before, os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0)

    def row(self) -> str:
        ordered = sorted(self.latencies)
        count = len(ordered)
        p99 = ordered[min(count - 1, int(count * 0.99))]
        server = f"{self.server_cpu / count * 1000:5.2f}" if self.server_cpu is not None else "  n/a"
        statuses = dict(sorted(self.statuses.items()))
        bad = f", {self.bad_answers} wrong answers" if self.bad_answers else ""
        return (f"{self.name:<34} {count:>7} {count / self.seconds:>7.0f} {statistics.median(ordered) * 1000:>7.1f} "
                f"{p99 * 1000:>7.1f}  {server} {self.client_cpu / count * 1000:6.2f}  "
                f"{self.load[0]:4.2f}-{self.load[1]:4.2f}  {statuses}{bad}")


Make = Callable[[Connection, int, Run], Coroutine[Any, Any, None]]


async def load(run: Run, connections: list[Connection], total: int, make: Make) -> None:
    """`total` requests (or flows) spread over the connections, as fast as each gets answers."""
    counter = iter(range(total))

    async def worker(connection: Connection) -> None:
        for n in counter:
            await make(connection, n, run)

    await run.measure(asyncio.gather(*(worker(c) for c in connections)))


async def timed(run: Run, connection: Connection, request: bytes) -> tuple[int, bytes]:
    started = time.perf_counter()
    status, data = await connection.send(request)
    run.add(status, time.perf_counter() - started)
    return status, data


def slots_body(setup: dict[str, Any], n: int) -> dict[str, Any]:
    date = TOMORROW + timedelta(hours=11, minutes=15 * (n % 40))
    return {"reservationLocationId": setup["busy"], "date": date.isoformat(), "partySize": 2,
            "slotsBefore": SLOTS_EACH_SIDE, "slotsAfter": SLOTS_EACH_SIDE}


def slots_answer_is_right(data: bytes, asked: datetime) -> bool:
    """Nine slots, a quarter of an hour apart, the middle one at the date asked."""
    try:
        slots = json.loads(data)["timeSlots"]
        middle = datetime.fromisoformat(slots[SLOTS_EACH_SIDE]["startDate"].replace("Z", "+00:00"))
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    return len(slots) == 2 * SLOTS_EACH_SIDE + 1 and middle == asked


async def bench(server_pid: int, port: int, context: ssl.SSLContext, setup: dict[str, Any],
                args: argparse.Namespace) -> list[str]:
    connections = [Connection(port, context, setup["key"]) for _ in range(args.connections)]
    await asyncio.gather(*(c.open() for c in connections))
    encoder = connections[0]
    rows = []
    try:
        requests = [encoder.encode("POST", f"{RES}/time-slots", slots_body(setup, n)) for n in range(40)]
        asked = [datetime.fromisoformat(slots_body(setup, n)["date"]) for n in range(40)]

        async def time_slots(connection: Connection, n: int, run: Run) -> None:
            status, data = await timed(run, connection, requests[n % 40])
            if status != 200 or not slots_answer_is_right(data, asked[n % 40]):
                run.bad_answers += 1

        await load(Run("warm-up", server_pid), connections, 400, time_slots)
        slots = Run(f"getTimeSlots ({args.connections} connections)", server_pid)
        await load(slots, connections, args.requests, time_slots)
        rows.append(slots.row())

        async def book(connection: Connection, n: int, run: Run) -> None:
            day = TOMORROW + timedelta(days=2 + n % 20)
            start = day + timedelta(hours=10, minutes=15 * (n // 20 % 48))
            hold = connection.encode("POST", f"{RES}/reservations/hold", {"reservationDetails": {
                "reservationLocationId": setup["busy"], "startDate": start.isoformat(), "partySize": 1 + n % 6}})
            status, data = await timed(run, connection, hold)
            if status != 200:
                return
            reservation = json.loads(data)["reservation"]
            reserve = connection.encode("POST", f"{RES}/reservations/{reservation['id']}/reserve",
                                        {"reservee": GUEST, "revision": reservation["revision"]})
            status, data = await timed(run, connection, reserve)
            if status != 200 or json.loads(data)["reservation"]["status"] != "RESERVED":
                run.bad_answers += 1

        bookings = Run(f"hold + reserve ({args.connections} connections)", server_pid)
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
    staff = Connection(connections[0].port, connections[0].context, setup["staff_key"])
    await staff.open()
    listing = f"{RES}/reservations?reservationLocationId={setup['tiny']}&paging.limit=100"
    status, page = await staff.request("GET", listing)
    await staff.close()
    booked = len(page["reservations"]) if status == 200 else -1
    verdict = "OK" if winners == [1] * count and booked == count else "DOUBLE BOOKING OR LOSS"
    return (f"races for the last table: {count} races x {len(connections)} connections: winners per race "
            f"{winners}, refusals {refusals}, bookings in the book {booked} -> {verdict}")


# --- wrk, the second opinion -------------------------------------------------------------------

_WRK_SCRIPT = """
local bodies = {%(bodies)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "%(path)s", {["Authorization"] = "%(key)s", ["Content-Type"] = "application/json"},
                    bodies[(n %% #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f\\n", summary.requests, summary.errors.status,
                         summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_row(wrk: str, server_pid: int, port: int, setup: dict[str, Any], args: argparse.Namespace,
            folder: Path) -> str:
    """getTimeSlots from wrk for `args.wrk_seconds`, the same 40 requests in turn; a non-2xx
    answer counts as an error (wrk reads every answer whole but can't check its slots)."""
    bodies = ",".join("[[" + json.dumps(slots_body(setup, n)) + "]]" for n in range(40))
    script = folder / "time_slots.lua"
    script.write_text(_WRK_SCRIPT % {"bodies": bodies, "path": f"{RES}/time-slots", "key": setup["key"]})
    url = f"https://127.0.0.1:{port}/"
    subprocess.run([wrk, "-t1", f"-c{args.connections}", "-d2s", "-s", str(script), url],
                   capture_output=True, check=True)  # warm-up
    load_before = os.getloadavg()[0]
    before = process_tree_cpu(server_pid)
    out = subprocess.run([wrk, "-t1", f"-c{args.connections}", f"-d{args.wrk_seconds}s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    after = process_tree_cpu(server_pid)
    match = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)", out)
    if match is None:
        return f"wrk gave no result: {out!r}"
    count, errors, micros = int(match.group(1)), int(match.group(2)), int(match.group(3))
    server = f"{(after - before) / count * 1000:5.2f}" if before is not None and after is not None else "  n/a"
    name = f"getTimeSlots, wrk ({args.connections} connections)"
    return (f"{name:<34} {count:>7} {count / (micros / 1e6):>7.0f} {float(match.group(4)):>7.1f} "
            f"{float(match.group(5)):>7.1f}  {server}    n/a  {load_before:4.2f}-{os.getloadavg()[0]:4.2f}  "
            f"{{non-2xx: {errors}}}")


# --- the server ---------------------------------------------------------------------------------


def start_server(folder: Path, workers: int | None) -> tuple[subprocess.Popen[str], int, Path, str]:
    command = [sys.executable, "-m", "maitred", "serve", "--data-dir", str(folder), "--port", "0", "--rate-limit", "0"]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(4)]
    match = re.search(r":(\d+)\s*$", lines[0])
    if match is None:
        process.kill()
        raise SystemExit(f"the server did not start: {lines[0]!r}")
    return process, int(match.group(1)), folder / "online-server-cert.pem", lines[3].strip()


def run_client(coroutine: Coroutine[Any, Any, list[str]]) -> tuple[list[str], str]:
    """The client's event loop: uvloop where installed (the client shares the CPU with the server)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine), "asyncio"
    return uvloop.run(coroutine), "uvloop"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=6000, help="getTimeSlots requests")
    parser.add_argument("--bookings", type=int, default=1000, help="hold + reserve flows")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--races", type=int, default=10)
    parser.add_argument("--workers", type=int, help="server processes (default: `maitred serve`'s)")
    parser.add_argument("--wrk", action="store_true", help="also measure getTimeSlots with wrk, if installed")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()
    wrk = shutil.which("wrk") if args.wrk else None
    with tempfile.TemporaryDirectory(prefix="maitred-bench-") as temp:
        folder = Path(temp)
        setup = build_book(folder)
        process, port, cert, workers = start_server(folder, args.workers)
        try:
            context = ssl.create_default_context(cafile=str(cert))
            rows, loop = run_client(bench(process.pid, port, context, setup, args))
            if wrk is not None:
                rows.insert(1, wrk_row(wrk, process.pid, port, setup, args, folder))
        finally:
            process.terminate()
            process.wait(timeout=30)
            if process.stdout is not None:
                process.stdout.close()
    print(describe_machine())
    print(f"server: `maitred serve` (uvicorn, TLS, SQLite WAL), {workers}, its own processes; "
          f"client: this process, {loop}")
    print(f"{'operation':<34} {'count':>7} {'per s':>7} {'p50 ms':>7} {'p99 ms':>7}  "
          f"{'CPU ms a request:':<13} {'load avg':<9}  statuses")
    print(f"{'':<34} {'':>7} {'':>7} {'':>7} {'':>7}  server client")
    for row in rows:
        print(row)
    if args.wrk and wrk is None:
        print("(--wrk: wrk is not installed; `apt-get install wrk` for the second opinion)")
    print("targets: getTimeSlots >= 500 requests/s with p99 < 50 ms at 20 connections; exactly one winner per race")
    return 0


if __name__ == "__main__":
    sys.exit(main())
