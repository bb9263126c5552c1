"""Staff rows and the change log's read side, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert
from store_builders import T0, make_location, make_reservation

from maitred.domain.audit import LocationChange, ReservationChange
from maitred.domain.change_log import ChangeLogQuery
from maitred.domain.errors import RevisionMismatch
from maitred.domain.lifecycle import Scope
from maitred.domain.staff import PinHash, Role, StaffChange, StaffMember
from maitred.store import SqlBook
from maitred.store.schema import audit_table

SALT = bytes(range(16))


def test_a_member_round_trips_and_the_pin_hash_stays_apart(book: SqlBook) -> None:
    anna = StaffMember("m1", "Anna", Role.HOST, created=T0, updated=T0)
    pin = PinHash.of("2468", SALT)
    with book(write=True) as unit_of_work:
        unit_of_work.staff.lock()
        unit_of_work.staff.add(anna, pin)
        unit_of_work.staff.add(StaffMember("m2", "bob", Role.VIEWER, active=False), PinHash.of("1357", SALT))
        unit_of_work.commit()
    with book() as unit_of_work:
        assert unit_of_work.staff.get("m1") == anna
        assert unit_of_work.staff.get("nobody") is None and unit_of_work.staff.pin("nobody") is None
        assert unit_of_work.staff.pin("m1") == pin
        assert [m.name for m in unit_of_work.staff.list()] == ["Anna", "bob"]  # by name, whatever the case


def test_saving_needs_a_newer_revision(book: SqlBook) -> None:
    anna = StaffMember("m1", "Anna", Role.HOST)
    with book(write=True) as unit_of_work:
        unit_of_work.staff.add(anna, PinHash.of("2468", SALT))
        unit_of_work.staff.save(StaffMember("m1", "Anna", Role.MANAGER, revision=2))
        with pytest.raises(RevisionMismatch):
            unit_of_work.staff.save(StaffMember("m1", "Anna", Role.VIEWER, revision=2))
        with pytest.raises(RevisionMismatch):
            unit_of_work.staff.save(StaffMember("gone", "Ghost", Role.VIEWER, revision=2))
        unit_of_work.staff.set_pin("m1", PinHash.of("9999", SALT))
        unit_of_work.commit()
    with book() as unit_of_work:
        assert unit_of_work.staff.get("m1") == StaffMember("m1", "Anna", Role.MANAGER, revision=2)
        stored = unit_of_work.staff.pin("m1")
        assert stored is not None and stored.matches("9999")


def test_the_change_log_reads_every_kind_newest_first(book: SqlBook) -> None:
    location = make_location()
    reservation = make_reservation("r1")
    member = StaffMember("m1", "Anna", Role.HOST)
    with book(write=True) as unit_of_work:
        unit_of_work.locations.add(location)
        unit_of_work.reservations.add(reservation)
        unit_of_work.audit.record_location_change(LocationChange("loc-1", T0, "Anna", Scope.FULL, "create", None,
                                                                 location, "bar"))
        unit_of_work.audit.record_reservation_change(ReservationChange(
            "r1", "loc-1", T0 + timedelta(minutes=1), "Anna", Scope.FULL, "createReservation", None, reservation,
            "bar"))
        unit_of_work.audit.record_staff_change(StaffChange("m1", T0 + timedelta(days=1), "Bob", Scope.FULL,
                                                           "addStaffMember", None, member, "door"))
        # Another feature's entry, and one whose snapshot this version can't read as its kind.
        unit_of_work.audit.record_staff_change(StaffChange("m2", T0 + timedelta(days=1), None, None, "odd", None,
                                                           member))
        connection = unit_of_work.staff._store  # raw rows, as another feature (or an old version) wrote them
        connection.execute(insert(audit_table).values(
            kind="waitlist", subject_id="w1", location_id="loc-1", at_ms=0, actor="Carla", scope=None,
            operation="addToWaitlist", terminal=None, before=None, after='{"party": 3}'))
        connection.execute(insert(audit_table).values(
            kind="reservation", subject_id="r9", location_id="loc-1", at_ms=0, actor=None, scope=None,
            operation="old", terminal=None, before="[1, 2]", after='{"not": "a reservation"}'))
        unit_of_work.commit()
    with book() as unit_of_work:
        entries = unit_of_work.audit.change_log(ChangeLogQuery(limit=10))
        assert [e.kind for e in entries] == ["reservation", "waitlist", "staff", "staff", "reservation", "location"]
        old, waiting, _odd, staff, booked, settings = entries
        assert (old.before, old.after) == ({"value": [1, 2]}, {"not": "a reservation"})
        assert (waiting.actor, waiting.after) == ("Carla", {"party": 3})
        assert (staff.actor, staff.terminal, staff.after, staff.location_id) == ("Bob", "door", member, "")
        assert (booked.after, booked.before, booked.location_id) == (reservation, None, "loc-1")
        assert (settings.after, settings.terminal) == (location, "bar")
        day_two = unit_of_work.audit.change_log(ChangeLogQuery(start=T0 + timedelta(hours=12), actor="Bob"))
        assert [e.subject_id for e in day_two] == ["m1"]
        older = unit_of_work.audit.change_log(ChangeLogQuery(before_id=booked.id, end=T0 + timedelta(hours=1)))
        assert [e.kind for e in older] == ["location"]
        assert list(unit_of_work.audit.change_log_actors()) == ["Anna", "Bob", "Carla"]
