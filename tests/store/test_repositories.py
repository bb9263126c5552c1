"""Every repository method against a real database built by the migrations."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from store_builders import T0, make_location, make_reservation

from maitred.domain.audit import LocationChange, ReservationChange
from maitred.domain.errors import RevisionMismatch
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.listing import Condition, Operator, ReservationField, ReservationQuery, SortKey
from maitred.domain.location import LocationInfo, TableDefinition, TableManagement
from maitred.domain.reservation import HOLD_LIFETIME, Reservation, Reservee, TableClash
from maitred.store import SqlBook

S = ReservationStatus
MINUTE = timedelta(minutes=1)


def _add(book: SqlBook, *reservations: Reservation, locations: tuple[str, ...] = ("loc-1",)) -> None:
    with book(write=True) as unit_of_work:
        for location_id in locations:
            if unit_of_work.locations.get(location_id) is None:
                unit_of_work.locations.add(make_location(location_id))
        for reservation in reservations:
            unit_of_work.reservations.add(reservation)
        unit_of_work.commit()


# --- locations -----------------------------------------------------------------------------------


def test_a_location_is_stored_whole_and_listed_in_creation_order(book: SqlBook) -> None:
    tables = TableManagement(tables=(TableDefinition("t1", "T1", 1, 4),))
    first = make_location("loc-b", "Bistro", default=True, table_management=tables)
    second = make_location("loc-a", "Osteria")
    with book(write=True) as unit_of_work:
        assert unit_of_work.locations.count() == 0
        unit_of_work.locations.add(first)
        unit_of_work.locations.add(second)
        unit_of_work.commit()
    with book() as unit_of_work:
        assert unit_of_work.locations.get("loc-b") == first
        assert unit_of_work.locations.get("nowhere") is None
        assert unit_of_work.locations.count() == 2
        assert list(unit_of_work.locations.list(10)) == [first, second]  # creation order, not id order
        assert list(unit_of_work.locations.list(1, offset=1)) == [second]
        assert list(unit_of_work.locations.list(5, offset=2)) == []


def test_a_saved_location_replaces_the_stored_one(book: SqlBook) -> None:
    location = make_location()
    with book(write=True) as unit_of_work:
        unit_of_work.locations.add(location)
        unit_of_work.commit()
    renamed = replace(location, info=LocationInfo("Trattoria Nuova", "Europe/Rome"), revision=2, updated=T0 + MINUTE)
    with book(write=True) as unit_of_work:
        assert unit_of_work.locations.get(location.id, lock=True) == location
        unit_of_work.locations.save(renamed)
        unit_of_work.commit()
    with book() as unit_of_work:
        assert unit_of_work.locations.get(location.id) == renamed
        assert list(unit_of_work.locations.list(10)) == [renamed]
    with book(write=True) as unit_of_work, pytest.raises(RevisionMismatch):
        unit_of_work.locations.save(location)  # revision 1 can't overwrite revision 2


def test_without_commit_nothing_is_kept(book: SqlBook) -> None:
    with book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location())
    with pytest.raises(ZeroDivisionError), book(write=True) as unit_of_work:
        unit_of_work.locations.add(make_location())
        unit_of_work.reservations.add(make_reservation("r1"))
        1 / 0  # noqa: B018
    with book() as unit_of_work:
        assert unit_of_work.locations.count() == 0


# --- reservations --------------------------------------------------------------------------------


def test_a_reservation_round_trips_with_every_field(book: SqlBook) -> None:
    reservation = make_reservation(
        "r1",
        status=S.SEATED,
        source=Source.WALK_IN,
        start=T0 + timedelta(milliseconds=125),
        party_size=7,
        table_ids=("t1", "t2", 'odd "id", with, commas'),
        reservee=Reservee("Anna", "Rossi", "anna@example.org", "+390612345678", True, {"cf1": "nuts"}),
        team_message="birthday 🎂",
        decline_reason="",
        table_clashes=(TableClash("t1", ("r2", "r3")),),
        revision=3,
    )
    bare = make_reservation("r2", table_ids=(), reservee=None, team_message=None, created=T0 + MINUTE)
    bare = replace(bare, updated=None)
    _add(book, reservation, bare)
    with book() as unit_of_work:
        assert unit_of_work.reservations.get("r1") == reservation
        assert unit_of_work.reservations.get("r2") == bare
        assert unit_of_work.reservations.get("nobody") is None


def test_save_replaces_and_delete_removes(book: SqlBook) -> None:
    reservation = make_reservation("r1")
    _add(book, reservation)
    seated = replace(reservation, status=S.SEATED, table_ids=("t2",), revision=2, updated=T0 + MINUTE)
    with book(write=True) as unit_of_work:
        unit_of_work.reservations.save(seated)
        unit_of_work.commit()
    with book(write=True) as unit_of_work:
        assert unit_of_work.reservations.get("r1") == seated
        with pytest.raises(RevisionMismatch):
            unit_of_work.reservations.save(reservation)
        unit_of_work.reservations.delete("r1")
        unit_of_work.reservations.delete("r1")  # deleting what is gone is no error
        unit_of_work.commit()
    with book() as unit_of_work:
        assert unit_of_work.reservations.get("r1") is None


def test_holds_expire_ten_minutes_after_creation(book: SqlBook) -> None:
    held = make_reservation("held", status=S.HELD, created=T0)
    paying = make_reservation("paying", status=S.PAYMENT_PENDING, created=T0 + 2 * MINUTE)
    reserved = make_reservation("reserved", status=S.RESERVED, created=T0 - timedelta(hours=1))
    _add(book, held, paying, reserved)
    with book() as unit_of_work:
        holds = unit_of_work.reservations
        assert holds.next_hold_deadline() == T0 + HOLD_LIFETIME
        assert holds.expired_holds(T0 + HOLD_LIFETIME - timedelta(milliseconds=1)) == []
        assert [r.id for r in holds.expired_holds(T0 + HOLD_LIFETIME)] == ["held"]
        assert [r.id for r in holds.expired_holds(T0 + timedelta(hours=1))] == ["held", "paying"]
    with book(write=True) as unit_of_work:
        unit_of_work.reservations.delete("held")
        assert unit_of_work.reservations.next_hold_deadline() == T0 + 2 * MINUTE + HOLD_LIFETIME
        unit_of_work.reservations.delete("paying")
        assert unit_of_work.reservations.next_hold_deadline() is None
        unit_of_work.commit()


# --- table uses ---------------------------------------------------------------------------------


def test_table_uses_are_the_occupying_reservations_overlapping_the_window(book: SqlBook) -> None:
    now = T0 - timedelta(hours=2)
    window_start, window_end = T0, T0 + timedelta(hours=2)
    _add(
        book,
        make_reservation("inside", start=T0 + 30 * MINUTE, table_ids=("t1", "t2"), party_size=5),
        make_reservation("overlaps-start", start=T0 - 60 * MINUTE, minutes=61, status=S.SEATED),
        make_reservation("overlaps-end", start=window_end - MINUTE, status=S.REQUESTED),
        make_reservation("ends-at-start", start=T0 - 90 * MINUTE, minutes=90),  # back to back: free
        make_reservation("starts-at-end", start=window_end),
        make_reservation("all-day-before", start=T0 - timedelta(hours=23), minutes=23 * 60 + 1),
        make_reservation("held-fresh", status=S.HELD, created=now - 9 * MINUTE, start=T0),
        make_reservation("held-expired", status=S.HELD, created=now - 10 * MINUTE, start=T0),
        make_reservation("paying-fresh", status=S.PAYMENT_PENDING, created=now - MINUTE, start=T0),
        make_reservation("paying-expired", status=S.PAYMENT_PENDING, created=now - 11 * MINUTE, start=T0),
        *(
            make_reservation(f"freed-{status.value}", status=status, start=T0)
            for status in (S.CANCELED, S.DECLINED, S.FINISHED, S.NO_SHOW)
        ),
        make_reservation("other-place", location_id="loc-2", start=T0),
        locations=("loc-1", "loc-2"),
    )
    with book() as unit_of_work:
        uses = unit_of_work.reservations.table_uses("loc-1", window_start, window_end, now)
        by_id = {use.reservation_id: use for use in uses}
        assert set(by_id) == {
            "inside", "overlaps-start", "overlaps-end", "all-day-before", "held-fresh", "paying-fresh",
        }  # fmt: skip
        inside = by_id["inside"]
        assert (inside.start, inside.end) == (T0 + 30 * MINUTE, T0 + 120 * MINUTE)
        assert (inside.party_size, inside.table_ids) == (5, ("t1", "t2"))
        assert [use.start for use in uses] == sorted(use.start for use in uses)
        without = unit_of_work.reservations.table_uses("loc-1", window_start, window_end, now, exclude_id="inside")
        assert {use.reservation_id for use in without} == set(by_id) - {"inside"}
        # Ten minutes after creation a hold no longer counts, swept or not.
        later = unit_of_work.reservations.table_uses("loc-1", window_start, window_end, now + MINUTE)
        assert "held-fresh" not in {use.reservation_id for use in later}


# --- listing ------------------------------------------------------------------------------------


def _ids(reservations: Any) -> list[str]:
    return [reservation.id for reservation in reservations]


def test_conditions_filter_on_each_field(book: SqlBook) -> None:
    rows = [
        make_reservation("a", start=T0, status=S.RESERVED, source=Source.ONLINE),
        make_reservation("b", start=T0 + 15 * MINUTE, status=S.SEATED, source=Source.OFFLINE),
        make_reservation("c", start=T0 + 30 * MINUTE, status=S.CANCELED, source=Source.WALK_IN),
        make_reservation("d", start=T0 + 30 * MINUTE, status=S.RESERVED, location_id="loc-2", created=T0 + MINUTE),
    ]
    _add(book, *rows, locations=("loc-1", "loc-2"))

    def find(*conditions: Condition) -> list[str]:
        with book() as unit_of_work:
            return _ids(unit_of_work.reservations.find(ReservationQuery(conditions=conditions)))

    F, Op = ReservationField, Operator
    assert find() == ["a", "b", "c", "d"]
    assert find(Condition(F.ID, Op.EQ, "b")) == ["b"]
    assert find(Condition(F.ID, Op.NE, "b")) == ["a", "c", "d"]
    assert find(Condition(F.ID, Op.IN, ("a", "d", "zz"))) == ["a", "d"]
    assert find(Condition(F.STATUS, Op.EQ, S.RESERVED)) == ["a", "d"]
    assert find(Condition(F.STATUS, Op.NE, S.RESERVED)) == ["b", "c"]
    assert find(Condition(F.STATUS, Op.IN, (S.SEATED, S.CANCELED))) == ["b", "c"]
    assert find(Condition(F.STATUS, Op.IN, ())) == []
    assert find(Condition(F.START, Op.EQ, T0 + 30 * MINUTE)) == ["c", "d"]
    assert find(Condition(F.START, Op.NE, T0 + 30 * MINUTE)) == ["a", "b"]
    assert find(Condition(F.START, Op.IN, (T0, T0 + 15 * MINUTE))) == ["a", "b"]
    assert find(Condition(F.START, Op.LT, T0 + 15 * MINUTE)) == ["a"]
    assert find(Condition(F.START, Op.LTE, T0 + 15 * MINUTE)) == ["a", "b"]
    assert find(Condition(F.START, Op.GT, T0 + 15 * MINUTE)) == ["c", "d"]
    assert find(Condition(F.START, Op.GTE, T0 + 15 * MINUTE)) == ["b", "c", "d"]
    assert find(Condition(F.LOCATION, Op.EQ, "loc-2")) == ["d"]
    assert find(Condition(F.LOCATION, Op.IN, ("loc-1",))) == ["a", "b", "c"]
    assert find(Condition(F.SOURCE, Op.EQ, Source.WALK_IN)) == ["c"]
    assert find(Condition(F.SOURCE, Op.IN, (Source.ONLINE, Source.OFFLINE))) == ["a", "b", "d"]
    assert find(Condition(F.CREATED, Op.GT, T0)) == ["d"]
    assert find(Condition(F.START, Op.GTE, T0 + 15 * MINUTE), Condition(F.STATUS, Op.EQ, S.RESERVED)) == ["d"]


SORTS = [
    (SortKey(ReservationField.START),),
    (SortKey(ReservationField.START, descending=True),),
    (SortKey(ReservationField.CREATED, descending=True),),
    (SortKey(ReservationField.START), SortKey(ReservationField.CREATED, descending=True)),
    (SortKey(ReservationField.START, descending=True), SortKey(ReservationField.CREATED)),
    (SortKey(ReservationField.CREATED), SortKey(ReservationField.START, descending=True)),
    (),
]


def _sort_value(reservation: Reservation, key: SortKey) -> Any:
    return reservation.start if key.field is ReservationField.START else reservation.created


def _expected_order(reservations: list[Reservation], sort: tuple[SortKey, ...]) -> list[str]:
    """Python's answer: stable sorts from the last key (the id tie-breaker) to the first."""
    ordered = sorted(reservations, key=lambda r: r.id, reverse=sort[-1].descending if sort else False)
    for sort_key in reversed(sort):
        ordered.sort(key=partial(_sort_value, key=sort_key), reverse=sort_key.descending)
    return _ids(ordered)


def _sort_name(sort: tuple[SortKey, ...]) -> str:
    return "+".join(f"{key.field}{' desc' if key.descending else ''}" for key in sort) or "id"


@pytest.mark.parametrize("sort", SORTS, ids=_sort_name)
def test_keyset_paging_visits_every_row_once_in_order(book: SqlBook, sort: tuple[SortKey, ...]) -> None:
    randomness = random.Random(8)
    starts = [T0 + 15 * MINUTE * n for n in range(4)]  # few distinct values: many ties
    created = [T0 - timedelta(days=1) + MINUTE * n for n in range(3)]
    reservations = [
        make_reservation(f"r{number:02}-{randomness.randrange(1000):03}", start=randomness.choice(starts),
                         created=randomness.choice(created))
        for number in range(37)
    ]  # fmt: skip
    randomness.shuffle(reservations)
    _add(book, *reservations)
    expected = _expected_order(reservations, sort)

    for limit in (1, 4, 10, 100):
        seen: list[str] = []
        after: tuple[Any, ...] | None = None
        with book() as unit_of_work:
            for _page in itertools.count():
                page = unit_of_work.reservations.find(ReservationQuery(sort=sort, limit=limit, after=after))
                seen.extend(_ids(page))
                if len(page) < limit:
                    break
                last = page[-1]
                after = (*(_sort_value(last, key) for key in sort), last.id)
        assert seen == expected, f"limit {limit}"


def test_paging_keeps_its_filters(book: SqlBook) -> None:
    reservations = [
        make_reservation(f"r{n}", start=T0 + 15 * MINUTE * (n % 3), status=S.RESERVED if n % 2 else S.SEATED)
        for n in range(12)
    ]
    _add(book, *reservations)
    sort = (SortKey(ReservationField.START, descending=True),)
    conditions = (Condition(ReservationField.STATUS, Operator.EQ, S.RESERVED),)
    with book() as unit_of_work:
        first = unit_of_work.reservations.find(ReservationQuery(conditions, sort, limit=4))
        last = first[-1]
        rest = unit_of_work.reservations.find(ReservationQuery(conditions, sort, limit=4, after=(last.start, last.id)))
    wanted = [r for r in reservations if r.status is S.RESERVED]
    assert _ids(first) + _ids(rest) == _expected_order(wanted, sort)[:8]


# --- audit --------------------------------------------------------------------------------------


def test_the_audit_log_keeps_history_oldest_first_even_after_a_delete(book: SqlBook) -> None:
    created = make_reservation("r1", status=S.HELD)
    reserved = replace(created, status=S.RESERVED, revision=2)
    other = make_reservation("r2")
    location = make_location()
    changes = [
        ReservationChange("r1", "loc-1", T0, None, Scope.BASIC, "createHeldReservation", None, created, "stand-1"),
        ReservationChange("r2", "loc-1", T0, "host:anna", Scope.FULL, "createReservation", None, other),
        ReservationChange("r1", "loc-1", T0 + MINUTE, "host:anna", Scope.FULL, "reserveReservation", created, reserved),
        ReservationChange("r1", "loc-1", T0 + 2 * MINUTE, None, None, "expireHeldReservations", reserved, None),
    ]
    with book(write=True) as unit_of_work:
        assert unit_of_work.audit.last_change_id() == 0
        unit_of_work.locations.add(location)
        unit_of_work.audit.record_location_change(
            LocationChange("loc-1", T0, "manager", Scope.FULL, "createReservationLocation", None, location)
        )
        for change in changes:
            unit_of_work.audit.record_reservation_change(change)
        unit_of_work.commit()
    with book() as unit_of_work:
        history = unit_of_work.audit.reservation_history("r1")
        assert [replace(entry, id=None) for entry in history] == [changes[0], changes[2], changes[3]]
        ids = [entry.id or 0 for entry in history]
        assert all(isinstance(entry.id, int) for entry in history) and ids == sorted(ids)
        assert unit_of_work.audit.reservation_history("nobody") == []
        last = unit_of_work.audit.last_change_id()
        assert last == history[-1].id
        assert last > 0
        since = unit_of_work.audit.reservation_changes_since(history[0].id or 0)
        assert [(entry.reservation_id, entry.operation) for entry in since] == [
            ("r2", "createReservation"), ("r1", "reserveReservation"), ("r1", "expireHeldReservations"),
        ]  # fmt: skip
        assert unit_of_work.audit.reservation_changes_since(last) == []
        assert len(unit_of_work.audit.reservation_changes_since(0)) == 4  # location entries left out


def test_the_change_counter_grows_with_location_changes_too(book: SqlBook) -> None:
    location = make_location()
    with book(write=True) as unit_of_work:
        unit_of_work.locations.add(location)
        unit_of_work.audit.record_location_change(
            LocationChange("loc-1", T0, None, Scope.FULL, "createReservationLocation", None, location)
        )
        unit_of_work.commit()
    with book() as unit_of_work:
        assert unit_of_work.audit.last_change_id() > 0


def test_the_day_look_up_is_an_index_range_scan(sqlite_url: str) -> None:
    """getTimeSlots' hot path must not scan the table, however many reservations it holds."""
    from sqlalchemy import event

    with SqlBook(sqlite_url) as book:
        _add(book, make_reservation("r1"))
        executed: list[str] = []
        book.engine.dispose()  # so the next connection is made with the trace below

        @event.listens_for(book.engine, "connect")
        def trace(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.set_trace_callback(executed.append)  # the SQL as run, values written in

        with book() as unit_of_work:
            unit_of_work.reservations.table_uses("loc-1", T0, T0 + timedelta(hours=3), T0)
        statement = next(e for e in executed if "FROM reservations" in e)
        with book.engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}").all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_reservations_location_start (location_id=? AND start_ms>? AND start_ms<?)" in details
    assert "SCAN reservations" not in details


def test_a_failing_day_look_up_is_reported_as_other_statements_are(sqlite_url: str) -> None:
    """The look-up reads from the driver's cursor directly; its errors still come wrapped, so
    "busy" and "unreachable" become `Unavailable` and anything else shows what failed."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    with SqlBook(sqlite_url) as book:
        _add(book, make_reservation("r1"))
        with sqlite3.connect(book.engine.url.database or "") as raw:
            raw.execute("ALTER TABLE reservations RENAME TO reservations_gone")
        with book() as unit_of_work, pytest.raises(OperationalError, match="no such table") as failed:
            unit_of_work.reservations.table_uses("loc-1", T0, T0 + timedelta(hours=3), T0)
    assert isinstance(failed.value.orig, sqlite3.OperationalError)


def test_a_location_saved_by_another_terminal_is_read_afresh(sqlite_url: str) -> None:
    """Each book keeps the locations it read by revision: another terminal's save (a new revision)
    is seen at once, and two books with the same location id never share what they read."""
    with SqlBook(sqlite_url) as here, SqlBook(sqlite_url) as there, SqlBook("sqlite://") as elsewhere:
        location = make_location()
        with here(write=True) as unit_of_work:
            unit_of_work.locations.add(location)
            unit_of_work.commit()
        with elsewhere(write=True) as unit_of_work:
            unit_of_work.locations.add(make_location(name="Another place"))
            unit_of_work.commit()
        with here() as unit_of_work:
            assert unit_of_work.locations.get("loc-1") == location
        renamed = replace(location, info=LocationInfo("Trattoria Nuova", "Europe/Rome"), revision=2,
                          updated=T0 + timedelta(minutes=1))
        with there(write=True) as unit_of_work:
            unit_of_work.locations.save(renamed)
            unit_of_work.commit()
        with here() as unit_of_work:
            assert unit_of_work.locations.get("loc-1") == renamed
        with elsewhere() as unit_of_work:
            found = unit_of_work.locations.get("loc-1")
        assert found is not None and found.info.name == "Another place"
