"""SPEC §3, §7, §8: scope checks, bad input with field paths, error precedence, nothing written."""

from __future__ import annotations

import uuid

import pytest

from maitred.api import ApiError

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


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def new_id() -> str:
    return str(uuid.uuid4())


# ---------------------------------------------------------------- scopes


BASIC_FORBIDDEN = [
    ("getReservation", lambda: {"reservationId": new_id(), "fieldsets": ["FULL"]}),
    ("getReservationHistory", lambda: {"reservationId": new_id()}),
    ("listReservations", lambda: {}),
    ("queryReservations", lambda: {"query": {}}),
    ("updateReservation", lambda: {"reservation": {"id": new_id(), "revision": "1", "teamMessage": "x"}}),
    (
        "checkTimeSlot",
        lambda: {"reservationLocationId": new_id(), "date": "2026-06-08T12:00:00Z", "duration": 90, "partySize": 2},
    ),
    ("createReservationLocation", lambda: {"reservationLocation": {"location": {"name": "X", "timeZone": "UTC"}}}),
    ("updateReservationLocation", lambda: {"reservationLocation": {"id": new_id(), "revision": "1"}}),
]


@pytest.mark.parametrize("operation, build", BASIC_FORBIDDEN, ids=[o for o, _ in BASIC_FORBIDDEN])
def test_basic_scope_is_denied_staff_operations(basic, api_error, snapshot, operation, build):
    before = snapshot()
    api_error("PERMISSION_DENIED", basic.call, operation, build())
    assert snapshot() == before


@pytest.mark.parametrize("operation, build", BASIC_FORBIDDEN[-2:], ids=["create", "update"])
def test_medium_scope_is_denied_location_changes(medium, api_error, operation, build):
    api_error("PERMISSION_DENIED", medium.call, operation, build())


@pytest.mark.parametrize("scope_name", ["BASIC", "MEDIUM", "FULL"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_non_dict_request_is_invalid_argument_for_every_operation(scopes, api_error, scope_name, operation):
    api_error("INVALID_ARGUMENT", scopes[scope_name].call, operation, ["not", "a", "dict"])


# ---------------------------------------------------------------- field paths


@pytest.fixture
def world(location, book):
    reservation = book(location, utc("12:00"))
    return {"loc": location, "res": reservation}


def _tables_with(loc, index, key, value):
    tables = [dict(t) for t in loc.tables]
    tables[index][key] = value
    return tables


PATH_CASES = [
    (
        "createReservation",
        lambda w: {
            "reservation": {
                "details": {"reservationLocationId": w["loc"].id, "startDate": utc("12:00"), "partySize": 0},
                "reservee": {"firstName": "Ada", "phone": "+442079460018"},
            }
        },
        "details.partySize",
    ),
    (
        "createReservation",
        lambda w: {
            "reservation": {
                "details": {"reservationLocationId": w["loc"].id, "startDate": utc("12:00"), "partySize": 2},
                "reservee": {"firstName": "Ada", "phone": "not a phone"},
            }
        },
        "reservee.phone",
    ),
    (
        "createReservation",
        lambda w: {
            "reservation": {
                "details": {"reservationLocationId": w["loc"].id, "startDate": "2026-06-08T12:00", "partySize": 2},
                "reservee": {"firstName": "Ada", "phone": "+442079460018"},
            }
        },
        "details.startDate",
    ),
    (
        "createHeldReservation",
        lambda w: {
            "reservationDetails": {"reservationLocationId": w["loc"].id, "startDate": utc("12:00"), "partySize": 0}
        },
        "reservationDetails.partySize",
    ),
    (
        "createHeldReservation",
        lambda w: {"reservationDetails": {"reservationLocationId": "loc-1", "startDate": utc("12:00"), "partySize": 2}},
        "reservationDetails.reservationLocationId",
    ),
    (
        "getTimeSlots",
        lambda w: {"reservationLocationId": w["loc"].id, "date": utc("12:00"), "partySize": 0},
        "partySize",
    ),
    (
        "checkTimeSlot",
        lambda w: {"reservationLocationId": w["loc"].id, "date": utc("12:00"), "partySize": 2, "duration": 2000},
        "duration",
    ),
    (
        "updateReservation",
        lambda w: {"reservation": {"id": w["res"]["id"], "revision": "1", "details": {"partySize": 1001}}},
        "details.partySize",
    ),
    (
        "updateReservation",
        lambda w: {"reservation": {"id": w["res"]["id"], "revision": "1", "reservee": {"email": "nope"}}},
        "reservee.email",
    ),
    (
        "createReservationLocation",
        lambda w: {
            "reservationLocation": {
                "location": {"name": "X", "timeZone": "UTC"},
                "configuration": {
                    "tableManagement": {
                        "mode": "ON",
                        "tableDefinitions": [{"name": "T1", "seatsMin": "two", "seatsMax": 2, "isActive": True}],
                    }
                },
            }
        },
        "configuration.tableManagement.tableDefinitions[0].seatsMin",
    ),
    (
        "updateReservationLocation",
        lambda w: {
            "reservationLocation": {
                "id": w["loc"].id,
                "revision": w["loc"].revision,
                "configuration": {"tableManagement": {"tableDefinitions": _tables_with(w["loc"], 1, "seatsMax", 2.5)}},
            }
        },
        "configuration.tableManagement.tableDefinitions[1].seatsMax",
    ),
    (
        "updateReservationLocation",
        lambda w: {
            "reservationLocation": {
                "id": w["loc"].id,
                "revision": w["loc"].revision,
                "configuration": {
                    "onlineReservations": {
                        "businessSchedule": {
                            "specialHourPeriod": [
                                {
                                    "startDate": "2026-06-09T00:00:00",
                                    "endDate": "2026-06-10T00:00:00Z",
                                    "isClosed": True,
                                }
                            ]
                        }
                    }
                },
            }
        },
        "configuration.onlineReservations.businessSchedule.specialHourPeriod[0].startDate",
    ),
    ("cancelReservation", lambda w: {"reservationId": "res-1", "revision": "1"}, "reservationId"),
    ("deleteReservation", lambda w: {"reservationId": "res-1"}, "reservationId"),
    (
        "reserveReservation",
        lambda w: {
            "reservationId": "res-1",
            "revision": "1",
            "reservee": {"firstName": "Ada", "phone": "+442079460018"},
        },
        "reservationId",
    ),
    (
        "reserveReservation",
        lambda w: {
            "reservationId": w["res"]["id"],
            "revision": "1",
            "reservee": {"firstName": "Ada", "phone": "+442079460018", "email": "x@"},
        },
        "reservee.email",
    ),
    ("getReservationLocation", lambda w: {"reservationLocationId": "trattoria"}, "reservationLocationId"),
    ("listReservations", lambda w: {"startDateFrom": "2026-06-08T12:00:00"}, "startDateFrom"),
    ("listReservations", lambda w: {"status": "LATE"}, "status"),
]


@pytest.mark.parametrize("operation, build, field", PATH_CASES, ids=[f"{op}-{field}" for op, _, field in PATH_CASES])
def test_invalid_argument_names_the_dotted_field(full, world, api_error, snapshot, operation, build, field):
    request = build(world)
    before = snapshot()
    err = api_error("INVALID_ARGUMENT", full.call, operation, request, field=field)
    violation = err.details["fieldViolations"][0]
    assert isinstance(violation["description"], str)
    assert violation["description"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "stamp",
    ["2026-06-08T12:00:00", "2026-06-08 12:00", "2026-06-08", "12:00", "08/06/2026 12:00", "", 1780920000],
)
def test_naive_or_malformed_datetimes_are_invalid_argument(full, location, reservation_body, api_error, stamp):
    api_error(
        "INVALID_ARGUMENT", full.create_reservation, reservation_body(location.id, stamp), field="details.startDate"
    )


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-06-08T12:00:00Z",
        "2026-06-08T12:00:00+00:00",
        "2026-06-08T14:00:00+02:00",
        "2026-06-08T07:00:00-05:00",
        "2026-06-08T12:00:00.000+00:00",
    ],
)
def test_datetimes_with_any_offset_are_accepted(location, book, get_full, stamp):
    assert get_full(book(location, stamp)["id"])["details"]["startDate"] == "2026-06-08T12:00:00Z"


@pytest.mark.parametrize("bad", ["123", "not-a-uuid", "", "3f1c7a52-3c5e-4b7f-9a51", 42, None, ["x"]])
@pytest.mark.parametrize("operation", ["getReservation", "getReservationHistory", "deleteReservation"])
def test_malformed_reservation_ids_are_invalid_argument(full, api_error, operation, bad):
    api_error("INVALID_ARGUMENT", full.call, operation, {"reservationId": bad}, field="reservationId")


# ---------------------------------------------------------------- precedence


def test_invalid_argument_before_permission_denied(basic, medium, location, reservation_body, api_error):
    api_error(
        "INVALID_ARGUMENT",
        basic.update_reservation,
        {"reservation": {"id": "bad-id", "revision": "1", "teamMessage": "x"}},
    )
    api_error("INVALID_ARGUMENT", basic.get_reservation_history, {"reservationId": "bad-id"})
    request = reservation_body(location.id, utc("12:00"), 0)
    request["reservation"]["status"] = "SEATED"
    api_error("INVALID_ARGUMENT", medium.create_reservation, request, field="details.partySize")
    api_error(
        "INVALID_ARGUMENT", medium.create_reservation_location, {"reservationLocation": {"location": {"name": "X"}}}
    )


@pytest.mark.parametrize("online, field", [
    ({"timeSlotInterval": 25}, "configuration.onlineReservations.timeSlotInterval"),
    ({"defaultTurnoverTime": 2}, "configuration.onlineReservations.defaultTurnoverTime"),
    ({"turnoverTimeRules": [{"seatsMin": 1, "seatsMax": 2, "minutes": 4000}]},
     "configuration.onlineReservations.turnoverTimeRules[0].minutes"),
], ids=["interval", "turnover", "rule-minutes"])
def test_a_setting_out_of_range_is_invalid_argument_before_scope_and_look_up(
        basic, medium, full, location, location_body, api_error, snapshot, online, field):
    before = snapshot()
    for scope in (basic, medium, full):
        api_error("INVALID_ARGUMENT", scope.create_reservation_location, location_body(online=online), field=field)
    patch = {"configuration": {"onlineReservations": online}}
    for scope, location_id in ((basic, location.id), (medium, location.id), (full, new_id())):
        api_error("INVALID_ARGUMENT", scope.update_reservation_location,
                  {"reservationLocation": {"id": location_id, "revision": "1", **patch}}, field=field)
    bad_zone = location_body()
    bad_zone["reservationLocation"]["location"]["timeZone"] = "Mars/Olympus"
    api_error("INVALID_ARGUMENT", medium.create_reservation_location, bad_zone, field="location.timeZone")
    assert snapshot() == before


def test_a_patch_needing_a_stored_value_is_judged_with_it(location, patch_location, api_error):
    paying = patch_location(location, {"configuration": {"paymentPolicy": {"enabled": False, "minPartySize": 6}}})
    enabled = patch_location(paying, {"configuration": {"paymentPolicy": {"enabled": True}}})  # 6 is stored
    assert enabled.config["paymentPolicy"] == {"enabled": True, "minPartySize": 6}
    api_error("INVALID_ARGUMENT", patch_location, enabled,
              {"configuration": {"paymentPolicy": {"enabled": True, "minPartySize": None}}},
              field="configuration.paymentPolicy.minPartySize")
    pacing = {"partyPacing": {"enabled": False, "number": 3}}
    paced = patch_location(enabled, {"configuration": {"onlineReservations": pacing}})
    paced = patch_location(paced, {"configuration": {"onlineReservations": {"partyPacing": {"enabled": True}}}})
    assert paced.config["onlineReservations"]["partyPacing"] == {"enabled": True, "number": 3}


def test_permission_denied_before_not_found(basic, medium, reservation_body, api_error):
    api_error(
        "PERMISSION_DENIED",
        basic.update_reservation,
        {"reservation": {"id": new_id(), "revision": "1", "teamMessage": "x"}},
    )
    api_error("PERMISSION_DENIED", basic.get_reservation, {"reservationId": new_id(), "fieldsets": ["FULL"]})
    request = reservation_body(new_id(), utc("12:00"))
    request["reservation"]["details"]["tableIds"] = [new_id()]
    api_error("PERMISSION_DENIED", medium.create_reservation, request)
    api_error(
        "PERMISSION_DENIED",
        medium.update_reservation_location,
        {"reservationLocation": {"id": new_id(), "revision": "1", "location": {"name": "X"}}},
    )


def test_permission_denied_before_a_stored_object_check(medium, location, reservation_body, api_error):
    request = reservation_body(location.id, utc("12:00"))
    request["reservation"]["details"]["tableIds"] = [new_id()]
    api_error("PERMISSION_DENIED", medium.create_reservation, request)


def test_pure_invalid_argument_before_not_found(full, reservation_body, api_error):
    api_error(
        "INVALID_ARGUMENT",
        full.create_reservation,
        reservation_body(new_id(), utc("12:00"), 0),
        field="details.partySize",
    )


@pytest.mark.parametrize(
    "reservee, details",
    [
        ({"firstName": "Ada", "phone": "020 7946 0018"}, {}),
        ({"firstName": "Ada", "phone": "+442079460018", "customFields": {new_id(): "x"}}, {}),
        ({"firstName": "Ada", "phone": "+442079460018"}, {"tableIds": [new_id()]}),
    ],
    ids=["national-phone", "custom-field", "table-id"],
)
def test_stored_object_checks_come_after_not_found(full, reservation_body, api_error, reservee, details):
    request = reservation_body(new_id(), utc("12:00"), reservee=reservee, details=details)
    api_error("RESERVATION_LOCATION_NOT_FOUND", full.create_reservation, request)


def test_not_found_before_revision_mismatch(full, api_error):
    api_error(
        "RESERVATION_NOT_FOUND",
        full.update_reservation,
        {"reservation": {"id": new_id(), "revision": "99", "teamMessage": "x"}},
    )
    api_error("RESERVATION_NOT_FOUND", full.cancel_reservation, {"reservationId": new_id(), "revision": "99"})
    api_error(
        "RESERVATION_LOCATION_NOT_FOUND",
        full.update_reservation_location,
        {"reservationLocation": {"id": new_id(), "revision": "99", "location": {"name": "X"}}},
    )


def test_invalid_argument_before_revision_mismatch(full, location, book, api_error):
    reservation = book(location, utc("12:00"))
    api_error(
        "INVALID_ARGUMENT",
        full.update_reservation,
        {"reservation": {"id": reservation["id"], "revision": "99", "details": {"partySize": 0}}},
    )


def test_permission_denied_before_revision_mismatch(medium, location, book, api_error):
    reservation = book(location, utc("12:00"))
    api_error(
        "PERMISSION_DENIED",
        medium.update_reservation,
        {"reservation": {"id": reservation["id"], "revision": "99", "status": "SEATED"}},
    )


def test_revision_mismatch_before_can_not_be_updated(full, location, book, hold, api_error):
    held = hold(location, utc("12:00"))
    api_error(
        "REVISION_MISMATCH",
        full.update_reservation,
        {"reservation": {"id": held["id"], "revision": "2", "teamMessage": "x"}},
    )
    finished = book(location, utc("12:00"), status="FINISHED")
    api_error(
        "REVISION_MISMATCH",
        full.update_reservation,
        {"reservation": {"id": finished["id"], "revision": "2", "status": "CANCELED"}},
    )
    seated = book(location, utc("12:00"), status="SEATED")
    api_error("REVISION_MISMATCH", full.cancel_reservation, {"reservationId": seated["id"], "revision": "3"})


def test_revision_mismatch_before_location_violation(location, patch_location, api_error):
    dup = [*location.tables, {"name": "T1", "seatsMin": 1, "seatsMax": 2, "isActive": True}]
    api_error(
        "REVISION_MISMATCH",
        patch_location,
        location,
        {"configuration": {"tableManagement": {"tableDefinitions": dup}}},
        revision="99",
    )


def test_invalid_argument_before_location_violation(location, patch_location, api_error):
    dup = [*location.tables, {"name": "T1", "seatsMin": 1, "seatsMax": 2, "isActive": True}]
    api_error(
        "INVALID_ARGUMENT",
        patch_location,
        location,
        {
            "configuration": {
                "tableManagement": {"tableDefinitions": dup},
                "onlineReservations": {"timeSlotInterval": 45},
            }
        },
    )


def test_can_not_be_updated_before_time_not_available(full, make_location, book, api_error):
    loc = make_location(tables=[("T1", 1, 2)], combinations=())
    cancelled = book(loc, utc("12:00"), status="CANCELED", details={"tableIds": [loc.table_id("T1")]})
    book(loc, utc("12:00"))
    api_error(
        "CAN_NOT_BE_UPDATED",
        full.update_reservation,
        {"reservation": {"id": cancelled["id"], "revision": "1", "status": "SEATED"}},
    )


def test_online_reservations_disabled_before_time_not_available(basic, make_location, book, api_error):
    loc = make_location(enabled=False)
    api_error("ONLINE_RESERVATIONS_DISABLED", book, loc, utc("23:30"), 50, scope=basic)


def test_permission_denied_before_online_reservations_disabled(basic, make_location, book, api_error):
    loc = make_location(enabled=False)
    api_error("PERMISSION_DENIED", book, loc, utc("12:00"), scope=basic, source="OFFLINE")


def test_not_found_before_online_reservations_disabled(basic, book, api_error):
    api_error("RESERVATION_LOCATION_NOT_FOUND", book, new_id(), utc("12:00"), scope=basic)


def test_can_not_be_updated_before_phone_checks(basic, location, book, api_error):
    seated = book(location, utc("12:00"), status="SEATED")
    api_error("CAN_NOT_BE_UPDATED", basic.cancel_reservation, {"reservationId": seated["id"], "revision": "1"})


def test_revision_mismatch_before_phone_checks(basic, location, book, api_error):
    reserved = book(location, utc("12:00"))
    api_error(
        "REVISION_MISMATCH",
        basic.cancel_reservation,
        {"reservationId": reserved["id"], "revision": "2", "phone": "+14155550123"},
    )


# ---------------------------------------------------------------- nothing written after an error


def test_a_failed_create_leaves_no_trace(full, location, book, reservation_body, api_error, snapshot):
    book(location, utc("12:00"))
    before = snapshot()
    bad_requests = [
        reservation_body(location.id, utc("12:00"), 2, status="HELD"),
        reservation_body(location.id, utc("12:00"), 9),
        reservation_body(location.id, utc("12:00"), 2, reservee={"firstName": "Ada"}),
        reservation_body(location.id, utc("12:00"), 2, details={"tableIds": [location.table_id("T1")]}),
        reservation_body(new_id(), utc("12:00")),
    ]
    for request in bad_requests:
        with pytest.raises(ApiError):
            full.create_reservation(request)
    assert snapshot() == before


def test_a_failed_update_leaves_no_trace(full, location, book, api_error, snapshot):
    first = book(location, utc("12:00"))
    second = book(location, utc("14:00"), 4)
    before = snapshot()
    api_error(
        "TIME_NOT_AVAILABLE",
        full.update_reservation,
        {
            "reservation": {
                "id": second["id"],
                "revision": "1",
                "details": {"partySize": 9},
                "teamMessage": "also changed",
            }
        },
    )
    api_error(
        "CAN_NOT_BE_UPDATED",
        full.update_reservation,
        {"reservation": {"id": first["id"], "revision": "1", "status": "FINISHED", "teamMessage": "x"}},
    )
    api_error(
        "REVISION_MISMATCH",
        full.update_reservation,
        {"reservation": {"id": first["id"], "revision": "2", "teamMessage": "x"}},
    )
    assert snapshot() == before


def test_a_failed_location_update_leaves_no_trace(full, location, patch_location, api_error, snapshot):
    before = snapshot()
    dup = [*location.tables, {"name": "T1", "seatsMin": 1, "seatsMax": 2, "isActive": True}]
    api_error(
        "RESERVATION_LOCATION_VIOLATION",
        patch_location,
        location,
        {"location": {"name": "Renamed"}, "configuration": {"tableManagement": {"tableDefinitions": dup}}},
    )
    assert snapshot() == before
