"""Booking: createReservation, createHeldReservation and reserveReservation (SPEC §3, §4, §5.4, §5.5)."""

from __future__ import annotations

import pytest
from unit_support import GUEST, error_of, hold_request, iso, reservation_request


def book(scope, loc, start, party=2, **kw):
    return scope.create_reservation(reservation_request(loc.id, iso(start), party, **kw))["reservation"]


def hold(scope, loc, start, party=2, **extra):
    return scope.create_held_reservation(hold_request(loc.id, iso(start), party, **extra))["reservation"]


def reserve(scope, held, reservee=GUEST, revision=None):
    return scope.reserve_reservation({"reservationId": held["id"], "reservee": dict(reservee),
                                      "revision": revision or held["revision"]})["reservation"]


# --- automatic assignment -------------------------------------------------------------------------


def test_bookings_without_tables_fill_the_room_best_fit_first(full, location):
    given = [location.names(book(full, location, "12:00")["details"]["tableIds"]) for _ in range(5)]
    assert given == [["T1"], ["T2"], ["T10"], ["T3"], ["T4"]]


def test_a_larger_party_gets_the_smallest_table_then_the_combination(full, location):
    first = book(full, location, "12:00", 5)
    second = book(full, location, "12:00", 5)
    assert location.names(first["details"]["tableIds"]) == ["T5"]
    assert location.names(second["details"]["tableIds"]) == ["T3", "T4"]


def test_a_table_is_free_again_when_the_previous_stay_ends(full, location):
    tables = [book(full, location, start, 5)["details"]["tableIds"] for start in ("12:00", "12:00", "14:00")]
    assert location.names(tables[2]) == ["T5"]  # 12:00 + 120 minutes: back to back


def test_a_failed_assignment_names_every_kind_of_conflict(full, location):
    for _ in range(5):
        book(full, location, "12:00")  # every table for two, and T3 and T4
    error = error_of(full.create_reservation, reservation_request(location.id, iso("12:30"), 2))
    assert (error.code, error.http_status) == ("TIME_NOT_AVAILABLE", 409)
    assert error.details == {"tableCombinationConflicts": ["RESERVED", "TOO_SMALL"],
                             "reservationLocationConflicts": []}


def test_a_party_too_big_for_every_option_is_refused_as_too_big(full, location):
    error = error_of(full.create_reservation, reservation_request(location.id, iso("12:00"), 9))
    assert error.details["tableCombinationConflicts"] == ["TOO_BIG"]


def test_a_location_without_tables_refuses_with_no_table_conflict(full, make_location):
    empty = make_location(tables=(), combinations=())
    error = error_of(full.create_reservation, reservation_request(empty.id, iso("12:00"), 2))
    assert error.details == {"tableCombinationConflicts": [], "reservationLocationConflicts": []}


def test_auto_assignment_with_ignore_lists_takes_the_best_option_whose_conflicts_are_ignored(full, location,
                                                                                            get_full):
    taken = [book(full, location, "12:00") for _ in range(5)]
    forced = book(full, location, "12:00", ignore_tables=["RESERVED"])
    assert location.names(forced["details"]["tableIds"]) == ["T1"]
    assert get_full(forced["id"])["tablesWithReservationConflicts"] == [
        {"tableId": location.table_id("T1"), "reservationIds": [taken[0]["id"]]}]
    assert "tablesWithReservationConflicts" not in get_full(taken[0]["id"])  # others are not changed


def test_auto_assignment_prefers_a_free_option_over_an_ignored_conflict(full, location, get_full):
    book(full, location, "12:00")
    second = book(full, location, "12:00", ignore_tables=["RESERVED"])
    assert location.names(second["details"]["tableIds"]) == ["T2"]
    assert "tablesWithReservationConflicts" not in get_full(second["id"])


# --- tables named by the host ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "party", "conflicts"),
    [
        (["T3"], 4, None),
        (["T4", "T3"], 7, None),           # the defined combination, in any order
        (["T1", "T5"], 8, None),           # any set: up to the sum of seatsMax
        (["T1", "T5"], 9, ["TOO_BIG"]),
        (["T1", "T5"], 1, None),           # ... and no minimum
        (["T3"], 1, ["TOO_SMALL"]),
        (["T3"], 5, ["TOO_BIG"]),
        (["T3", "T4"], 4, ["TOO_SMALL"]),  # the combination is checked as itself
    ],
)
def test_named_tables_are_checked_as_the_option_they_form(full, location, names, party, conflicts):
    request = reservation_request(location.id, iso("12:00"), party, tables=location.ids(*names))
    if conflicts is None:
        created = full.create_reservation(request)["reservation"]
        assert location.names(created["details"]["tableIds"]) == names
    else:
        assert error_of(full.create_reservation, request).details["tableCombinationConflicts"] == conflicts


def test_a_taken_named_table_is_refused_unless_reserved_is_ignored(full, location, get_full):
    first = book(full, location, "12:00", tables=location.ids("T5"), party=4)
    request = reservation_request(location.id, iso("13:00"), 4, tables=location.ids("T5"))
    assert error_of(full.create_reservation, request).details["tableCombinationConflicts"] == ["RESERVED"]
    request["ignoreTableCombinationConflicts"] = ["RESERVED"]
    forced = full.create_reservation(request)["reservation"]
    assert get_full(forced["id"])["tablesWithReservationConflicts"] == [
        {"tableId": location.table_id("T5"), "reservationIds": [first["id"]]}]


def test_a_named_table_both_taken_and_too_small_for_the_party_needs_both_ignored(full, location):
    book(full, location, "12:00", tables=location.ids("T1"))
    request = reservation_request(location.id, iso("12:00"), 3, tables=location.ids("T1"),
                                  ignore_tables=["RESERVED"])
    assert error_of(full.create_reservation, request).details["tableCombinationConflicts"] == ["RESERVED", "TOO_BIG"]
    request["ignoreTableCombinationConflicts"] = ["RESERVED", "TOO_BIG"]
    assert full.create_reservation(request)["reservation"]["details"]["tableIds"] == location.ids("T1")


def test_an_empty_table_list_books_no_table(full, location, get_full):
    for _ in range(6):
        book(full, location, "12:00", 2, ignore_tables=["RESERVED", "TOO_SMALL"])
    created = book(full, location, "12:00", tables=[])
    assert get_full(created["id"])["details"]["tableIds"] == []


@pytest.mark.parametrize(
    ("table_ids", "field"),
    [
        (["00000000-0000-4000-8000-000000000000"], "details.tableIds[0]"),
        ("twice", "details.tableIds"),
        (["not-an-id"], "details.tableIds[0]"),
    ],
)
def test_unknown_or_repeated_tables_are_invalid(full, location, table_ids, field):
    tables = location.ids("T1", "T1") if table_ids == "twice" else table_ids
    error = error_of(full.create_reservation, reservation_request(location.id, iso("12:00"), tables=tables))
    assert error.code == "INVALID_ARGUMENT"
    assert error.details["fieldViolations"][0]["field"] == field


def test_a_removed_table_can_no_longer_be_named_but_an_inactive_one_can(full, location, get_full):
    tables = [dict(t) for t in location.tables if t["name"] != "T10"]
    for t in tables:
        if t["name"] == "T1":
            t["isActive"] = False
    full.update_reservation_location({"reservationLocation": {
        "id": location.id, "revision": location.revision,
        "configuration": {"tableManagement": {"tableDefinitions": tables}}}})
    removed = reservation_request(location.id, iso("12:00"), tables=location.ids("T10"))
    assert error_of(full.create_reservation, removed).code == "INVALID_ARGUMENT"
    inactive = book(full, location, "12:00", tables=location.ids("T1"))
    assert get_full(inactive["id"])["details"]["tableIds"] == location.ids("T1")
    automatic = book(full, location, "12:00")
    assert location.names(automatic["details"]["tableIds"]) == ["T2"]  # never T1 (off) nor T10 (gone)


# --- statuses and sources -------------------------------------------------------------------------


@pytest.mark.parametrize(("scope", "source"), [("FULL", "UNDEFINED"), ("MEDIUM", "ONLINE"), ("BASIC", "ONLINE")])
def test_the_source_defaults_by_scope(api, location, get_full, scope, source):
    created = book(api.as_scope(scope), location, "12:00")
    assert (get_full(created["id"])["source"], created["status"]) == (source, "RESERVED")


APPROVAL_CASES = [
    # approval, payment, scope, source, party, status
    ({"mode": "MANUAL"}, None, "MEDIUM", None, 2, "REQUESTED"),
    ({"mode": "MANUAL"}, None, "BASIC", None, 2, "REQUESTED"),
    ({"mode": "MANUAL"}, None, "FULL", None, 2, "RESERVED"),
    ({"mode": "MANUAL"}, None, "FULL", "ONLINE", 2, "REQUESTED"),
    ({"mode": "MANUAL"}, None, "FULL", "OFFLINE", 2, "RESERVED"),
    ({"mode": "MANUAL"}, None, "FULL", "WALK_IN", 2, "RESERVED"),
    ({"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 4}}, None,
     "BASIC", None, 3, "RESERVED"),
    ({"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 4}}, None,
     "BASIC", None, 4, "REQUESTED"),
    ({"mode": "AUTOMATIC"}, {"enabled": True, "minPartySize": 2}, "BASIC", None, 2, "RESERVED"),  # never pays on create
]


@pytest.mark.parametrize(("approval", "payment", "scope", "source", "party", "status"), APPROVAL_CASES)
def test_online_bookings_wait_for_approval_others_are_reserved(api, make_location, approval, payment, scope, source,
                                                               party, status):
    loc = make_location(online={"approval": approval}, payment=payment)
    extra = {"source": source} if source else {}
    assert book(api.as_scope(scope), loc, "12:00", party, **extra)["status"] == status


def test_the_host_may_create_a_walk_in_straight_to_seated_without_a_name(full, location, get_full):
    created = book(full, location, "12:07", reservee=None, status="SEATED", source="WALK_IN")
    stored = get_full(created["id"])
    assert (stored["status"], stored["source"], stored["details"]["startDate"]) == (
        "SEATED", "WALK_IN", iso("12:07"))
    assert "reservee" not in stored


@pytest.mark.parametrize("status", ["HELD", "PAYMENT_PENDING"])
def test_a_reservation_is_never_created_held_or_payment_pending(full, location, status, book_state):
    before = book_state()
    error = error_of(full.create_reservation, reservation_request(location.id, iso("12:00"), status=status))
    assert (error.code, error.details["fieldViolations"][0]["field"]) == ("INVALID_ARGUMENT", "status")
    assert book_state() == before


@pytest.mark.parametrize("status", ["CANCELED", "FINISHED", "NO_SHOW", "DECLINED"])
def test_a_reservation_that_holds_no_table_is_never_refused_for_lack_of_room(full, location, status, get_full):
    for _ in range(7):
        book(full, location, "12:00", 2, ignore_tables=["RESERVED", "TOO_SMALL"])
    past = book(full, location, "12:00", 2, status=status)
    assert get_full(past["id"])["details"]["tableIds"] == []


def test_a_reservation_that_holds_no_table_keeps_named_tables_or_quietly_gets_a_free_one(full, location, get_full):
    named = book(full, location, "12:00", 2, status="FINISHED", tables=location.ids("T5"))
    quiet = book(full, location, "12:00", 2, status="CANCELED")
    assert location.names(get_full(named["id"])["details"]["tableIds"]) == ["T5"]
    assert location.names(get_full(quiet["id"])["details"]["tableIds"]) == ["T1"]
    assert location.names(book(full, location, "12:00")["details"]["tableIds"]) == ["T1"]  # it holds nothing


# --- the stay -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("party", "end"), [(2, "13:30"), (5, "14:00"), (8, "14:00")])
def test_the_end_is_the_start_plus_the_turnover(full, location, party, end):
    assert book(full, location, "12:00", party)["details"]["endDate"] == iso(end)


def test_the_host_may_set_the_end(full, location):
    assert book(full, location, "12:00", end=iso("12:45"))["details"]["endDate"] == iso("12:45")


@pytest.mark.parametrize("end", [iso("12:00"), iso("11:59"), "2026-06-09T12:00:01Z"])
def test_an_end_not_after_the_start_or_a_stay_over_a_day_is_invalid(full, location, end, book_state):
    before = book_state()
    error = error_of(full.create_reservation, reservation_request(location.id, iso("12:00"), end=end))
    assert (error.code, error.details["fieldViolations"][0]["field"]) == ("INVALID_ARGUMENT", "details.endDate")
    assert book_state() == before


# --- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [{"status": "SEATED"}, {"source": "OFFLINE"}, {"tables": []}, {"end": iso("13:00")},
     {"ignore_tables": ["RESERVED"]}, {"ignore_pacing": ["PARTY_PACING"]}],
    ids=["status", "source", "tableIds", "endDate", "ignoreTables", "ignorePacing"],
)
@pytest.mark.parametrize("scope", ["MEDIUM", "BASIC"])
def test_restricted_fields_need_the_full_scope(api, location, book_state, scope, extra):
    before = book_state()
    request = reservation_request(location.id, iso("12:00"), **extra)
    error = error_of(api.as_scope(scope).create_reservation, request)
    assert (error.code, error.http_status) == ("PERMISSION_DENIED", 403)
    assert book_state() == before


def test_empty_ignore_lists_name_no_restricted_field(medium, location):
    assert book(medium, location, "12:00", ignore_tables=[], ignore_pacing=[])["status"] == "RESERVED"


def test_an_unknown_location_is_not_found(full):
    request = reservation_request("00000000-0000-4000-8000-000000000000", iso("12:00"))
    assert error_of(full.create_reservation, request).code == "RESERVATION_LOCATION_NOT_FOUND"


def test_an_invalid_status_is_invalid_before_it_is_forbidden(medium, location):
    error = error_of(medium.create_reservation, reservation_request(location.id, iso("12:00"), status="HELD"))
    assert error.code == "INVALID_ARGUMENT"


def test_an_end_before_the_start_is_invalid_before_the_location_is_looked_up(full):
    request = reservation_request("00000000-0000-4000-8000-000000000000", iso("12:00"), end=iso("11:00"))
    assert error_of(full.create_reservation, request).code == "INVALID_ARGUMENT"


# --- online guests (BASIC) ------------------------------------------------------------------------


def test_online_guests_are_refused_while_online_booking_is_off(basic, make_location, book_state):
    closed = make_location(online={"onlineReservationsEnabled": False})
    before = book_state()
    for call, request in ((basic.create_reservation, reservation_request(closed.id, iso("12:00"))),
                          (basic.create_held_reservation, hold_request(closed.id, iso("12:00")))):
        error = error_of(call, request)
        assert (error.code, error.http_status) == ("ONLINE_RESERVATIONS_DISABLED", 428)
    assert book_state() == before


ALL_DAY = [{"openDay": "MONDAY", "openTime": "00:00", "closeDay": "MONDAY", "closeTime": "24:00"}]
ONLINE_RULES = [
    # online settings, opening hours, start, party; the clock is 08:00
    ({}, None, "11:00", 2),
    ({}, ALL_DAY, "07:59", 2),
    ({"partySize": {"min": 2, "max": 4}}, ALL_DAY, "12:00", 5),
    ({"partySize": {"min": 2, "max": 4}}, ALL_DAY, "12:00", 1),
    ({"minimumReservationNotice": {"number": 5, "unit": "HOURS"}}, ALL_DAY, "12:59", 2),
    ({"maximumReservationNotice": {"number": 3, "unit": "HOURS"}}, ALL_DAY, "11:01", 2),
]


@pytest.mark.parametrize(("online", "periods", "start", "party"), ONLINE_RULES,
                         ids=["hours", "past", "party-max", "party-min", "min-notice", "max-notice"])
def test_online_rules_refuse_a_guest_with_no_conflict_listed_but_not_staff(api, make_location, book_state, online,
                                                                           periods, start, party):
    loc = make_location(online=online, periods=periods)
    guest = api.as_scope("BASIC")
    before = book_state()
    for call, request in ((guest.create_reservation, reservation_request(loc.id, iso(start), party)),
                          (guest.create_held_reservation, hold_request(loc.id, iso(start), party))):
        error = error_of(call, request)
        assert (error.code, error.details) == ("TIME_NOT_AVAILABLE", {
            "tableCombinationConflicts": [], "reservationLocationConflicts": []})
    assert book_state() == before
    assert book(api.as_scope("MEDIUM"), loc, start, party)["status"] == "RESERVED"


@pytest.mark.parametrize(("online", "start"), [
    ({"minimumReservationNotice": {"number": 5, "unit": "HOURS"}}, "13:00"),
    ({"maximumReservationNotice": {"number": 3, "unit": "HOURS"}}, "11:00"),
], ids=["min-notice-edge", "max-notice-edge"])
def test_a_start_exactly_at_a_notice_limit_is_accepted(basic, make_location, online, start):
    loc = make_location(online=online, periods=ALL_DAY)
    assert book(basic, loc, start)["status"] == "RESERVED"


def test_house_tables_are_never_given_to_an_online_guest(api, make_location, get_full):
    loc = make_location(tables=[("T1", 1, 2), ("H1", 1, 2, {"onlineReservations": False})], combinations=())
    guest = book(api.as_scope("BASIC"), loc, "12:00")
    assert loc.names(get_full(guest["id"])["details"]["tableIds"]) == ["T1"]
    error = error_of(api.as_scope("BASIC").create_reservation, reservation_request(loc.id, iso("12:00")))
    assert error.details["tableCombinationConflicts"] == ["RESERVED", "OFFLINE_ONLY"]
    host = book(api.as_scope("MEDIUM"), loc, "12:00")
    assert loc.names(get_full(host["id"])["details"]["tableIds"]) == ["H1"]


FORM = {"customFieldDefinitions": [{"name": "Allergies", "required": True}, {"name": "Occasion"}],
        "lastNameRequired": True, "emailRequired": True}


@pytest.mark.parametrize(
    ("reservee", "field"),
    [
        ({"firstName": "Ada", "phone": "+442079460018", "email": "a@b.co", "customFields": "allergies"},
         "reservee.lastName"),
        ({"firstName": "Ada", "lastName": "L", "phone": "+442079460018", "customFields": "allergies"},
         "reservee.email"),
        ({"firstName": "Ada", "lastName": "L", "phone": "+442079460018", "email": "a@b.co"},
         "reservee.customFields.allergies"),
        ({"lastName": "L", "phone": "+442079460018", "email": "a@b.co", "customFields": "allergies"},
         "reservee.firstName"),
    ],
)
def test_an_online_guest_must_fill_the_location_form(api, make_location, reservee, field):
    loc = make_location(form=FORM)
    definitions = loc.data["configuration"]["reservationForm"]["customFieldDefinitions"]
    fields = {d["name"].lower(): d["id"] for d in definitions}
    guest = dict(reservee)
    if "customFields" in guest:
        guest["customFields"] = {fields["allergies"]: "nuts"}
    bad = field.replace("allergies", fields["allergies"])
    error = error_of(api.as_scope("BASIC").create_reservation,
                     reservation_request(loc.id, iso("12:00"), reservee=guest))
    assert error.code == "INVALID_ARGUMENT"
    assert bad in [v["field"] for v in error.details["fieldViolations"]]
    if field != "reservee.firstName":  # staff skip the form, not the first name
        assert book(api.as_scope("MEDIUM"), loc, "12:00", reservee=guest)["status"] == "RESERVED"


def test_a_custom_field_the_form_does_not_have_is_invalid_for_everyone(full, location):
    guest = dict(GUEST, customFields={"00000000-0000-4000-8000-000000000000": "x"})
    error = error_of(full.create_reservation, reservation_request(location.id, iso("12:00"), reservee=guest))
    assert error.details["fieldViolations"][0]["field"] == "reservee.customFields.00000000-0000-4000-8000-000000000000"


# --- pacing ---------------------------------------------------------------------------------------


def test_party_pacing_refuses_one_party_too_many_in_the_same_window(full, make_location):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 2}})
    book(full, loc, "19:00")
    book(full, loc, "19:14", source="WALK_IN", reservee=None)
    error = error_of(full.create_reservation, reservation_request(loc.id, iso("19:05")))
    assert error.details == {"tableCombinationConflicts": [], "reservationLocationConflicts": ["PARTY_PACING"]}
    assert book(full, loc, "19:15")["status"] == "RESERVED"
    assert book(full, loc, "19:05", ignore_pacing=["PARTY_PACING"])["status"] == "RESERVED"


def test_seat_pacing_counts_the_seats_of_parties_starting_in_the_window(full, make_location):
    loc = make_location(online={"seatPacing": {"enabled": True, "number": 6}})
    book(full, loc, "19:00", 4)
    assert error_of(full.create_reservation, reservation_request(loc.id, iso("19:10"), 3)).details[
        "reservationLocationConflicts"] == ["SEAT_PACING"]
    assert book(full, loc, "19:10", 2)["status"] == "RESERVED"


def test_pacing_counts_holds_but_not_cancelled_bookings(api, full, make_location):
    loc = make_location(online={"partyPacing": {"enabled": True, "number": 1}})
    book(full, loc, "19:00", status="CANCELED")
    hold(api.as_scope("BASIC"), loc, "19:00")
    error = error_of(full.create_reservation, reservation_request(loc.id, iso("19:05")))
    assert error.details["reservationLocationConflicts"] == ["PARTY_PACING"]


def test_pacing_and_tables_are_reported_together(full, make_location):
    loc = make_location(tables=[("T1", 1, 2)], combinations=(),
                        online={"partyPacing": {"enabled": True, "number": 1}})
    book(full, loc, "19:00")
    error = error_of(full.create_reservation, reservation_request(loc.id, iso("19:00")))
    assert error.details == {"tableCombinationConflicts": ["RESERVED"],
                             "reservationLocationConflicts": ["PARTY_PACING"]}
    # ignoring pacing alone is not enough while the table is taken
    request = reservation_request(loc.id, iso("19:00"), ignore_pacing=["PARTY_PACING"])
    assert error_of(full.create_reservation, request).details["tableCombinationConflicts"] == ["RESERVED"]


def test_without_table_management_only_pacing_limits_bookings(full, make_location, get_full):
    loc = make_location(mode="OFF", combinations=(), online={"seatPacing": {"enabled": True, "number": 10}})
    first = book(full, loc, "19:00", 8)
    assert get_full(first["id"])["details"]["tableIds"] == []
    assert book(full, loc, "19:00", 2, tables=[])["status"] == "RESERVED"
    error = error_of(full.create_reservation, reservation_request(loc.id, iso("19:00"), 1))
    assert error.details["reservationLocationConflicts"] == ["SEAT_PACING"]
    named = reservation_request(loc.id, iso("20:00"), 2, tables=["00000000-0000-4000-8000-000000000000"])
    assert error_of(full.create_reservation, named).details["fieldViolations"][0]["field"] == "details.tableIds"


# --- holds ----------------------------------------------------------------------------------------


def test_a_guest_holds_the_best_table_for_ten_minutes(basic, location, get_full, clock):
    held = hold(basic, location, "12:00")
    stored = get_full(held["id"])
    assert (held["status"], held["revision"], stored["source"]) == ("HELD", "1", "ONLINE")
    assert location.names(stored["details"]["tableIds"]) == ["T1"]
    assert location.names(get_full(hold(basic, location, "12:00")["id"])["details"]["tableIds"]) == ["T2"]
    assert held["createdDate"] == iso("08:00")


def test_the_host_may_hold_a_phone_in_as_offline(full, medium, location, get_full):
    held = hold(full, location, "12:00", source="OFFLINE")
    assert get_full(held["id"])["source"] == "OFFLINE"
    assert error_of(medium.create_held_reservation, hold_request(location.id, iso("12:00"), source="OFFLINE")).code \
        == "PERMISSION_DENIED"


def test_the_host_may_hold_the_table_shown_on_the_slot(full, location, get_full):
    held = full.create_held_reservation({
        "reservationDetails": {"reservationLocationId": location.id, "startDate": iso("12:00"), "partySize": 2,
                               "tableIds": location.ids("T4")}})["reservation"]
    assert location.names(get_full(held["id"])["details"]["tableIds"]) == ["T4"]


@pytest.mark.parametrize(
    ("scope", "names", "code", "field"),
    [
        ("MEDIUM", ["T4"], "PERMISSION_DENIED", None),
        ("BASIC", ["T4"], "PERMISSION_DENIED", None),
        ("FULL", ["T4", "T4"], "INVALID_ARGUMENT", "reservationDetails.tableIds"),
        ("FULL", ["T1"], "TIME_NOT_AVAILABLE", None),
    ],
)
def test_named_tables_to_hold_are_for_the_host_and_checked(api, full, location, book_state, scope, names, code,
                                                          field):
    book(full, location, "12:00", tables=location.ids("T1"))
    before = book_state()
    request = {"reservationDetails": {"reservationLocationId": location.id, "startDate": iso("12:30"), "partySize": 2,
                                      "tableIds": location.ids(*names)}}
    error = error_of(api.as_scope(scope).create_held_reservation, request)
    assert error.code == code
    if field:
        assert error.details["fieldViolations"][0]["field"] == field
    assert book_state() == before


def test_a_hold_is_refused_when_no_table_can_take_the_party(full, location):
    error = error_of(full.create_held_reservation, hold_request(location.id, iso("12:00"), 9))
    assert error.details["tableCombinationConflicts"] == ["TOO_BIG"]


def test_an_expired_hold_frees_its_table_at_once_without_the_sweeper(api, basic, make_location, clock):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    hold(basic, loc, "12:00")
    clock.advance(minutes=9, seconds=59, milliseconds=999)
    assert error_of(basic.create_held_reservation, hold_request(loc.id, iso("12:00"))).code == "TIME_NOT_AVAILABLE"
    clock.advance(milliseconds=1)
    assert hold(basic, loc, "12:00")["status"] == "HELD"


# --- completing a hold ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("online", "payment", "source", "party", "status"),
    [
        ({}, None, None, 2, "RESERVED"),
        ({"approval": {"mode": "MANUAL"}}, None, None, 2, "REQUESTED"),
        ({"approval": {"mode": "MANUAL"}}, {"enabled": True, "minPartySize": 2}, None, 2, "REQUESTED"),
        ({}, {"enabled": True, "minPartySize": 2}, None, 2, "PAYMENT_PENDING"),
        ({}, {"enabled": True, "minPartySize": 3}, None, 2, "RESERVED"),
        ({}, {"enabled": True, "minPartySize": 2}, "OFFLINE", 2, "RESERVED"),
        ({"approval": {"mode": "MANUAL"}}, None, "WALK_IN", 2, "RESERVED"),
    ],
)
def test_reserving_a_hold_requests_approval_or_payment_for_online_guests_only(api, make_location, online, payment,
                                                                              source, party, status):
    loc = make_location(online=online, payment=payment)
    scope = api.as_scope("FULL" if source else "BASIC")
    held = hold(scope, loc, "12:00", party, **({"source": source} if source else {}))
    reserved = reserve(scope, held)
    assert (reserved["status"], reserved["revision"]) == (status, "2")


def test_a_hold_can_be_reserved_until_its_tenth_minute(basic, location, clock):
    held = hold(basic, location, "12:00")
    clock.advance(minutes=9, seconds=59, milliseconds=999)
    assert reserve(basic, held)["status"] == "RESERVED"


def test_an_expired_hold_can_not_be_reserved(basic, location, clock, book_state):
    held = hold(basic, location, "12:00")
    clock.advance(minutes=10)
    before = book_state()
    error = error_of(basic.reserve_reservation, {"reservationId": held["id"], "reservee": GUEST, "revision": "1"})
    assert (error.code, error.http_status) == ("CAN_NOT_BE_UPDATED", 428)
    assert book_state() == before


def test_a_payment_window_lapses_ten_minutes_after_the_hold_was_created(api, basic, make_location, clock):
    loc = make_location(tables=[("T1", 1, 2)], combinations=(), payment={"enabled": True, "minPartySize": 1})
    held = hold(basic, loc, "12:00")
    clock.advance(minutes=6)
    assert reserve(basic, held)["status"] == "PAYMENT_PENDING"
    clock.advance(minutes=3, seconds=59)
    assert error_of(basic.create_held_reservation, hold_request(loc.id, iso("12:00"))).code == "TIME_NOT_AVAILABLE"
    clock.advance(seconds=1)
    assert hold(basic, loc, "12:00")["status"] == "HELD"


def test_only_a_hold_can_be_reserved(basic, full, location):
    booked = book(full, location, "12:00")
    error = error_of(basic.reserve_reservation, {"reservationId": booked["id"], "reservee": GUEST, "revision": "1"})
    assert error.code == "CAN_NOT_BE_UPDATED"


def test_reserving_needs_the_current_revision_and_a_known_hold(basic, location):
    held = hold(basic, location, "12:00")
    stale = {"reservationId": held["id"], "reservee": GUEST, "revision": "2"}
    assert (error_of(basic.reserve_reservation, stale).code, error_of(basic.reserve_reservation, stale).http_status) \
        == ("REVISION_MISMATCH", 409)
    unknown = {"reservationId": "00000000-0000-4000-8000-000000000000", "reservee": GUEST, "revision": "1"}
    assert error_of(basic.reserve_reservation, unknown).code == "RESERVATION_NOT_FOUND"


def test_the_guest_of_a_reserved_hold_is_checked_as_on_create(basic, location, book_state):
    held = hold(basic, location, "12:00")
    before = book_state()
    error = error_of(basic.reserve_reservation, {"reservationId": held["id"], "reservee": {"firstName": "Ada"},
                                                 "revision": "1"})
    assert error.details["fieldViolations"][0]["field"] == "reservee.phone"
    assert book_state() == before


def test_a_reserved_hold_keeps_its_tables_and_stay(basic, location, get_full):
    held = get_full(hold(basic, location, "12:00", 5)["id"])
    reserved = get_full(reserve(basic, held)["id"])
    assert reserved["details"] == held["details"]
    assert reserved["reservee"] == dict(GUEST)
    assert (reserved["createdDate"], reserved["details"]["endDate"]) == (held["createdDate"], iso("14:00"))


def test_created_and_updated_dates_come_from_the_injected_clock(basic, location, clock, get_full):
    held = hold(basic, location, "12:00")
    clock.advance(minutes=3, milliseconds=125)
    reserved = get_full(reserve(basic, held)["id"])
    assert reserved["updatedDate"] == "2026-06-08T08:03:00.125Z"
    assert reserved["createdDate"] == "2026-06-08T08:00:00Z"
