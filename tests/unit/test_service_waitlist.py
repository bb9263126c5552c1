"""The waitlist service (services/waitlist.py): quotes from the real room, notify, seat, leave."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from unit_support import GUEST_PHONE, FakeClock, iso, reservation_request, utc

from maitred.api import ReservationApi
from maitred.domain.errors import CanNotBeUpdated, InvalidArgument, PermissionDenied, ReservationLocationNotFound
from maitred.domain.lifecycle import ReservationStatus, Scope, Source
from maitred.domain.waitlist import TableReady, WaitStatus
from maitred.services.book import ReservationBook
from maitred.services.commands import Caller
from maitred.services.waitlist import LogNotifier, WaitingPartyDraft, WaitingPartyNotFound, split_name

HOST = Caller(Scope.FULL, actor="host:anna")
S = ReservationStatus


@pytest.fixture
def book(api: ReservationApi) -> ReservationBook:
    return api.book


class Texts:
    """A notifier that keeps what it would have sent."""

    def __init__(self) -> None:
        self.sent: list[TableReady] = []

    def table_ready(self, notice: TableReady) -> None:
        self.sent.append(notice)


def fill(full, location, start: str, *names: str, party: int = 2, minutes: int = 90, status: str = "SEATED"):
    """Seat parties on the named tables from `start` for `minutes`."""
    end = (utc(start) + timedelta(minutes=minutes)).strftime("%H:%M")
    for name in names:
        full.create_reservation(reservation_request(location.id, iso(start), party, tables=[location.table_id(name)],
                                                    end=iso(end), status=status))


def test_an_open_room_quotes_no_wait(book, location, clock: FakeClock) -> None:
    quote = book.waitlist.quote(location.id, 2)
    assert quote.ready_at == clock.now and location.names(quote.table_ids) == ["T1"]


def test_the_quote_is_the_first_fitting_table_to_free_up_behind_the_parties_waiting(book, full, location,
                                                                                   clock) -> None:
    fill(full, location, "07:30", "T1", minutes=50)  # free at 08:20
    fill(full, location, "07:30", "T2", minutes=60)  # 08:30
    fill(full, location, "07:30", "T10", minutes=70)  # 08:40
    fill(full, location, "07:30", "T3", "T4", "T5", party=4, minutes=300)
    first = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi", "020 7946 0018", "window"))
    assert first.quoted_ready == utc("08:20") and first.phone == GUEST_PHONE and first.notes == "window"
    assert book.waitlist.quote(location.id, 2).ready_at == utc("08:30")  # behind Rossi
    clock.advance(seconds=30)
    second = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "  Bianchi  "))
    assert (second.name, second.quoted_ready, second.phone, second.notes) == ("Bianchi", utc("08:30"), None, None)
    assert [p.id for p in book.waitlist.waiting(location.id)] == [first.id, second.id]


def test_a_seated_party_past_its_end_still_holds_its_table(book, full, location, clock) -> None:
    fill(full, location, "06:00", "T1", "T2", "T10", minutes=90)  # all expected to have left at 07:30
    fill(full, location, "06:00", "T3", "T4", "T5", party=4, minutes=400)
    assert book.waitlist.quote(location.id, 2).ready_at == clock.now + timedelta(minutes=10)


def test_the_host_may_quote_by_hand_or_the_room_may_have_nothing_to_promise(book, full, location, clock) -> None:
    manual = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi", quote_minutes=25))
    assert manual.quoted_ready == clock.now + timedelta(minutes=25)
    nothing = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 40, "Coach party"))
    assert nothing.quoted_ready is None
    assert book.waitlist.quote(location.id, 40).no_table_fits


@pytest.mark.parametrize(("draft", "field"), [
    (WaitingPartyDraft("", 0, "Rossi"), "partySize"),
    (WaitingPartyDraft("", 2, "  "), "name"),
    (WaitingPartyDraft("", 2, "x" * 1001), "name"),
    (WaitingPartyDraft("", 2, "Rossi", notes="x" * 1001), "notes"),
    (WaitingPartyDraft("", 2, "Rossi", quote_minutes=601), "quoteMinutes"),
    (WaitingPartyDraft("", 2, "Rossi", phone="not a phone"), "phone"),
])
def test_a_party_needs_a_size_a_name_and_sensible_details(book, location, draft, field) -> None:
    with pytest.raises(InvalidArgument) as refused:
        book.waitlist.add(HOST, WaitingPartyDraft(location.id, draft.party_size, draft.name, draft.phone,
                                                  draft.notes, draft.quote_minutes))
    assert refused.value.violations[0].field == field


def test_only_staff_and_known_restaurants(book, location) -> None:
    with pytest.raises(PermissionDenied):
        book.waitlist.add(Caller(Scope.BASIC), WaitingPartyDraft(location.id, 2, "Rossi"))
    with pytest.raises(ReservationLocationNotFound):
        book.waitlist.quote("nowhere", 2)
    with pytest.raises(WaitingPartyNotFound):
        book.waitlist.get("nobody")


def test_notifying_tells_the_party_through_the_notifier_and_notes_when(book, location, clock) -> None:
    texts = Texts()
    book.waitlist.notifier = texts
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 4, "Rossi", GUEST_PHONE))
    clock.advance(minutes=12)
    notified = book.waitlist.notify(HOST, party.id, location.ids("T4", "T3"))
    assert notified.notified == clock.now and notified.is_waiting and notified.revision == 2
    assert texts.sent == [TableReady(party.id, "Trattoria", 4, "Rossi", GUEST_PHONE, "T3+T4")]


def test_the_log_notifier_writes_what_it_would_send(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="maitred.waitlist"):
        LogNotifier().table_ready(TableReady("p", "Trattoria", 2, "Rossi", "+39333", "T4"))
        LogNotifier().table_ready(TableReady("q", "Trattoria", 2, None, None, ""))
    assert "Rossi (+39333) at Trattoria: party of 2, T4" in caplog.text
    assert "a waiting party (no phone)" in caplog.text


def test_seating_a_party_books_a_seated_walk_in_and_records_the_actual_wait(book, location, clock) -> None:
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 4, "Anna Maria Rossi", GUEST_PHONE, "birthday"))
    clock.advance(minutes=18)
    seated, reservation = book.waitlist.seat(HOST, party.id)
    assert (reservation.status, reservation.source, reservation.start) == (S.SEATED, Source.WALK_IN, clock.now)
    assert reservation.reservee is not None
    assert (reservation.reservee.first_name, reservation.reservee.last_name) == ("Anna Maria", "Rossi")
    assert reservation.team_message == "birthday" and location.names(reservation.table_ids) == ["T3"]
    assert (seated.status, seated.seated, seated.reservation_id) == (WaitStatus.SEATED, clock.now, reservation.id)
    assert seated.actual_wait == timedelta(minutes=18)
    assert book.waitlist.waiting(location.id) == []
    assert book.guests.by_phone(GUEST_PHONE) is not None  # the guest book learned them
    with pytest.raises(CanNotBeUpdated):
        book.waitlist.seat(HOST, party.id)
    with pytest.raises(CanNotBeUpdated):
        book.waitlist.mark_left(HOST, party.id)


def test_a_party_is_seated_where_the_host_says_even_over_pacing(book, full, location, make_location) -> None:
    paced = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    full.create_reservation(reservation_request(paced.id, iso("08:00"), 2))
    party = book.waitlist.add(HOST, WaitingPartyDraft(paced.id, 2, "Rossi"))
    _, reservation = book.waitlist.seat(HOST, party.id, (paced.table_id("T4"),))
    assert paced.names(reservation.table_ids) == ["T4"]


def test_a_party_that_gives_up_leaves_the_list_with_its_wait(book, location, clock) -> None:
    party = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Rossi"))
    clock.advance(minutes=7)
    gone = book.waitlist.mark_left(HOST, party.id)
    assert (gone.status, gone.left, gone.actual_wait) == (WaitStatus.LEFT, clock.now, timedelta(minutes=7))
    assert book.waitlist.added_between(location.id, utc("07:00"), utc("09:00")) == [gone]
    assert book.waitlist.added_between(location.id, utc("09:00"), utc("10:00")) == []


def test_a_freed_table_goes_to_the_first_party_it_fits(book, full, location) -> None:
    fill(full, location, "07:00", "T1", "T2", "T10", "T3", "T4", party=2, minutes=300)
    fill(full, location, "07:00", "T5", party=4, minutes=300)
    six = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 6, "Six"))
    two = book.waitlist.add(HOST, WaitingPartyDraft(location.id, 2, "Two"))
    assert book.waitlist.first_for_freed_tables(location.id, [location.table_id("T1")]) is None  # still taken
    seated = next(r for r in full.list_reservations({})["reservations"]
                  if r["details"]["tableIds"] == [location.table_id("T1")])
    full.update_reservation({"reservation": {"id": seated["id"], "revision": seated["revision"],
                                             "status": "FINISHED"}})
    party, tables = book.waitlist.first_for_freed_tables(location.id, [location.table_id("T1")])
    assert party.id == two.id and location.names(tables) == ["T1"]
    assert six.quoted_ready is not None


def test_names_are_split_and_tables_named_as_the_host_reads_them(location) -> None:
    assert split_name("Rossi") == ("Rossi", None)
    assert split_name("  ") == (None, None)
    assert split_name("Anna  Maria Rossi") == ("Anna Maria", "Rossi")
