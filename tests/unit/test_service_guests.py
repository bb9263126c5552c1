"""The guest book service: learned from bookings, looked up by phone, edited, merged, exported
and erased (services/guests.py), over a real in-memory book."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from unit_support import GUEST_PHONE, START, FakeClock, Loc, iso, reservation_request

from maitred.api import ReservationApi, ScopedApi
from maitred.domain.change_log import ChangeLogEntry, ChangeLogQuery
from maitred.domain.errors import InvalidArgument, PermissionDenied, RevisionMismatch
from maitred.domain.guest import Guest
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.reservation import Reservation, Reservee
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.guests import GuestHasUpcomingVisit, GuestNotFound, remember_guest
from maitred.services.guests import iso as iso_text
from maitred.services.waitlist import WaitingPartyDraft

HOST = Caller(Scope.FULL, actor="host:anna", terminal="stand-1")
ADA = {"firstName": "Ada", "phone": GUEST_PHONE}


@pytest.fixture
def book(api: ReservationApi) -> ReservationBook:
    return api.book


def booked(full: ScopedApi, location: Loc, start: str, reservee: dict[str, object] | None = None,
           **fields: object) -> dict[str, object]:
    request = reservation_request(location.id, iso(start), 2, reservee=reservee or ADA, **fields)
    return full.create_reservation(request)["reservation"]


def only_guest(book: ReservationBook) -> Guest:
    guests = book.guests.everybody()
    assert len(guests) == 1
    return guests[0]


def test_a_booking_with_a_phone_makes_a_guest_and_later_ones_teach_it(book, full, location) -> None:
    booked(full, location, "12:00", {"firstName": "Ada", "phone": "020 7946 0018"})
    guest = only_guest(book)
    assert (guest.phone, guest.first_name, guest.last_name, guest.email) == (GUEST_PHONE, "Ada", None, None)
    booked(full, location, "13:00", {"firstName": "Augusta", "lastName": "Lovelace", "phone": GUEST_PHONE,
                                     "email": "ada@example.com"})
    learned = only_guest(book)
    assert (learned.first_name, learned.last_name, learned.email, learned.revision) == (
        "Ada", "Lovelace", "ada@example.com", 2)
    booked(full, location, "14:00", {"firstName": "Ada", "phone": GUEST_PHONE})
    assert only_guest(book).revision == 2  # nothing new: nothing written


def test_walk_ins_without_phone_make_no_guest_and_a_reserved_hold_does(book, full, basic, location) -> None:
    full.create_reservation(reservation_request(location.id, iso("12:00"), 2, reservee=None, source="WALK_IN",
                                                status="SEATED"))
    assert book.guests.everybody() == []
    held = basic.create_held_reservation({"reservationDetails": {
        "reservationLocationId": location.id, "startDate": iso("12:00"), "partySize": 2}})["reservation"]
    basic.reserve_reservation({"reservationId": held["id"], "revision": held["revision"], "reservee": ADA})
    assert only_guest(book).first_name == "Ada"


def test_a_changed_phone_on_a_reservation_teaches_the_book_a_new_guest(book, full, location) -> None:
    made = booked(full, location, "12:00")
    full.update_reservation({"reservation": {"id": made["id"], "revision": made["revision"],
                                             "reservee": {"phone": "+442079460099"}}})
    assert {g.phone for g in book.guests.everybody()} == {GUEST_PHONE, "+442079460099"}
    again = full.get_reservation({"reservationId": made["id"], "fieldsets": ["FULL"]})["reservation"]
    full.update_reservation({"reservation": {"id": made["id"], "revision": again["revision"],
                                             "teamMessage": "window"}})
    assert len(book.guests.everybody()) == 2


def test_a_profile_written_meanwhile_by_another_terminal_never_refuses_a_booking(book, full, location,
                                                                                 monkeypatch) -> None:
    booked(full, location, "12:00")
    guest = only_guest(book)
    with book.unit_of_work(write=True) as uow:
        uow.guests.save(replace_revision(guest, 5))  # another terminal's edit
        monkeypatch.setattr(uow.guests, "by_phone", lambda phone: guest)  # read just before it
        reservation = Reservation("r", "loc", ReservationStatus.RESERVED, Source.OFFLINE, START, START, 2,
                                  reservee=Reservee(first_name="Ada", last_name="L", phone=GUEST_PHONE))
        remember_guest(uow, reservation, START)
        uow.commit()
    assert only_guest(book).last_name is None and only_guest(book).revision == 5  # the newer profile stands


def replace_revision(guest: Guest, revision: int) -> Guest:
    return replace(guest, revision=revision)


def test_the_hook_ignores_a_reservation_without_guest(book) -> None:
    nobody = Reservation("r", "loc", ReservationStatus.SEATED, Source.WALK_IN, START, START, 2)
    with book.unit_of_work(write=True) as uow:
        remember_guest(uow, nobody, START)
        assert uow.guests.all() == []


# --- looking up -------------------------------------------------------------------------------


def test_three_digits_find_returning_guests_best_first(book, full, location) -> None:
    booked(full, location, "12:00", {"firstName": "Ada", "phone": "+442079460018"})
    booked(full, location, "12:00", {"firstName": "Bea", "phone": "+442079461111"})
    booked(full, location, "12:00", {"firstName": "Cy", "phone": "+447700900123"})
    assert book.guests.lookup("20") == []
    assert [g.first_name for g in book.guests.lookup("020 7946")] == ["Ada", "Bea"]
    assert [g.first_name for g in book.guests.lookup("020 7946 0018")] == ["Ada"]
    assert [g.first_name for g in book.guests.find("079461")] == ["Bea"]
    assert [g.first_name for g in book.guests.find("cy")] == ["Cy"]
    assert book.guests.by_phone("+447700900123").first_name == "Cy"
    assert book.guests.by_phone("+447700900999") is None


def test_a_card_shows_the_record_and_an_earlier_no_show(book, full, location, clock: FakeClock) -> None:
    first = booked(full, location, "12:00")
    full.update_reservation({"reservation": {"id": first["id"], "revision": first["revision"],
                                             "status": "NO_SHOW"}})
    booked(full, location, "12:00", reservee=ADA, **{"status": "FINISHED"})
    booked(full, location, "20:00", reservee=ADA)
    clock.advance(hours=6)
    card = book.guests.card(only_guest(book).id)
    assert (card.history.visits, card.history.no_shows, card.history.upcoming) == (1, 1, 1)
    assert card.history.has_no_show
    with pytest.raises(GuestNotFound):
        book.guests.card("nobody")


# --- editing and merging ----------------------------------------------------------------------


def test_the_host_edits_a_profile_and_the_edit_is_in_the_change_log(book, full, location) -> None:
    booked(full, location, "12:00")
    guest = only_guest(book)
    edited = book.guests.update(HOST, guest.id, guest.revision, first_name=" Ada ", last_name="Lovelace",
                                email="", tags=["VIP", " vip", "Allergy: nuts"], notes=" Likes T4 ")
    assert (edited.first_name, edited.last_name, edited.email, edited.tags, edited.notes, edited.revision) == (
        "Ada", "Lovelace", None, ("VIP", "Allergy: nuts"), "Likes T4", 2)
    assert book.guests.get(guest.id) == edited
    unchanged = book.guests.update(HOST, guest.id, 2, first_name="Ada", last_name="Lovelace", email=None,
                                   tags=["VIP", "Allergy: nuts"], notes="Likes T4")
    assert unchanged.revision == 2
    entries = [e for e in audit_entries(book) if e.kind == "guest"]
    assert [e.operation for e in entries] == ["updateGuest"] and entries[0].actor == "host:anna"
    with pytest.raises(RevisionMismatch):
        book.guests.update(HOST, guest.id, 1, first_name="A", last_name=None, email=None, tags=[], notes="")
    with pytest.raises(InvalidArgument) as bad:
        book.guests.update(HOST, guest.id, 2, first_name="A", last_name=None, email="not-mail", tags=[], notes="")
    assert bad.value.violations[0].field == "guest.email"
    with pytest.raises(InvalidArgument):
        book.guests.update(HOST, guest.id, 2, first_name="A", last_name=None, email=None, tags=[],
                           notes="x" * 10001)
    with pytest.raises(PermissionDenied):
        book.guests.update(Caller(Scope.BASIC), guest.id, 2, first_name="A", last_name=None, email=None, tags=[],
                           notes="")


def audit_entries(book: ReservationBook) -> list[ChangeLogEntry]:
    """Every audit entry, newest first (read straight from the log: no staff session needed)."""
    with book.unit_of_work() as uow:
        return list(uow.audit.change_log(ChangeLogQuery(limit=200)))


def test_duplicates_merge_into_one_guest_found_by_both_numbers(book, full, location, clock) -> None:
    booked(full, location, "12:00", {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"})
    booked(full, location, "13:00", {"firstName": "Ada", "lastName": "Lovelace", "phone": "+447700900123",
                                     "email": "ada@example.com"})
    one, other = sorted(book.guests.everybody(), key=lambda g: g.phone)
    assert book.guests.duplicates_of(one.id) == [other]
    merged = book.guests.merge(HOST, one.id, other.id)
    assert merged.other_phones == ("+447700900123",) and merged.email == "ada@example.com"
    assert book.guests.everybody() == [merged]
    assert book.guests.by_phone("+447700900123") == merged
    assert [g.id for g in book.guests.lookup("07700 900")] == [one.id]
    clock.advance(hours=8)
    assert book.guests.card(one.id).history.visits == 0 and len(book.guests.card(one.id).history.reservations) == 2
    booked(full, location, "20:00", {"firstName": "Ada", "phone": "+447700900123"})
    assert len(book.guests.everybody()) == 1  # the merged number still recognises Ada
    with pytest.raises(GuestNotFound):
        book.guests.get(other.id)


# --- export and erasure -----------------------------------------------------------------------


def test_a_guests_data_exports_as_json(book, full, location) -> None:
    booked(full, location, "12:00", {"firstName": "Ada", "phone": GUEST_PHONE, "email": "ada@example.com"})
    book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Ada", GUEST_PHONE))
    guest = only_guest(book)
    data = book.guests.export(HOST, guest.id)
    assert json.loads(json.dumps(data)) == data
    assert data["guest"]["phone"] == GUEST_PHONE and data["guest"]["email"] == "ada@example.com"
    assert data["exportedDate"] == "2026-06-08T08:00:00Z"
    assert [r["startDate"] for r in data["reservations"]] == ["2026-06-08T12:00:00Z"]
    assert data["reservations"][0]["reservee"]["firstName"] == "Ada"
    assert data["waitlist"][0]["name"] == "Ada" and data["waitlist"][0]["status"] == "WAITING"
    assert iso_text(None) is None


def test_erasing_a_guest_blanks_their_bookings_waitlist_and_history(book, full, location, clock) -> None:
    made = booked(full, location, "09:00", {"firstName": "Ada", "lastName": "Lovelace", "phone": GUEST_PHONE,
                                            "email": "ada@example.com"}, teamMessage="window")
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Ada Lovelace", GUEST_PHONE))
    guest = only_guest(book)
    with pytest.raises(GuestHasUpcomingVisit):
        book.guests.erase(HOST, guest.id)  # expected at 09:00 and waiting at the door
    book.waitlist.mark_left(HOST, party.id)
    clock.advance(hours=3)
    erased = book.guests.erase(HOST, guest.id)
    assert [r.id for r in erased.reservations] == [made["id"]] and erased.reservations[0].reservee is None
    assert erased.reservations[0].team_message == "window"
    assert (erased.parties[0].name, erased.parties[0].phone) == (None, None)
    assert book.guests.everybody() == [] and book.guests.by_phone(GUEST_PHONE) is None
    history = full.get_reservation_history({"reservationId": made["id"]})["entries"]
    assert "Ada" not in json.dumps(history) and GUEST_PHONE not in json.dumps(history)
    assert history[-1]["operation"] == "eraseGuest"
    everything = json.dumps([(e.before, e.after) for e in audit_entries(book)], default=str)
    assert "Lovelace" not in everything and GUEST_PHONE not in everything


def test_an_erased_guest_who_merged_a_duplicate_takes_it_along(book, full, location, clock) -> None:
    booked(full, location, "09:00", {"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"})
    booked(full, location, "09:00", {"firstName": "Ada", "lastName": "Lovelace", "phone": "+447700900123"})
    one, other = sorted(book.guests.everybody(), key=lambda g: g.phone)
    book.guests.merge(HOST, one.id, other.id)
    clock.advance(hours=3)
    assert len(book.guests.erase(HOST, one.id).reservations) == 2
    assert book.guests.by_phone("+447700900123") is None
    everything = json.dumps([(e.before, e.after) for e in audit_entries(book)], default=str)
    assert "Lovelace" not in everything


def test_a_past_visit_long_ago_does_not_stop_an_erasure(book, full, location, clock) -> None:
    booked(full, location, "09:00", status="FINISHED")
    clock.advance(days=400)
    assert len(book.guests.erase(HOST, only_guest(book).id).reservations) == 1
    clock.now -= timedelta(days=400)
