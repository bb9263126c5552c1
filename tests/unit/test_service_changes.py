"""Changing bookings: updateReservation, cancelReservation, deleteReservation, the hold sweeper and
the audit history (SPEC §4, §5.5)."""

from __future__ import annotations

from itertools import product

import pytest
from unit_support import GUEST, error_of, hold_request, iso, reservation_request

STATUSES = ["HELD", "REQUESTED", "DECLINED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED",
            "PAYMENT_PENDING"]
ALLOWED = {
    ("REQUESTED", "RESERVED"), ("REQUESTED", "DECLINED"), ("REQUESTED", "CANCELED"),
    ("RESERVED", "SEATED"), ("RESERVED", "CANCELED"), ("RESERVED", "NO_SHOW"), ("SEATED", "FINISHED"),
    ("PAYMENT_PENDING", "RESERVED"), ("PAYMENT_PENDING", "CANCELED"), ("SEATED", "RESERVED"),
    ("FINISHED", "SEATED"), ("NO_SHOW", "RESERVED"), ("NO_SHOW", "SEATED"), ("CANCELED", "RESERVED"),
    ("DECLINED", "RESERVED"),
}  # fmt: skip
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def book(scope, loc, start, party=2, **kw):
    return scope.create_reservation(reservation_request(loc.id, iso(start), party, **kw))["reservation"]


def update(scope, reservation, *, revision=None, ignore_tables=None, ignore_pacing=None, **fields):
    body = {"id": reservation["id"], "revision": revision or reservation["revision"], **fields}
    request = {"reservation": body}
    if ignore_tables is not None:
        request["ignoreTableCombinationConflicts"] = ignore_tables
    if ignore_pacing is not None:
        request["ignoreReservationLocationConflicts"] = ignore_pacing
    return scope.update_reservation(request)["reservation"]


def move(scope, reservation, start=None, party=None, tables=None, end=None, **kw):
    details = {}
    if start is not None:
        details["startDate"] = iso(start)
    if party is not None:
        details["partySize"] = party
    if tables is not None:
        details["tableIds"] = tables
    if end is not None:
        details["endDate"] = iso(end)
    return update(scope, reservation, details=details, **kw)


def cancel(scope, reservation, phone=None, revision=None):
    request = {"reservationId": reservation["id"], "revision": revision or reservation["revision"]}
    if phone is not None:
        request["phone"] = phone
    return scope.cancel_reservation(request)["reservation"]


@pytest.fixture
def in_status(api, full, make_location):
    """A reservation in any status at 12:00 on a location whose online guests pay first."""
    loc = make_location(payment={"enabled": True, "minPartySize": 1})
    guest = api.as_scope("BASIC")

    def make(status):
        if status in ("HELD", "PAYMENT_PENDING"):
            held = guest.create_held_reservation(hold_request(loc.id, iso("12:00")))["reservation"]
            if status == "HELD":
                return full.get_reservation({"reservationId": held["id"], "fieldsets": ["FULL"]})["reservation"]
            guest.reserve_reservation({"reservationId": held["id"], "reservee": GUEST, "revision": "1"})
            return full.get_reservation({"reservationId": held["id"], "fieldsets": ["FULL"]})["reservation"]
        return book(full, loc, "12:00", status=status)

    make.location = loc
    return make


# --- status changes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "new"), [p for p in product(STATUSES, STATUSES) if p[0] != p[1]])
def test_update_moves_status_exactly_as_the_lifecycle_allows(full, in_status, history, current, new):
    reservation = in_status(current)
    assert reservation["status"] == current
    if (current, new) in ALLOWED:
        changed = update(full, reservation, status=new)
        assert (changed["status"], changed["revision"]) == (new, str(int(reservation["revision"]) + 1))
        assert history(reservation["id"])[-1]["operation"] == "updateReservation"
    else:
        error = error_of(update, full, reservation, status=new)
        assert (error.code, error.http_status) == ("CAN_NOT_BE_UPDATED", 428)


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "HELD"])
def test_naming_the_current_status_changes_nothing(full, in_status, history, status):
    reservation = in_status(status)
    entries = len(history(reservation["id"]))
    unchanged = update(full, reservation, status=status)
    assert (unchanged["status"], unchanged["revision"]) == (status, reservation["revision"])
    assert len(history(reservation["id"])) == entries


def test_a_held_reservation_is_not_updated_even_with_no_change(full, in_status):
    held = in_status("HELD")
    for fields in ({"status": "HELD"}, {"teamMessage": "window seat"}):
        assert error_of(update, full, held, **fields).code == "CAN_NOT_BE_UPDATED"


def test_an_expired_payment_window_can_no_longer_change_status(full, in_status, clock):
    pending = in_status("PAYMENT_PENDING")
    clock.advance(minutes=10)
    assert error_of(update, full, pending, status="RESERVED").code == "CAN_NOT_BE_UPDATED"


# --- changes that are no change -------------------------------------------------------------------


def test_values_equal_to_the_current_ones_are_no_change(full, location, history):
    booked = book(full, location, "12:00", teamMessage="birthday")
    same = update(full, booked, teamMessage="birthday", status="RESERVED",
                  details={"startDate": iso("12:00"), "partySize": 2, "tableIds": booked["details"]["tableIds"],
                           "reservationLocationId": location.id},
                  reservee={"firstName": "Ada"})
    assert same == booked
    assert len(history(booked["id"])) == 1


def test_every_real_change_adds_one_to_the_revision(full, location, history):
    booked = book(full, location, "12:00")
    first = update(full, booked, teamMessage="window seat")
    second = update(full, first, teamMessage=None)
    assert [booked["revision"], first["revision"], second["revision"]] == ["1", "2", "3"]
    assert "teamMessage" not in second
    assert [e["operation"] for e in history(booked["id"])] == [
        "createReservation", "updateReservation", "updateReservation"]


def test_a_guest_update_merges_field_by_field(full, location):
    booked = book(full, location, "12:00")
    changed = update(full, booked, reservee={"lastName": "Byron", "email": "ada@example.org"})
    assert changed["reservee"] == {"firstName": "Ada", "lastName": "Byron", "phone": GUEST["phone"],
                                   "email": "ada@example.org"}


def test_a_reservation_can_not_move_to_another_location(full, location, make_location, book_state):
    other = make_location()
    booked = book(full, location, "12:00")
    before = book_state()
    error = error_of(update, full, booked, details={"reservationLocationId": other.id})
    assert error.details["fieldViolations"][0]["field"] == "details.reservationLocationId"
    assert book_state() == before


def test_a_walk_in_given_another_source_needs_a_name_and_phone(full, location):
    walk_in = book(full, location, "12:00", reservee=None, source="WALK_IN", status="SEATED")
    error = error_of(update, full, walk_in, source="OFFLINE")
    assert [v["field"] for v in error.details["fieldViolations"]] == ["reservee.firstName", "reservee.phone"]
    assert update(full, walk_in, source="OFFLINE", reservee=GUEST)["source"] == "OFFLINE"


# --- moves ----------------------------------------------------------------------------------------


def test_a_moved_reservation_keeps_its_table_while_it_is_free_and_gets_a_new_end(full, location):
    first = book(full, location, "12:00")
    assert location.names(first["details"]["tableIds"]) == ["T1"]
    book(full, location, "12:00")  # T2
    moved = move(full, first, start="12:30")
    assert location.names(moved["details"]["tableIds"]) == ["T1"]
    assert (moved["details"]["startDate"], moved["details"]["endDate"]) == (iso("12:30"), iso("14:00"))


def test_a_reservation_moved_onto_a_taken_table_is_given_the_best_free_one(full, location):
    first = book(full, location, "12:00")            # T1
    book(full, location, "15:00", tables=location.ids("T1"))
    moved = move(full, first, start="14:00")
    assert location.names(moved["details"]["tableIds"]) == ["T2"]


def test_a_reservation_moved_by_a_quarter_hour_does_not_clash_with_itself(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    booked = book(full, single, "12:00")
    assert move(full, booked, start="12:15")["details"]["tableIds"] == single.ids("T1")


def test_a_larger_party_gets_a_table_that_fits_and_the_turnover_of_its_size(full, location):
    booked = book(full, location, "12:00")
    grown = move(full, booked, party=5)
    assert location.names(grown["details"]["tableIds"]) == ["T5"]
    assert grown["details"]["endDate"] == iso("14:00")


def test_a_given_end_is_kept_when_the_start_moves_with_it(full, location):
    booked = book(full, location, "12:00")
    moved = move(full, booked, start="13:00", end="13:45")
    assert (moved["details"]["startDate"], moved["details"]["endDate"]) == (iso("13:00"), iso("13:45"))
    assert move(full, moved, end="15:00")["details"]["endDate"] == iso("15:00")


def test_a_move_into_a_full_slot_is_refused_and_changes_nothing(full, make_location, book_state):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    book(full, single, "12:00")
    later = book(full, single, "18:00")
    before = book_state()
    error = error_of(move, full, later, start="13:00")
    assert error.details == {"tableCombinationConflicts": ["RESERVED"], "reservationLocationConflicts": []}
    assert book_state() == before


def test_the_host_may_move_onto_a_taken_table_with_an_ignore_list_and_sees_the_clash(full, make_location, get_full):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    first = book(full, single, "12:00")
    later = book(full, single, "18:00")
    moved = move(full, later, start="13:00", ignore_tables=["RESERVED"])
    assert get_full(moved["id"])["tablesWithReservationConflicts"] == [
        {"tableId": single.table_id("T1"), "reservationIds": [first["id"]]}]
    # the clash is recomputed at the next re-check: the other party has gone meanwhile
    cancel(full, get_full(first["id"]))
    again = move(full, get_full(moved["id"]), start="13:15")
    assert "tablesWithReservationConflicts" not in get_full(again["id"])


def test_named_tables_on_a_move_are_checked_as_named(full, location):
    booked = book(full, location, "12:00")
    book(full, location, "12:00", 4, tables=location.ids("T5"))
    assert error_of(move, full, booked, tables=location.ids("T5")).details["tableCombinationConflicts"] == [
        "RESERVED", "TOO_SMALL"]
    assert location.names(move(full, booked, tables=location.ids("T3", "T4"), party=6)["details"]["tableIds"]) == [
        "T3", "T4"]


def test_an_explicit_empty_table_list_leaves_the_reservation_unassigned(full, location, get_full):
    booked = book(full, location, "12:00")
    cleared = move(full, booked, tables=[])
    assert cleared["details"]["tableIds"] == []
    assert get_full(move(full, cleared, start="12:30", tables=[])["id"])["details"]["tableIds"] == []


def test_a_reservation_booked_without_tables_stays_unassigned_when_moved(full, location):
    unassigned = book(full, location, "12:00", tables=[])
    assert move(full, unassigned, start="12:30")["details"]["tableIds"] == []


def test_pacing_is_checked_on_a_move_but_not_against_the_reservation_itself(full, make_location):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    early = book(full, loc, "19:00")
    late = book(full, loc, "19:30")
    assert move(full, early, start="19:10")["details"]["startDate"] == iso("19:10")
    error = error_of(move, full, late, start="19:05")
    assert error.details["reservationLocationConflicts"] == ["PARTY_PACING"]
    assert move(full, late, start="19:05", ignore_pacing=["PARTY_PACING"])["details"]["startDate"] == iso("19:05")


def test_a_reservation_that_holds_no_table_moves_without_a_check(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    book(full, single, "12:00")
    cancelled = book(full, single, "18:00", status="CANCELED")
    assert move(full, cancelled, start="12:00")["details"]["startDate"] == iso("12:00")


def test_coming_back_to_an_occupying_status_re_checks_the_room(full, make_location, location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    cancelled = cancel(full, book(full, single, "12:00"))
    book(full, single, "12:30")
    assert error_of(update, full, cancelled, status="RESERVED").code == "TIME_NOT_AVAILABLE"
    # with a table free elsewhere, it comes back on that table
    first = cancel(full, book(full, location, "12:00"))
    book(full, location, "12:00", tables=location.ids("T1"))
    back = update(full, first, status="RESERVED")
    assert location.names(back["details"]["tableIds"]) == ["T2"]


def test_seating_a_reserved_party_does_not_re_check_the_room(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    first = book(full, single, "12:00")
    book(full, single, "12:00", ignore_tables=["RESERVED"])
    assert update(full, first, status="SEATED")["status"] == "SEATED"


@pytest.mark.parametrize(
    "fields",
    [{"status": "SEATED"}, {"source": "OFFLINE"}, {"details": {"tableIds": []}},
     {"details": {"endDate": iso("14:00")}}],
    ids=["status", "source", "tableIds", "endDate"],
)
def test_medium_callers_update_everything_but_the_restricted_fields(medium, full, location, book_state, fields):
    booked = book(full, location, "12:00")
    before = book_state()
    assert error_of(update, medium, booked, **fields).code == "PERMISSION_DENIED"
    assert book_state() == before
    assert update(medium, booked, teamMessage="high chair")["teamMessage"] == "high chair"


def test_medium_callers_may_not_send_ignore_lists_on_update(medium, full, location):
    booked = book(full, location, "12:00")
    assert error_of(move, medium, booked, start="13:00", ignore_tables=["RESERVED"]).code == "PERMISSION_DENIED"


def test_online_guests_can_not_update(basic, full, location):
    booked = book(full, location, "12:00")
    assert error_of(update, basic, booked, teamMessage="x").code == "PERMISSION_DENIED"


def test_an_update_needs_the_current_revision(full, location, book_state):
    booked = book(full, location, "12:00")
    update(full, booked, teamMessage="first")
    before = book_state()
    error = error_of(update, full, booked, teamMessage="second")  # still revision 1
    assert (error.code, error.http_status) == ("REVISION_MISMATCH", 409)
    assert book_state() == before


def test_updating_an_unknown_reservation_is_not_found(full):
    assert error_of(update, full, {"id": UNKNOWN_ID, "revision": "1"}, teamMessage="x").code == \
        "RESERVATION_NOT_FOUND"


# --- cancelling -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["REQUESTED", "RESERVED", "PAYMENT_PENDING"])
def test_a_booking_that_is_still_to_come_can_be_cancelled(full, in_status, status):
    cancelled = cancel(full, in_status(status))
    assert cancelled["status"] == "CANCELED"


@pytest.mark.parametrize("status", ["HELD", "DECLINED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED"])
def test_other_statuses_can_not_be_cancelled(full, in_status, status):
    assert error_of(cancel, full, in_status(status)).code == "CAN_NOT_BE_UPDATED"


def test_an_expired_payment_window_can_not_be_cancelled(full, in_status, clock):
    pending = in_status("PAYMENT_PENDING")
    clock.advance(minutes=10)
    assert error_of(cancel, full, pending).code == "CAN_NOT_BE_UPDATED"


def test_a_cancelled_booking_frees_its_table(full, make_location):
    single = make_location(tables=[("T1", 1, 2)], combinations=())
    first = book(full, single, "12:00")
    assert error_of(book, full, single, "12:00").code == "TIME_NOT_AVAILABLE"
    cancel(full, first)
    assert book(full, single, "12:00")["details"]["tableIds"] == single.ids("T1")


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        (None, "PHONE_NUMBER_REQUIRED"),
        ("", "PHONE_NUMBER_REQUIRED"),
        ("+442079460019", "PHONE_NUMBER_INCORRECT"),
        ("not a phone", "INVALID_ARGUMENT"),
    ],
)
def test_an_online_guest_proves_the_booking_is_theirs_with_its_phone(basic, full, location, book_state, phone, code):
    booked = book(full, location, "12:00")
    before = book_state()
    error = error_of(cancel, basic, booked, phone=phone)
    assert (error.code, error.http_status) == (code, 400)
    assert book_state() == before


@pytest.mark.parametrize("phone", ["+442079460018", "020 7946 0018", "+44 20 7946 0018"])
def test_the_phone_matches_in_any_format_once_normalised(basic, full, location, phone):
    assert cancel(basic, book(full, location, "12:00"), phone=phone)["status"] == "CANCELED"


def test_an_online_guest_cancels_a_walk_in_without_a_phone(basic, full, location):
    walk_in = book(full, location, "12:00", reservee=None, source="WALK_IN", status="RESERVED")
    assert cancel(basic, walk_in)["status"] == "CANCELED"


def test_a_stale_revision_answers_before_a_wrong_phone(basic, full, location):
    booked = book(full, location, "12:00")
    assert error_of(cancel, basic, booked, phone="+442079460019", revision="7").code == "REVISION_MISMATCH"
    seated = update(full, booked, status="SEATED")
    assert error_of(cancel, basic, seated).code == "CAN_NOT_BE_UPDATED"


def test_cancelling_an_unknown_reservation_is_not_found(full):
    assert error_of(cancel, full, {"id": UNKNOWN_ID, "revision": "1"}).code == "RESERVATION_NOT_FOUND"


# --- deleting holds and the sweeper ---------------------------------------------------------------


def test_a_hold_is_abandoned_by_deleting_it_and_its_history_remains(basic, in_status, history):
    held = in_status("HELD")
    assert basic.delete_reservation({"reservationId": held["id"]}) == {}
    assert error_of(basic.get_reservation, {"reservationId": held["id"]}).code == "RESERVATION_NOT_FOUND"
    entries = history(held["id"])
    assert [(e["operation"], e["after"]) for e in entries][-1] == ("deleteReservation", None)
    assert entries[-1]["before"]["status"] == "HELD"


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "HELD"])
def test_only_a_hold_can_be_deleted(full, in_status, status):
    assert error_of(full.delete_reservation, {"reservationId": in_status(status)["id"]}).code == "CAN_NOT_BE_UPDATED"


def test_deleting_an_unknown_reservation_is_not_found(full):
    assert error_of(full.delete_reservation, {"reservationId": UNKNOWN_ID}).code == "RESERVATION_NOT_FOUND"


def test_the_sweeper_deletes_holds_and_payment_windows_whose_ten_minutes_are_over(api, full, in_status, clock,
                                                                                  history):
    pending = in_status("PAYMENT_PENDING")
    clock.advance(minutes=5)
    fresh = in_status("HELD")
    booked = in_status("RESERVED")
    assert api.expire_held_reservations() == 0
    clock.advance(minutes=5)
    listed = {r["id"]: r["status"] for r in full.list_reservations({})["reservations"]}
    assert listed[pending["id"]] == "PAYMENT_PENDING"  # still listed until swept
    assert api.expire_held_reservations() == 1
    clock.advance(minutes=5)
    assert api.expire_held_reservations() == 1
    assert [r["id"] for r in full.list_reservations({})["reservations"]] == [booked["id"]]
    swept = history(fresh["id"])[-1]
    assert (swept["operation"], swept["scope"], swept["actor"], swept["after"]) == (
        "expireHeldReservations", None, None, None)
    assert swept["at"] == "2026-06-08T08:15:00Z"


def test_the_next_hold_deadline_is_ten_minutes_after_the_oldest_hold(api, in_status, clock):
    assert api.book.reservations.next_hold_deadline() is None
    in_status("HELD")
    clock.advance(minutes=3)
    in_status("HELD")
    assert api.book.reservations.next_hold_deadline() == clock.now.replace(minute=10)


# --- history --------------------------------------------------------------------------------------


def test_the_history_records_who_did_what_oldest_first(api, full, location, clock):
    guest = api.as_scope("BASIC", actor="guest:web")
    held = guest.create_held_reservation(hold_request(location.id, iso("12:00")))["reservation"]
    clock.advance(minutes=2)
    reserved = guest.reserve_reservation({"reservationId": held["id"], "reservee": GUEST, "revision": "1"})
    clock.advance(minutes=1)
    cancel(full, reserved["reservation"])
    entries = api.as_scope("MEDIUM").get_reservation_history({"reservationId": held["id"]})["entries"]
    assert [(e["operation"], e["scope"], e["actor"], e["at"]) for e in entries] == [
        ("createHeldReservation", "BASIC", "guest:web", "2026-06-08T08:00:00Z"),
        ("reserveReservation", "BASIC", "guest:web", "2026-06-08T08:02:00Z"),
        ("cancelReservation", "FULL", "host:anna", "2026-06-08T08:03:00Z"),
    ]
    assert entries[0]["before"] is None
    assert [e["after"]["status"] for e in entries] == ["HELD", "RESERVED", "CANCELED"]
    assert [e["before"]["revision"] for e in entries[1:]] == ["1", "2"]
    assert entries[1]["after"]["reservee"]["phone"] == GUEST["phone"]  # the FULL fieldset


def test_a_change_without_an_actor_is_recorded_with_a_null_actor(api, location):
    anonymous = api.as_scope("FULL")
    booked = book(anonymous, location, "12:00")
    assert anonymous.get_reservation_history({"reservationId": booked["id"]})["entries"][0]["actor"] is None


def test_the_history_is_for_staff_and_known_reservations(basic, full, location):
    booked = book(full, location, "12:00")
    assert error_of(basic.get_reservation_history, {"reservationId": booked["id"]}).code == "PERMISSION_DENIED"
    assert error_of(full.get_reservation_history, {"reservationId": UNKNOWN_ID}).code == "RESERVATION_NOT_FOUND"
