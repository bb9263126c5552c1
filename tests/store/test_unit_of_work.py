"""Transactions, locks and the errors a host can retry: what makes double booking impossible."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, exc, text
from store_builders import make_location, make_reservation

from maitred.domain.errors import Unavailable
from maitred.store import SqlBook


def _with_location(book: SqlBook) -> None:
    with book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location())
        unit_of_work.commit()


@contextmanager
def holding_the_write_lock(
    book: SqlBook, *, then: Callable[[Any], None] = lambda _uow: None
) -> Iterator[threading.Event]:
    """Run a write unit of work in another thread that locks the location and keeps the lock
    until the caller sets the yielded event; then it calls `then` and commits."""
    locked, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with book(write=True) as unit_of_work:
                unit_of_work.locations.get("loc-1", lock=True)
                locked.set()
                release.wait(10)
                then(unit_of_work)
                unit_of_work.commit()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
            locked.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert locked.wait(10)
    try:
        yield release
    finally:
        release.set()
        thread.join(10)
    if errors:
        raise errors[0]


def test_a_second_writer_waits_until_the_first_commits(book: SqlBook) -> None:
    _with_location(book)

    def book_the_table(unit_of_work: Any) -> None:
        unit_of_work.reservations.add(make_reservation("first"))

    with holding_the_write_lock(book, then=book_the_table) as release:
        threading.Timer(0.5, release.set).start()
        started = time.monotonic()
        with book(write=True) as unit_of_work:
            unit_of_work.locations.get("loc-1", lock=True)
            waited = time.monotonic() - started
            # Having waited, the second writer sees what the first one booked.
            assert unit_of_work.reservations.get("first") is not None
    assert waited >= 0.4


def test_a_writer_kept_waiting_too_long_gets_unavailable(database_url: str) -> None:
    with SqlBook(database_url, busy_timeout=0.3) as book:
        _with_location(book)
        with holding_the_write_lock(book):
            started = time.monotonic()
            with pytest.raises(Unavailable, match="busy") as refused, book(write=True) as unit_of_work:
                unit_of_work.locations.get("loc-1", lock=True)
            assert time.monotonic() - started < 5
    assert refused.value.code == "UNAVAILABLE"


def test_a_reader_does_not_wait_for_a_writer(book: SqlBook) -> None:
    _with_location(book)
    with holding_the_write_lock(book):
        started = time.monotonic()
        with book() as unit_of_work:
            assert unit_of_work.locations.get("loc-1") is not None
        assert time.monotonic() - started < 1


def test_sqlite_write_units_begin_immediate_and_read_units_begin_plain(sqlite_url: str) -> None:
    with SqlBook(sqlite_url) as book:
        statements: list[str] = []

        @event.listens_for(book.engine, "before_cursor_execute")
        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        with book(write=True):
            pass
        with book():
            pass
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN"]


def test_sqlite_connections_are_configured_for_concurrent_terminals(sqlite_url: str) -> None:
    with SqlBook(sqlite_url) as book, book.engine.connect() as connection:
        settings = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    assert settings == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 1, "busy_timeout": 10_000}


def test_foreign_keys_are_enforced_and_other_errors_propagate(book: SqlBook) -> None:
    with pytest.raises(exc.IntegrityError), book(write=True) as unit_of_work:
        unit_of_work.reservations.add(make_reservation("r1", location_id="nowhere"))


def test_the_repositories_refuse_work_outside_the_block(book: SqlBook) -> None:
    unit_of_work = book()
    with pytest.raises(RuntimeError, match="with book"):
        unit_of_work.locations.count()
    with unit_of_work:
        assert unit_of_work.locations.count() == 0
    with pytest.raises(RuntimeError):
        unit_of_work.commit()


def test_work_may_go_on_after_a_commit(book: SqlBook) -> None:
    with book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location("loc-1"))
        unit_of_work.commit()
        unit_of_work.locations.add(make_location("loc-2"))  # a new transaction, never committed
    with book() as unit_of_work:
        assert [location.id for location in unit_of_work.locations.list(10)] == ["loc-1"]


def test_an_in_memory_book_serves_several_threads() -> None:
    with SqlBook("sqlite://") as book:
        _with_location(book)
        errors: list[BaseException] = []

        def clerk(number: int) -> None:
            try:
                for booking in range(15):
                    with book(write=True) as unit_of_work:
                        unit_of_work.reservations.add(make_reservation(f"r{number}-{booking}"))
                        unit_of_work.commit()
                    with book() as unit_of_work:
                        assert unit_of_work.reservations.get(f"r{number}-{booking}") is not None
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=clerk, args=(number,)) for number in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert errors == []
        with book.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM reservations")).scalar() == 60


def test_a_unit_of_work_nested_in_another_on_an_in_memory_book_is_refused_at_once() -> None:
    with SqlBook("sqlite://") as book, book(write=True) as outer:
        nested = book()
        with pytest.raises(RuntimeError, match="inside another"):
            nested.__enter__()
        assert outer.locations.count() == 0  # the outer one is unharmed


def test_in_memory_units_of_work_take_turns() -> None:
    with SqlBook("sqlite://", busy_timeout=0.3) as book:
        _with_location(book)
        with holding_the_write_lock(book), pytest.raises(Unavailable), book():
            pass
        with holding_the_write_lock(book) as release:
            threading.Timer(0.2, release.set).start()
            with book(write=True) as unit_of_work:
                assert unit_of_work.locations.get("loc-1") is not None


def test_an_unreachable_server_is_unavailable() -> None:
    with pytest.raises(Unavailable, match="can't be reached"):
        SqlBook("postgresql+psycopg://maitred@127.0.0.1:1/book")


def test_terminals_racing_for_the_last_table_book_it_once(book: SqlBook) -> None:
    """The services' protocol (lock the location, check, book, commit) from several threads at
    once, each with its own connection as separate terminals would have."""
    _with_location(book)
    start = make_reservation("probe").start
    end = make_reservation("probe").end
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def terminal(number: int) -> None:
        barrier.wait()
        try:
            with book(write=True) as unit_of_work:
                unit_of_work.locations.get("loc-1", lock=True)
                uses = unit_of_work.reservations.table_uses("loc-1", start, end, start)
                if any("t1" in use.table_ids for use in uses):
                    outcomes.append("taken")
                    return
                time.sleep(0.05)  # widen the window a race would need
                unit_of_work.reservations.add(make_reservation(f"r{number}", table_ids=("t1",)))
                unit_of_work.commit()
                outcomes.append("booked")
        except Unavailable:
            outcomes.append("busy")

    threads = [threading.Thread(target=terminal, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("booked") == 1
    assert sorted(outcomes) == ["booked"] + ["taken"] * 5
