"""`maitred serve --workers N`: several processes on one port, sharing the book, the rate limits
and the writers' turn; a key revoked elsewhere stops in every one of them within a second."""

from __future__ import annotations

import io
import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import spawned
from serve_process import maitred_serve

from conftest import LOC, RES, location_request
from maitred.api import ReservationApi
from maitred.bootstrap import open_book
from maitred.server import workers as server_workers
from maitred.server.cli import main as cli_main
from maitred.server.cli import parser
from maitred.server.limits import SharedBuckets, SharedRateLimiter
from maitred.server.workers import default_workers

LOCATIONS = f"{LOC}/reservation-locations"
ON_LINUX = sys.platform.startswith("linux")


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    lines: list[str]
    trust: ssl.SSLContext
    key: str
    folder: Path

    def get(self, path: str = LOCATIONS, key: str | None = None) -> int:
        """One request on a connection of its own (so the kernel may pick any worker)."""
        with httpx.Client(verify=self.trust, limits=httpx.Limits(max_keepalive_connections=0)) as client:
            return client.get(f"{self.url}{path}", headers={"Authorization": key or self.key}).status_code

    def worker_pids(self) -> list[int]:
        """The server's worker processes (Linux: its children running multiprocessing's spawn)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children
                if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")]


@contextmanager
def _serve(folder: Path, *options: str) -> Iterator[Served]:
    out = io.StringIO()
    assert cli_main(["apikey", "create", "--name", "website", "--data-dir", str(folder)], out) == 0
    key = next(word for word in out.getvalue().split() if word.startswith("mdk_"))
    with maitred_serve("--data-dir", str(folder), "--port", "0", *options) as process:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        assert lines[0].startswith("Maitre D online bookings at https://127.0.0.1:"), lines
        trust = ssl.create_default_context(cafile=str(folder / "online-server-cert.pem"))
        yield Served(process, lines[0].split()[-1], lines, trust, key, folder)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[Served]:
    with _serve(tmp_path, "--workers", "2", "--rate-limit", "0") as served:
        yield served


@pytest.mark.slow
def test_two_workers_serve_and_stop_together(two_workers: Served) -> None:
    served = two_workers
    assert served.lines[3].strip() == "2 worker processes (--workers)"
    assert [served.get() for _ in range(6)] == [200] * 6
    pids = served.worker_pids() if ON_LINUX else []
    if ON_LINUX:
        assert len(pids) == 2
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=30) == 0
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


@pytest.mark.slow
@pytest.mark.skipif(not ON_LINUX, reason="finds the workers through /proc")
def test_a_worker_that_dies_is_replaced(two_workers: Served) -> None:
    served = two_workers
    first, second = served.worker_pids()
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = served.worker_pids()
        if len(pids) == 2 and first not in pids:
            break
        time.sleep(0.1)
    assert len(pids) == 2 and first not in pids and second in pids
    assert [served.get() for _ in range(6)] == [200] * 6


@pytest.mark.slow
def test_a_key_revoked_elsewhere_stops_in_every_worker_within_a_second(two_workers: Served) -> None:
    served = two_workers
    assert [served.get() for _ in range(4)] == [200] * 4  # both workers have the key in their caches
    key_id = next(line.split()[0] for line in _key_list(served.folder) if "website" in line)
    assert cli_main(["apikey", "revoke", key_id, "--data-dir", str(served.folder)], io.StringIO()) == 0
    time.sleep(1.2)  # the key cache's second, and a little
    assert [served.get() for _ in range(8)] == [401] * 8


def _key_list(folder: Path) -> list[str]:
    out = io.StringIO()
    cli_main(["apikey", "list", "--data-dir", str(folder)], out)
    return out.getvalue().splitlines()


@pytest.mark.slow
def test_the_rate_limit_is_per_key_across_workers(tmp_path: Path) -> None:
    with _serve(tmp_path, "--workers", "2", "--rate-limit", "0.001", "--burst", "3") as served:
        # Twelve connections of their own land on both workers; the key still has three tokens in all.
        statuses = [served.get() for _ in range(12)]
        assert statuses.count(200) == 3 and statuses.count(429) == 9


@pytest.mark.slow
def test_racing_for_the_last_table_across_workers_books_it_once(tmp_path: Path) -> None:
    book = open_book(f"sqlite:///{tmp_path / 'maitred.db'}")
    try:
        request = location_request(tables=(("T1", 1, 4),))
        location = ReservationApi(book).as_scope("FULL").create_reservation_location(request)["reservationLocation"]
    finally:
        book.close()
    with _serve(tmp_path, "--workers", "2", "--rate-limit", "0") as served:
        start = "2031-06-09T19:00:00Z"  # a Monday, years ahead of any real clock
        body = {"reservationDetails": {"reservationLocationId": location["id"], "startDate": start, "partySize": 2}}

        def hold(_: int) -> int:
            with httpx.Client(verify=served.trust) as client:
                return client.post(f"{served.url}{RES}/reservations/hold", json=body,
                                   headers={"Authorization": served.key}).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(hold, range(16)))
        assert statuses.count(200) == 1 and statuses.count(409) == 15, statuses
    book = open_book(f"sqlite:///{tmp_path / 'maitred.db'}")
    try:
        assert len(ReservationApi(book).as_scope("FULL").list_reservations({})["reservations"]) == 1
    finally:
        book.close()


def test_an_in_memory_book_is_served_by_one_process(tmp_path: Path) -> None:
    with maitred_serve("--data-dir", str(tmp_path), "--database-url", "sqlite://", "--port", "0",
                       "--workers", "2") as process:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(4)]
        assert lines[3].strip() == "1 worker process (--workers)"  # a second would see an empty book of its own
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_the_workers_option(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parser().parse_args(["serve", "--workers", "3"]).workers == 3
    with pytest.raises(SystemExit):
        parser().parse_args(["serve", "--workers", "0"])
    monkeypatch.setattr(server_workers.os, "cpu_count", lambda: 8)
    assert default_workers() == 2  # one a core, two at most
    monkeypatch.setattr(server_workers.os, "cpu_count", lambda: 1)
    assert default_workers() == 1
    monkeypatch.setattr(server_workers.os, "cpu_count", lambda: None)
    assert default_workers() == 1
    monkeypatch.setattr(server_workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(server_workers.sys, "frozen", True, raising=False)
    assert default_workers() == 2  # the bundle too: its launcher calls freeze_support()


# --- the shared rate limiter ----------------------------------------------------------------


def test_limiters_over_one_table_share_their_buckets() -> None:
    now = [100.0]
    table = SharedBuckets(slots=64)
    first = SharedRateLimiter(2, 3, table, clock=lambda: now[0])
    second = SharedRateLimiter(2, 3, table, clock=lambda: now[0])
    assert [first.take("key-a"), second.take("key-a"), first.take("key-a")] == [True, True, True]
    assert not second.take("key-a") and not second.has_token("key-a") and first.retry_after("key-a") == 1
    assert second.take("key-b")  # another key, another bucket
    now[0] += 0.5  # one token back
    assert first.take("key-a") and not second.take("key-a")
    off = SharedRateLimiter(0, 1, table)
    assert off.take("key-a") and off.has_token("key-a") and off.retry_after("key-a") == 0


def test_the_table_is_shared_with_spawned_processes() -> None:
    import multiprocessing

    table = SharedBuckets(slots=64)
    limiter = SharedRateLimiter(0.001, 3, table)
    process = multiprocessing.get_context("spawn").Process(target=spawned.take_twice, args=(limiter,))
    process.start()
    process.join(60)
    assert process.exitcode == 0
    assert limiter.take("key-a") and not limiter.take("key-a")  # the other process spent two of three


def test_the_table_stays_bounded() -> None:
    now = [0.0]
    table = SharedBuckets(slots=8)
    limiter = SharedRateLimiter(1, 1, table, clock=lambda: now[0])
    names = [f"client-{n}" for n in range(40)]
    for name in names:
        assert limiter.take(name)  # a new name always gets a bucket...
    assert sum(1 for slot in range(8) if table.names[slot]) == 8  # ...in a table that never grows
    assert not limiter.take(names[-1])  # the newest bucket is still there, and empty
    now[0] += 5  # every bucket refills: any of them may be given to a new name
    assert limiter.take("someone-new") and not limiter.take("someone-new")


# --- the writers' turn across processes -----------------------------------------------------


def test_the_writers_lock_is_shared_and_let_go_by_a_killed_worker(tmp_path: Path) -> None:
    import multiprocessing

    from maitred.server.server_book import SharedWritersLock

    context = multiprocessing.get_context("spawn")
    lock = SharedWritersLock(tmp_path / "writers.lock")
    lock.acquire()
    lock.acquire()  # reentrant in a thread
    lock.release()
    lock.release()
    held, release = context.Event(), context.Event()
    other = context.Process(target=spawned.hold_the_writers_lock, args=(lock, held, release))
    other.start()
    assert held.wait(60)
    assert not threading_acquire_within(lock, 0.3)  # the other process has the turn (the thread waits on)
    release.set()
    other.join(60)
    assert threading_acquire_within(lock, 5)

    held = context.Event()
    doomed = context.Process(target=spawned.die_holding_the_writers_lock, args=(lock, held))
    doomed.start()
    assert held.wait(60)
    doomed.kill()
    doomed.join(60)
    assert threading_acquire_within(lock, 5)  # the kernel let go of a dead worker's turn
    lock.remove()
    assert not (tmp_path / "writers.lock").exists()


def threading_acquire_within(lock: Any, seconds: float) -> bool:
    """Whether a fresh thread gets (then gives back) the lock within `seconds`."""
    import threading

    got = threading.Event()

    def take() -> None:
        lock.acquire()
        got.set()
        lock.release()

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    if got.wait(seconds):
        thread.join(5)  # given back too
        return True
    return False
