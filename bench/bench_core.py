"""Benchmark of the reservation core on a busy book: 100 tables, 40 combinations, 800 reservations
on the benchmark day and 100,000 in the database.

    .venv/bin/python bench/bench_core.py [--repeat 200] [--profile] [--keep PATH]

Builds the book in a temporary SQLite file (the location through the wire API, the reservations
with one bulk insert into the migrated schema, checked by reading one back through the API;
building is not timed), then measures with
`time.perf_counter`:

- getTimeSlots, FULL scope, slotsBefore=50 and slotsAfter=50 (101 slots around the day's noon);
- createReservation, FULL scope, tables assigned automatically;
- a raw `sqlite3` read of the rows getTimeSlots needs (the same columns, filter and order as the
  store's availability look-up, for the same window) on the same file: the floor any
  implementation has to pay.

Prints a table (median, p90, ratio to the raw read), the targets (getTimeSlots median < 10 ms,
createReservation median < 5 ms, getTimeSlots within 5x the raw read) and the machine.
`--profile` adds the top of a cProfile run of each operation.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from maitred.api import ApiError, open_api
from maitred.domain.lifecycle import ReservationStatus, Source
from maitred.domain.reservation import Reservation, Reservee
from maitred.store.codec import dumps

ROME = ZoneInfo("Europe/Rome")
DAY = datetime(2026, 6, 10, tzinfo=ROME)  # a Wednesday
NOW = datetime(2026, 6, 10, 7, 0, tzinfo=UTC)  # 09:00 in Rome, the morning of the benchmark day
TABLES = 100
COMBINATIONS = 40
DAY_RESERVATIONS = 800
TOTAL_RESERVATIONS = 100_000
OTHER_DAYS = 124  # on each side of the benchmark day
TURN = timedelta(minutes=90)
GUEST = {"firstName": "Ada", "lastName": "Lovelace", "phone": "+390612345678"}

S = ReservationStatus
OCCUPYING = ("HELD", "PAYMENT_PENDING", "REQUESTED", "RESERVED", "SEATED")
STEADY = ("REQUESTED", "RESERVED", "SEATED")
EXPIRING = ("HELD", "PAYMENT_PENDING")


# --- building the book ----------------------------------------------------------------------------


def seats_of(k: int) -> tuple[int, int]:
    """Table k's seats: mostly twos and fours, some sixes and eights."""
    return [(1, 2), (1, 2), (2, 4), (2, 4), (2, 4), (3, 6), (4, 8)][k % 7]


def create_location(host: Any) -> tuple[str, list[str]]:
    tables = [{"name": f"T{k + 1}", "seatsMin": seats_of(k)[0], "seatsMax": seats_of(k)[1],
               "layout": {"area": "Main" if k < 60 else "Patio"}} for k in range(TABLES)]
    days = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
    request = {"reservationLocation": {
        "location": {"name": "Benchmark Trattoria", "timeZone": "Europe/Rome", "countryCode": "IT"},
        "configuration": {
            "onlineReservations": {
                "onlineReservationsEnabled": True, "partySize": {"min": 1, "max": 12},
                "defaultTurnoverTime": 90, "turnoverTimeRules": [{"seatsMin": 7, "seatsMax": 20, "minutes": 150}],
                "timeSlotInterval": 15,
                "businessSchedule": {"periods": [{"openDay": d, "openTime": "00:00", "closeDay": d,
                                                  "closeTime": "24:00"} for d in days]},
                "partyPacing": {"enabled": True, "number": 60}, "seatPacing": {"enabled": True, "number": 300}},
            "tableManagement": {"mode": "ON", "tableDefinitions": tables}}}}
    location = host.create_reservation_location(request)["reservationLocation"]
    ids = [t["id"] for t in location["configuration"]["tableManagement"]["tableDefinitions"]]
    combos = [{"tableIds": [ids[2 * j], ids[2 * j + 1]], "seatsMin": 3,
               "seatsMax": seats_of(2 * j)[1] + seats_of(2 * j + 1)[1]} for j in range(COMBINATIONS)]
    host.update_reservation_location({"reservationLocation": {
        "id": location["id"], "revision": location["revision"],
        "configuration": {"tableManagement": {"tableCombinations": combos}}}})
    return location["id"], ids


def day_bookings(location_id: str, table_ids: list[str], day: datetime, per_table: int, *, rng: random.Random,
                 benchmark_day: bool) -> list[Reservation]:
    """`per_table` turns at each table, staggered from 11:00 local, back to back on the benchmark day,
    with a quarter of an hour between them on the other days; plausible statuses."""
    found = []
    for k, table_id in enumerate(table_ids):
        low, high = seats_of(k)
        first = day.replace(hour=11) + timedelta(minutes=15 * (k % 6))
        for turn in range(per_table):
            gap = timedelta(minutes=90 if benchmark_day else 105)
            start = (first + turn * gap).astimezone(UTC)
            if benchmark_day:
                status = rng.choices([S.RESERVED, S.SEATED, S.FINISHED, S.CANCELED, S.NO_SHOW, S.REQUESTED],
                                     [60, 8, 12, 10, 4, 6])[0]
            else:
                status = S.FINISHED if start < NOW else S.RESERVED
            found.append(Reservation(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                location_id=location_id, status=status, source=rng.choice(list(Source)),
                start=start, end=start + TURN, party_size=rng.randint(low, high), table_ids=(table_id,),
                reservee=Reservee(first_name="Guest", last_name=f"N{k}-{turn}", phone="+390612345678"),
                created=NOW - timedelta(days=30), updated=NOW - timedelta(days=30), revision=1,
            ))
    return found


def build(path: Path) -> tuple[Any, str, list[str], float]:
    started = time.perf_counter()
    api = open_api(f"sqlite:///{path}", clock=lambda: NOW)
    host = api.as_scope("FULL", actor="bench")
    location_id, table_ids = create_location(host)
    rng = random.Random(20260610)
    rows = day_bookings(location_id, table_ids, DAY, DAY_RESERVATIONS // TABLES, rng=rng, benchmark_day=True)
    per_day = (TOTAL_RESERVATIONS - DAY_RESERVATIONS) // (2 * OTHER_DAYS) // TABLES
    for offset in [*range(-OTHER_DAYS, 0), *range(1, OTHER_DAYS + 1)]:
        day = datetime.combine((DAY + timedelta(days=offset)).date(), datetime.min.time(), ROME)
        rows += day_bookings(location_id, table_ids, day, per_day, rng=rng, benchmark_day=False)
    assert len(rows) == TOTAL_RESERVATIONS, len(rows)
    bulk_insert(path, rows)
    # The bulk insert wrote the store's columns by hand: read one back through the API to be sure.
    sample = rows[len(rows) // 2]
    stored = host.get_reservation({"reservationId": sample.id, "fieldsets": ["FULL"]})["reservation"]
    assert (stored["status"], stored["details"]["tableIds"], stored["details"]["partySize"]) == (
        sample.status.value, list(sample.table_ids), sample.party_size), stored
    with sqlite3.connect(path) as connection:
        connection.execute("ANALYZE")
    return api, location_id, table_ids, time.perf_counter() - started


def bulk_insert(path: Path, rows: list[Reservation]) -> None:
    """One executemany into the migrated `reservations` table, in one transaction."""
    def ms(instant: datetime) -> int:
        return to_ms(instant)

    values = [
        (r.id, r.location_id, r.status.value, r.source.value, ms(r.start), ms(r.end), r.party_size,
         json.dumps(list(r.table_ids)), None if r.reservee is None else dumps(r.reservee), None, None, "[]",
         ms(r.created or NOW), ms(r.updated or NOW), r.revision)
        for r in rows
    ]
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO reservations (id, location_id, status, source, start_ms, end_ms, party_size, table_ids, "
            "reservee, team_message, decline_reason, table_clashes, created_ms, updated_ms, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)


# --- measuring ------------------------------------------------------------------------------------


def measure(call: Callable[[int], Any], repeat: int, warmup: int = 5) -> list[float]:
    for i in range(warmup):
        call(-1 - i)
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def raw_read_query() -> str:
    """The store's availability look-up (SqlReservationRepository.table_uses), in plain SQL."""
    steady = ", ".join(f"'{s}'" for s in STEADY)
    expiring = ", ".join(f"'{s}'" for s in EXPIRING)
    return (
        "SELECT id, start_ms, end_ms, party_size, table_ids FROM reservations "
        "WHERE location_id = ? AND start_ms >= ? AND start_ms < ? AND end_ms > ? "
        f"AND (status IN ({steady}) OR (status IN ({expiring}) AND created_ms > ?)) "
        "ORDER BY start_ms, id"
    )


def to_ms(instant: datetime) -> int:
    return int((instant - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(milliseconds=1))


def machine() -> list[tuple[str, str]]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "unknown"
    return [("platform", platform.platform()), ("cpu", model), ("cores", str(os.cpu_count())),
            ("python", sys.version.split()[0]), ("sqlite", sqlite3.sqlite_version),
            ("load avg", " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1/5/15 min, at the end of the run)")]


def profile(label: str, call: Callable[[int], Any], repeat: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(repeat):
        call(10_000 + i)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(25)
    return f"\n--- cProfile: {label} ({repeat} calls, cumulative) ---\n" + out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed repetitions of each operation")
    parser.add_argument("--profile", action="store_true", help="also print cProfile of each operation")
    parser.add_argument("--keep", type=Path, help="build the book at this path and keep it (reused if it exists)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="maitred-bench-") as folder:
        path = args.keep or Path(folder) / "bench.db"
        if path.exists():
            api = open_api(f"sqlite:///{path}", clock=lambda: NOW)
            location_id = api.as_scope("FULL").list_reservation_locations({})["reservationLocations"][0]["id"]
            build_seconds = 0.0
        else:
            api, location_id, _tables, build_seconds = build(path)
        # As `maitred` and `maitred serve` run once started: what start-up made (modules, the open
        # book) is frozen out of the garbage collector's sight, so its collections walk only what
        # requests make.
        gc.collect()
        gc.freeze()
        full = api.as_scope("FULL", actor="bench")
        basic = api.as_scope("BASIC")
        noon = DAY.replace(hour=12).astimezone(UTC)
        slots_request = {"reservationLocationId": location_id, "date": noon.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "partySize": 2, "slotsBefore": 50, "slotsAfter": 50}
        check = full.get_time_slots(slots_request)["timeSlots"]
        assert len(check) == 101
        available = sum(s["status"] == "AVAILABLE" for s in check)

        created: list[str] = []
        refused: list[str] = []
        outcomes: list[bool] = []
        rng = random.Random(7)

        def create(i: int) -> None:
            start = DAY.replace(hour=10) + timedelta(minutes=15 * (i % 52))
            request = {"reservation": {"details": {
                "reservationLocationId": location_id, "startDate": start.astimezone(UTC).isoformat(),
                "partySize": rng.randint(1, 4)}, "reservee": dict(GUEST)}}
            try:
                created.append(full.create_reservation(request)["reservation"]["id"])
                outcomes.append(True)
            except ApiError as error:  # a refusal is timed too, and counted
                refused.append(error.code)
                outcomes.append(False)

        # The raw read: same file, same columns, the same window getTimeSlots reads (101 slots + a stay).
        first, last = noon - 50 * timedelta(minutes=15), noon + 50 * timedelta(minutes=15)
        window_end = last + TURN
        parameters = (location_id, to_ms(first) - 24 * 3600 * 1000, to_ms(window_end), to_ms(first),
                      to_ms(NOW) - 10 * 60 * 1000)
        raw = sqlite3.connect(path)
        query = raw_read_query()
        raw_rows = len(raw.execute(query, parameters).fetchall())

        def raw_read(_: int) -> None:
            raw.execute(query, parameters).fetchall()

        results = [
            ("raw sqlite3 read of the rows", measure(raw_read, args.repeat)),
            ("getTimeSlots FULL 101 slots", measure(lambda _: full.get_time_slots(slots_request), args.repeat)),
            ("getTimeSlots BASIC 101 slots", measure(lambda _: basic.get_time_slots(slots_request), args.repeat)),
            ("createReservation FULL auto", measure(create, args.repeat)),
        ]
        booked_times = [t for t, ok in zip(results[-1][1], outcomes[-args.repeat:], strict=True) if ok]
        if len(booked_times) >= 2:
            results.append(("  of which booked", booked_times))
        raw_median = statistics.median(results[0][1])

        print(f"Maitre D core benchmark: {TABLES} tables, {COMBINATIONS} combinations, "
              f"{DAY_RESERVATIONS} reservations on {DAY.date()} (Europe/Rome), {TOTAL_RESERVATIONS:,} in the book")
        built = f"built in {build_seconds:.1f} s (not timed)" if build_seconds else f"reused {path}"
        print(f"{built}; {args.repeat} timed repetitions each, after 5 warm-up calls; start-up objects frozen "
              "out of the garbage collector's sight, as the app and the server run")
        print(f"getTimeSlots window: {raw_rows} occupying rows read; {available} of 101 slots AVAILABLE for 2")
        print(f"createReservation: {len(created)} booked, {len(refused)} refused {sorted(set(refused))} "
              "(incl. warm-up; a refusal does the same availability check)")
        print()
        print(f"{'operation':32} {'median ms':>10} {'p90 ms':>10} {'x raw read':>11}")
        for label, times in results:
            median = statistics.median(times)
            print(f"{label:32} {median:10.3f} {p90(times):10.3f} {median / raw_median:11.1f}")
        print()
        slots_median = statistics.median(results[1][1])
        create_median = statistics.median(results[3][1])
        targets = [
            ("getTimeSlots median < 10 ms", slots_median < 10, f"{slots_median:.2f} ms"),
            ("createReservation median < 5 ms", create_median < 5, f"{create_median:.2f} ms"),
            ("getTimeSlots within 5x raw read", slots_median <= 5 * raw_median, f"{slots_median / raw_median:.1f}x"),
        ]
        for label, met, value in targets:
            print(f"{'MET   ' if met else 'MISSED'} {label:34} {value}")
        print()
        for key, value in machine():
            print(f"{key:9} {value}")
        if args.profile:
            print(profile("getTimeSlots FULL 101 slots", lambda _: full.get_time_slots(slots_request), 50))
            print(profile("createReservation FULL auto", create, 50))
        raw.close()
        api.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
