"""The guest book, the waitlist and the stay log over SQL (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select
from store_builders import T0, make_location, make_reservation

from maitred.domain.audit import ReservationChange
from maitred.domain.errors import RevisionMismatch
from maitred.domain.guest import Guest, GuestChange
from maitred.domain.lifecycle import ReservationStatus, Scope
from maitred.domain.reservation import Reservee
from maitred.domain.waitlist import WaitingParty, WaitlistChange, WaitStatus
from maitred.store import SqlBook
from maitred.store.schema import audit_table

S = ReservationStatus
ADA = Guest("g-ada", "+393331234567", "Ada", "Lovelace", "ada@example.com", ("VIP", "Vegan"), "window",
            created=T0, updated=T0)
BEA = Guest("g-bea", "+393339999999", "Bea", "Bianchi", created=T0, updated=T0)


@pytest.fixture
def stocked(book: SqlBook) -> SqlBook:
    with book(write=True) as uow:
        uow.locations.add(make_location())
        uow.guests.add(ADA)
        uow.guests.add(BEA)
        uow.commit()
    return book


def test_a_guest_is_stored_whole_and_found_by_phone(stocked: SqlBook) -> None:
    with stocked() as uow:
        assert uow.guests.get(ADA.id) == ADA
        assert uow.guests.by_phone(ADA.phone) == ADA
        assert uow.guests.by_phone("+390000000") is None and uow.guests.get("nobody") is None
        assert uow.guests.all() == [BEA, ADA]  # by last name


def test_a_number_another_terminal_added_meanwhile_is_left_alone(stocked: SqlBook) -> None:
    with stocked(write=True) as uow:
        uow.guests.add(Guest("g-other", ADA.phone, "Someone else"))
        uow.reservations.add(make_reservation("r1"))  # the transaction goes on
        uow.commit()
    with stocked() as uow:
        assert uow.guests.by_phone(ADA.phone) == ADA and uow.reservations.get("r1") is not None


def test_saving_needs_a_newer_revision(stocked: SqlBook) -> None:
    with stocked(write=True) as uow:
        uow.guests.save(replace(ADA, notes="corner", revision=2))
        with pytest.raises(RevisionMismatch, match="revision 2"):
            uow.guests.save(replace(ADA, notes="stale", revision=2))
        with pytest.raises(RevisionMismatch, match="gone"):
            uow.guests.save(replace(ADA, id="nobody", revision=9))
        uow.commit()
    with stocked() as uow:
        assert uow.guests.get(ADA.id).notes == "corner"


def test_digits_and_words_find_guests(stocked: SqlBook) -> None:
    with stocked() as uow:
        assert {g.id for g in uow.guests.with_digits("333", 10)} == {ADA.id, BEA.id}
        assert [g.id for g in uow.guests.with_digits("0333123", 10)] == [ADA.id]  # a national zero
        assert uow.guests.with_digits("777", 10) == []
        assert [g.id for g in uow.guests.search("love ADA", 10)] == [ADA.id]
        assert [g.id for g in uow.guests.search("example.com", 10)] == [ADA.id]
        assert uow.guests.search("  ", 10) == [] and uow.guests.search("100%", 10) == []


def test_a_merged_duplicates_number_still_finds_the_kept_guest(stocked: SqlBook) -> None:
    cy = Guest("g-cy", "+447700900123", "Cy")
    with stocked(write=True) as uow:
        uow.guests.add(cy)
        uow.guests.merge(replace(BEA, other_phones=(cy.phone,), revision=2), cy)  # Cy into Bea first
        kept = replace(ADA, other_phones=(BEA.phone, cy.phone), revision=2)
        uow.guests.merge(kept, uow.guests.get(BEA.id))  # then Bea (and so Cy) into Ada
        uow.commit()
    with stocked() as uow:
        assert uow.guests.all() == [kept]
        assert uow.guests.get(ADA.id).other_phones == (BEA.phone, cy.phone)
        assert uow.guests.by_phone(cy.phone) == kept and uow.guests.get(BEA.id) is None
        assert [g.id for g in uow.guests.with_digits("7700900", 10)] == [ADA.id]
    with stocked(write=True) as uow:
        uow.guests.delete(ADA.id)
        uow.commit()
    with stocked() as uow:
        assert uow.guests.all() == [] and uow.guests.by_phone(cy.phone) is None


def test_a_guests_reservations_are_those_booked_with_their_numbers(stocked: SqlBook) -> None:
    with stocked(write=True) as uow:
        uow.reservations.add(make_reservation("r1", reservee=Reservee("Ada", phone=ADA.phone)))
        uow.reservations.add(make_reservation("r2", reservee=Reservee("Ada", phone=ADA.phone + "9"),
                                              start=T0 + timedelta(days=1)))
        uow.reservations.add(make_reservation("r3", reservee=Reservee("Bea", phone=BEA.phone)))
        uow.reservations.add(make_reservation("r4"))
        uow.commit()
    with stocked() as uow:
        assert [r.id for r in uow.guests.reservations_of([ADA.phone])] == ["r1"]
        assert [r.id for r in uow.guests.reservations_of([ADA.phone, BEA.phone])] == ["r1", "r3"]
        assert uow.guests.reservations_of([]) == []


def test_forgetting_a_guest_scrubs_their_audit_snapshots(stocked: SqlBook) -> None:
    reservation = make_reservation("r1", reservee=Reservee("Ada", "Lovelace", "a@x.it", ADA.phone,
                                                           custom_fields={"f": "nuts"}))
    party = WaitingParty("p1", "loc-1", 2, T0, name="Ada Lovelace", phone=ADA.phone)
    with stocked(write=True) as uow:
        uow.reservations.add(reservation)
        uow.audit.record_reservation_change(ReservationChange("r1", "loc-1", T0, "host", Scope.FULL,
                                                              "createReservation", None, reservation))
        uow.waitlist.add(party)
        uow.waitlist.record_change(WaitlistChange("p1", "loc-1", T0, "host", Scope.FULL, "addWaitingParty", None,
                                                  party))
        uow.guests.record_change(GuestChange(ADA.id, T0, "host", Scope.FULL, "updateGuest", ADA, ADA))
        uow.guests.forget_in_history(ADA.id, ["r1"], ["p1"])
        uow.guests.forget_in_history(ADA.id, [], [])
        uow.commit()
    with stocked() as uow:
        history = uow.audit.reservation_history("r1")
        assert history[0].after is not None and history[0].after.reservee == Reservee(custom_fields={"f": "nuts"})
    with stocked.engine.connect() as connection:
        texts = json.dumps([list(row) for row in connection.execute(select(audit_table.c.before, audit_table.c.after))])
    assert "Lovelace" not in texts and ADA.phone not in texts and "nuts" in texts


def test_the_waitlist_keeps_each_party_and_what_became_of_it(stocked: SqlBook) -> None:
    first = WaitingParty("p1", "loc-1", 2, T0, "Ada", ADA.phone, "window", T0 + timedelta(minutes=20))
    second = WaitingParty("p2", "loc-1", 4, T0 + timedelta(minutes=5), "Bea")
    with stocked(write=True) as uow:
        uow.waitlist.add(second)
        uow.waitlist.add(first)
        uow.commit()
    seated = replace(first, status=WaitStatus.SEATED, notified=T0 + timedelta(minutes=15),
                     seated=T0 + timedelta(minutes=18), reservation_id="r9", revision=2)
    with stocked(write=True) as uow:
        assert uow.waitlist.waiting("loc-1") == [first, second]
        uow.waitlist.save(seated)
        with pytest.raises(RevisionMismatch, match="revision 2"):
            uow.waitlist.save(seated)
        with pytest.raises(RevisionMismatch, match="gone"):
            uow.waitlist.save(replace(seated, id="nobody"))
        uow.commit()
    with stocked() as uow:
        assert uow.waitlist.get("p1") == seated and uow.waitlist.get("nobody") is None
        assert uow.waitlist.waiting("loc-1") == [second]
        assert uow.waitlist.added_between("loc-1", T0, T0 + timedelta(minutes=5)) == [seated]
        assert uow.waitlist.with_phones([ADA.phone]) == [seated] and uow.waitlist.with_phones([]) == []


def test_the_stay_log_reads_when_tables_were_seated_and_finished(stocked: SqlBook) -> None:
    booked = make_reservation("r1")
    seated = replace(booked, status=S.SEATED, revision=2)
    finished = replace(seated, status=S.FINISHED, revision=3)
    walk_in = make_reservation("r2", status=S.SEATED)
    elsewhere = make_reservation("r3", location_id="loc-2", status=S.SEATED)
    moments = [T0, T0 + timedelta(minutes=5), T0 + timedelta(minutes=80), T0 + timedelta(minutes=90)]

    def change(reservation_id, at, before, after, location_id="loc-1"):
        return ReservationChange(reservation_id, location_id, at, "host", Scope.FULL, "updateReservation", before,
                                 after)

    with stocked(write=True) as uow:
        uow.audit.record_reservation_change(change("r1", moments[0], None, booked))
        uow.audit.record_reservation_change(change("r1", moments[1], booked, seated))
        uow.audit.record_reservation_change(change("r1", moments[2], seated, replace(seated, revision=9)))
        uow.audit.record_reservation_change(change("r1", moments[3], seated, finished))
        uow.audit.record_reservation_change(change("r2", moments[0], None, walk_in))
        uow.audit.record_reservation_change(change("r3", moments[0], None, elsewhere, "loc-2"))
        uow.commit()
    with stocked() as uow:
        assert uow.stays.status_moves("loc-1", T0, T0 + timedelta(hours=2)) == [
            ("r1", moments[1], S.SEATED), ("r1", moments[3], S.FINISHED), ("r2", moments[0], S.SEATED)]
        assert uow.stays.status_moves("loc-1", T0 + timedelta(hours=2), T0 + timedelta(hours=3)) == []
