"""SPEC §1: the shape of the wire API — open_api, scopes, methods, call(), errors, formats."""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import datetime

import pytest

from maitred.api import ApiError, open_api

OPERATIONS = [
    "createReservationLocation",
    "getReservationLocation",
    "listReservationLocations",
    "updateReservationLocation",
    "createReservation",
    "createHeldReservation",
    "reserveReservation",
    "updateReservation",
    "cancelReservation",
    "deleteReservation",
    "getReservation",
    "getReservationHistory",
    "listReservations",
    "queryReservations",
    "getTimeSlots",
    "checkTimeSlot",
]

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


def snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


@pytest.mark.parametrize("scope", ["BASIC", "MEDIUM", "FULL"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_is_a_snake_case_method_of_every_scope(api, scope, operation):
    handle = api.as_scope(scope)
    assert callable(getattr(handle, snake(operation)))
    assert callable(handle.call)


def test_call_by_operation_name_is_the_same_as_the_method(full, location):
    by_method = full.get_reservation_location({"reservationLocationId": location.id})
    by_name = full.call("getReservationLocation", {"reservationLocationId": location.id})
    assert by_method == by_name
    assert by_name["reservationLocation"]["id"] == location.id


def test_call_creates_through_the_same_operation(full, location, reservation_body, get_full):
    created = full.call("createReservation", reservation_body(location.id, utc("12:00")))["reservation"]
    assert get_full(created["id"])["status"] == "RESERVED"


RESPONSE_KEYS = {
    "createReservationLocation": {"reservationLocation"},
    "getReservationLocation": {"reservationLocation"},
    "listReservationLocations": {"reservationLocations", "pagingMetadata"},
    "updateReservationLocation": {"reservationLocation"},
    "createReservation": {"reservation"},
    "createHeldReservation": {"reservation"},
    "reserveReservation": {"reservation"},
    "updateReservation": {"reservation"},
    "cancelReservation": {"reservation"},
    "deleteReservation": set(),
    "getReservation": {"reservation"},
    "getReservationHistory": {"entries"},
    "listReservations": {"reservations", "pagingMetadata"},
    "queryReservations": {"reservations", "pagingMetadata"},
    "getTimeSlots": {"timeSlots"},
    "checkTimeSlot": {"tableCombinationAvailabilities", "reservationLocationConflicts"},
}


def _valid_request(operation, loc, book, hold, location_body):
    reserved = book(loc, utc("12:00"))
    held = hold(loc, utc("13:00"))
    guest = {"firstName": "Ada", "phone": "+442079460018"}
    return {
        "createReservationLocation": location_body(name="Second"),
        "getReservationLocation": {"reservationLocationId": loc.id},
        "listReservationLocations": {},
        "updateReservationLocation": {
            "reservationLocation": {"id": loc.id, "revision": loc.revision, "location": {"name": "New"}}
        },
        "createReservation": {
            "reservation": {
                "details": {"reservationLocationId": loc.id, "startDate": utc("15:00"), "partySize": 2},
                "reservee": guest,
            }
        },
        "createHeldReservation": {
            "reservationDetails": {"reservationLocationId": loc.id, "startDate": utc("16:00"), "partySize": 2}
        },
        "reserveReservation": {"reservationId": held["id"], "reservee": guest, "revision": held["revision"]},
        "updateReservation": {"reservation": {"id": reserved["id"], "revision": "1", "teamMessage": "hi"}},
        "cancelReservation": {"reservationId": reserved["id"], "revision": "1"},
        "deleteReservation": {"reservationId": held["id"]},
        "getReservation": {"reservationId": reserved["id"]},
        "getReservationHistory": {"reservationId": reserved["id"]},
        "listReservations": {},
        "queryReservations": {"query": {}},
        "getTimeSlots": {"reservationLocationId": loc.id, "date": utc("12:00"), "partySize": 2},
        "checkTimeSlot": {"reservationLocationId": loc.id, "date": utc("12:00"), "duration": 90, "partySize": 2},
    }[operation]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_answers_by_name_with_its_response_shape(full, location, book, hold, location_body, operation):
    request = _valid_request(operation, location, book, hold, location_body)
    response = full.call(operation, request)
    assert isinstance(response, dict)
    assert set(response) == RESPONSE_KEYS[operation]


def test_as_scope_actor_is_optional(api, location):
    anonymous = api.as_scope("FULL")
    listed = anonymous.list_reservation_locations({})["reservationLocations"]
    assert [loc["id"] for loc in listed] == [location.id]


@pytest.mark.parametrize("scope", ["ADMIN", "", "ROOT", "OWNER"])
def test_unknown_scope_is_invalid_argument(api, api_error, scope):
    api_error("INVALID_ARGUMENT", api.as_scope, scope)


@pytest.mark.parametrize("name", ["dropTables", "getTimeSlot", "deleteReservationLocation", ""])
def test_unknown_operation_name_is_invalid_argument(full, api_error, name):
    api_error("INVALID_ARGUMENT", full.call, name, {})


@pytest.mark.parametrize("request_value", [None, [], "{}", 42, [("reservationLocationId", "x")]])
def test_request_that_is_not_a_dict_is_invalid_argument(full, api_error, request_value):
    api_error("INVALID_ARGUMENT", full.get_reservation_location, request_value)
    api_error("INVALID_ARGUMENT", full.call, "listReservationLocations", request_value)


def test_api_error_carries_code_status_details_and_a_message(full, location):
    with pytest.raises(ApiError) as info:
        full.get_reservation({"reservationId": str(uuid.uuid4())})
    err = info.value
    assert err.code == "RESERVATION_NOT_FOUND"
    assert err.http_status == 404
    assert isinstance(err.details, dict)
    assert str(err)


def test_ids_are_uuid4_strings(location, book):
    reservation = book(location, utc("12:00"))
    for value in [
        location.id,
        reservation["id"],
        *(t["id"] for t in location.tables),
        *(c["id"] for c in location.combinations),
    ]:
        assert isinstance(value, str)
        assert uuid.UUID(value).version == 4


def test_revision_is_a_decimal_string_counting_changes(full, location, book):
    reservation = book(location, utc("12:00"))
    assert reservation["revision"] == "1"
    revision = reservation["revision"]
    for n in range(10):
        revision = full.update_reservation(
            {"reservation": {"id": reservation["id"], "revision": revision, "teamMessage": f"note {n}"}}
        )["reservation"]["revision"]
    assert revision == "11"


def test_timestamps_are_utc_z_whole_seconds_without_fraction(location, book, get_full):
    reservation = get_full(book(location, "2026-06-08T14:00:00+02:00")["id"])
    assert reservation["details"]["startDate"] == "2026-06-08T12:00:00Z"
    assert reservation["details"]["endDate"] == "2026-06-08T13:30:00Z"
    assert reservation["createdDate"] == "2026-06-08T08:00:00Z"
    for value in [
        reservation["createdDate"],
        reservation["updatedDate"],
        location.data["createdDate"],
        location.data["updatedDate"],
    ]:
        assert TIMESTAMP.match(value), value


def test_timestamps_with_a_fraction_are_given_in_milliseconds(clock, location, book, get_full):
    clock.advance(milliseconds=250)
    reservation = get_full(book(location, "2026-06-08T12:00:00.5Z")["id"])
    assert reservation["createdDate"] == "2026-06-08T08:00:00.250Z"
    assert reservation["details"]["startDate"] == "2026-06-08T12:00:00.500Z"
    assert reservation["details"]["endDate"] == "2026-06-08T13:30:00.500Z"


def test_input_precision_beyond_milliseconds_is_truncated(location, book, get_full):
    reservation = get_full(book(location, "2026-06-08T12:00:00.123999Z")["id"])
    assert reservation["details"]["startDate"] == "2026-06-08T12:00:00.123Z"


def test_zero_fraction_is_printed_as_whole_seconds(location, book, get_full):
    reservation = get_full(book(location, "2026-06-08T12:00:00.000Z")["id"])
    assert reservation["details"]["startDate"] == "2026-06-08T12:00:00Z"


def test_every_timestamp_in_a_full_reservation_has_the_output_format(clock, location, book, get_full, history):
    clock.advance(seconds=1, milliseconds=7)
    reservation = get_full(book(location, "2026-06-08T12:00:00.25+01:00")["id"])
    stamps = [
        reservation["createdDate"],
        reservation["updatedDate"],
        reservation["details"]["startDate"],
        reservation["details"]["endDate"],
        *(e["at"] for e in history(reservation["id"])),
    ]
    for value in stamps:
        assert TIMESTAMP.match(value), value
    assert reservation["createdDate"] == "2026-06-08T08:00:01.007Z"
    assert reservation["details"]["startDate"] == "2026-06-08T11:00:00.250Z"


def test_file_database_persists_across_reopen(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'book.db'}"
    first = open_api(url, clock=clock)
    try:
        created = first.as_scope("FULL").create_reservation_location(
            {"reservationLocation": {"location": {"name": "Kept", "timeZone": "UTC"}}}
        )["reservationLocation"]
    finally:
        first.close()
    second = open_api(url, clock=clock)
    try:
        again = second.as_scope("BASIC").get_reservation_location({"reservationLocationId": created["id"]})
        assert again["reservationLocation"]["location"]["name"] == "Kept"
    finally:
        second.close()


def test_default_clock_is_real_utc_now():
    instance = open_api("sqlite://")
    try:
        before = time.time()
        created = instance.as_scope("FULL").create_reservation_location(
            {"reservationLocation": {"location": {"name": "Now", "timeZone": "UTC"}}}
        )["reservationLocation"]
        after = time.time()
    finally:
        instance.close()
    stamp = datetime.fromisoformat(created["createdDate"].replace("Z", "+00:00")).timestamp()
    assert before - 1 <= stamp <= after + 1


@pytest.mark.slow
def test_unreachable_database_is_unavailable(clock):
    with pytest.raises(ApiError) as info:
        instance = open_api("postgresql+psycopg://nobody:nothing@127.0.0.1:1/none", clock=clock)
        try:
            instance.as_scope("FULL").list_reservation_locations({})
        finally:
            instance.close()
    assert info.value.code == "UNAVAILABLE"
    assert info.value.http_status == 503


@pytest.mark.slow
def test_two_terminals_booking_the_last_table_give_exactly_one_success(tmp_path, clock, location_body):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    setup = open_api(url, clock=clock)
    try:
        loc = setup.as_scope("FULL").create_reservation_location(location_body(tables=[("T1", 1, 2)]))[
            "reservationLocation"
        ]
    finally:
        setup.close()
    terminals = [open_api(url, clock=clock) for _ in range(4)]
    barrier = threading.Barrier(len(terminals))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(instance):
        request = {
            "reservation": {
                "details": {"reservationLocationId": loc["id"], "startDate": "2026-06-08T12:00:00Z", "partySize": 2},
                "reservee": {"firstName": "Race", "phone": "+442079460018"},
            }
        }
        try:
            barrier.wait(timeout=10)
            instance.as_scope("FULL").create_reservation(request)
            outcome = "OK"
        except ApiError as err:
            outcome = err.code
        except Exception as err:  # anything else escaping the API is a failure of the contract
            outcome = f"LEAK:{type(err).__name__}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(t,)) for t in terminals]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        for t in terminals:
            t.close()
    assert outcomes.count("OK") == 1, outcomes
    assert set(outcomes) <= {"OK", "TIME_NOT_AVAILABLE", "UNAVAILABLE"}, outcomes
