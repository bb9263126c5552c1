"""Every route of the online server: what it answers, and each error status it can give."""

from __future__ import annotations

import uuid

import pytest

from conftest import EVENING, GUEST, LOC, PHONE, RES, Site, error_code

UNKNOWN = str(uuid.uuid4())


# --- reservations: create, hold, reserve --------------------------------------------------------


def test_create_reservation_as_a_trusted_integration(site: Site) -> None:
    body = {"reservation": {"details": {"reservationLocationId": site.location["id"], "startDate": EVENING,
                                        "partySize": 3}, "reservee": GUEST, "source": "OFFLINE"}}
    response = site.call("POST", f"{RES}/reservations", "FULL", json=body)
    assert response.status_code == 200
    reservation = response.json()["reservation"]
    assert reservation["status"] == "RESERVED" and reservation["source"] == "OFFLINE"
    assert reservation["details"]["partySize"] == 3 and len(reservation["details"]["tableIds"]) == 1


def test_create_reservation_from_a_website_is_online_and_public(site: Site) -> None:
    body = {"reservation": {"details": {"reservationLocationId": site.location["id"], "startDate": EVENING,
                                        "partySize": 2}, "reservee": GUEST}}
    reservation = site.call("POST", f"{RES}/reservations", json=body).json()["reservation"]
    assert reservation["status"] == "RESERVED" and "reservee" not in reservation  # PUBLIC fieldset
    stored = site.host.get_reservation({"reservationId": reservation["id"], "fieldsets": ["FULL"]})["reservation"]
    assert stored["source"] == "ONLINE"
    history = site.host.get_reservation_history({"reservationId": reservation["id"]})["entries"]
    assert history[0]["actor"] == "apikey:basic-key"


@pytest.mark.parametrize(("scope", "body", "status", "code"), [
    ("FULL", {"reservation": {"details": {"partySize": 2}}}, 400, "INVALID_ARGUMENT"),
    ("BASIC", {"reservation": {"details": {"startDate": EVENING, "partySize": 2}, "status": "SEATED",
                               "reservee": GUEST}}, 403, "PERMISSION_DENIED"),
    ("FULL", {"reservation": {"details": {"reservationLocationId": UNKNOWN, "startDate": EVENING, "partySize": 2},
                              "reservee": GUEST}}, 404, "RESERVATION_LOCATION_NOT_FOUND"),
    ("BASIC", {"reservation": {"details": {"startDate": EVENING, "partySize": 7}, "reservee": GUEST}},
     409, "TIME_NOT_AVAILABLE"),
])
def test_create_reservation_refusals(site: Site, scope: str, body: dict, status: int, code: str) -> None:
    details = body["reservation"]["details"]
    details.setdefault("reservationLocationId", site.location["id"])
    before = site.everything()
    response = site.call("POST", f"{RES}/reservations", scope, json=body)
    assert (response.status_code, error_code(response)) == (status, code)
    assert site.everything() == before


def test_a_field_violation_names_the_field(site: Site) -> None:
    body = {"reservation": {"details": {"reservationLocationId": site.location["id"], "startDate": EVENING,
                                        "partySize": "two"}}}
    response = site.call("POST", f"{RES}/reservations", json=body)
    assert response.status_code == 400
    violations = response.json()["details"]["validationError"]["fieldViolations"]
    assert violations[0]["field"] == "details.partySize"


def test_time_not_available_carries_the_conflicts(site: Site) -> None:
    site.book(party=6)  # T3, the only table for six
    body = {"reservationDetails": {"reservationLocationId": site.location["id"], "startDate": EVENING, "partySize": 6}}
    response = site.call("POST", f"{RES}/reservations/hold", json=body)
    assert response.status_code == 409
    error = response.json()["details"]["applicationError"]
    assert error["code"] == "TIME_NOT_AVAILABLE"
    assert "RESERVED" in error["data"]["tableCombinationConflicts"]


def test_hold_then_reserve(site: Site) -> None:
    held = site.hold()
    assert held["status"] == "HELD" and held["revision"] == "1"
    response = site.call("POST", f"{RES}/reservations/{held['id']}/reserve",
                         json={"reservee": GUEST, "revision": "1"})
    assert response.status_code == 200
    assert response.json()["reservation"]["status"] == "RESERVED"
    assert response.json()["reservation"]["revision"] == "2"


def test_hold_refused_while_online_bookings_are_off(site_factory) -> None:
    site = site_factory(enabled=False)
    body = {"reservationDetails": {"reservationLocationId": site.location["id"], "startDate": EVENING, "partySize": 2}}
    response = site.call("POST", f"{RES}/reservations/hold", json=body)
    assert (response.status_code, error_code(response)) == (428, "ONLINE_RESERVATIONS_DISABLED")


def test_reserve_refusals(site: Site) -> None:
    held = site.hold()
    stale = site.call("POST", f"{RES}/reservations/{held['id']}/reserve", json={"reservee": GUEST, "revision": "7"})
    assert (stale.status_code, error_code(stale)) == (409, "REVISION_MISMATCH")
    site.clock.advance(minutes=11)
    expired = site.call("POST", f"{RES}/reservations/{held['id']}/reserve", json={"reservee": GUEST, "revision": "1"})
    assert (expired.status_code, error_code(expired)) == (428, "CAN_NOT_BE_UPDATED")
    unknown = site.call("POST", f"{RES}/reservations/{UNKNOWN}/reserve", json={"reservee": GUEST, "revision": "1"})
    assert (unknown.status_code, error_code(unknown)) == (404, "RESERVATION_NOT_FOUND")


def test_the_path_id_wins_over_the_body(site: Site) -> None:
    held = site.hold()
    response = site.call("POST", f"{RES}/reservations/{held['id']}/reserve",
                         json={"reservationId": UNKNOWN, "reservee": GUEST, "revision": "1"})
    assert response.status_code == 200 and response.json()["reservation"]["id"] == held["id"]


# --- get, update, cancel, delete ----------------------------------------------------------------


def test_get_reservation_public_by_default_and_full_on_request(site: Site) -> None:
    booked = site.book()
    public = site.call("GET", f"{RES}/reservations/{booked['id']}").json()["reservation"]
    assert public["id"] == booked["id"] and "reservee" not in public
    full = site.call("GET", f"{RES}/reservations/{booked['id']}", "MEDIUM", params={"fieldsets": "FULL"})
    assert full.json()["reservation"]["reservee"]["phone"] == PHONE
    sdk_spelling = site.call("GET", f"{RES}/reservations/{booked['id']}", "FULL", params={"fieldSet": "FULL"})
    assert "reservee" in sdk_spelling.json()["reservation"]


def test_get_reservation_refusals(site: Site) -> None:
    booked = site.book()
    denied = site.call("GET", f"{RES}/reservations/{booked['id']}", params={"fieldsets": "FULL"})
    assert (denied.status_code, error_code(denied)) == (403, "PERMISSION_DENIED")
    missing = site.call("GET", f"{RES}/reservations/{UNKNOWN}")
    assert (missing.status_code, error_code(missing)) == (404, "RESERVATION_NOT_FOUND")
    malformed = site.call("GET", f"{RES}/reservations/not-an-id")
    assert (malformed.status_code, error_code(malformed)) == (400, "INVALID_ARGUMENT")


def test_update_reservation(site: Site) -> None:
    booked = site.book()
    response = site.call("PATCH", f"{RES}/reservations/{booked['id']}", "MEDIUM",
                         json={"reservation": {"revision": booked["revision"], "details": {"partySize": 3},
                                               "teamMessage": "window seat"}})
    assert response.status_code == 200
    reservation = response.json()["reservation"]
    assert reservation["details"]["partySize"] == 3 and reservation["teamMessage"] == "window seat"


def test_update_reservation_refusals(site: Site) -> None:
    booked = site.book()
    patch = {"reservation": {"revision": booked["revision"], "details": {"partySize": 3}}}
    basic = site.call("PATCH", f"{RES}/reservations/{booked['id']}", json=patch)
    assert (basic.status_code, error_code(basic)) == (403, "PERMISSION_DENIED")
    stale = site.call("PATCH", f"{RES}/reservations/{booked['id']}", "FULL",
                      json={"reservation": {"revision": "1", "details": {"partySize": 3}}})
    assert (stale.status_code, error_code(stale)) == (409, "REVISION_MISMATCH")
    missing = site.call("PATCH", f"{RES}/reservations/{UNKNOWN}", "FULL", json=patch)
    assert (missing.status_code, error_code(missing)) == (404, "RESERVATION_NOT_FOUND")
    no_revision = site.call("PATCH", f"{RES}/reservations/{booked['id']}", "FULL", json={})
    assert (no_revision.status_code, error_code(no_revision)) == (400, "INVALID_ARGUMENT")
    held = site.hold()
    on_hold = site.call("PATCH", f"{RES}/reservations/{held['id']}", "FULL",
                        json={"reservation": {"revision": "1", "teamMessage": "x"}})
    assert (on_hold.status_code, error_code(on_hold)) == (428, "CAN_NOT_BE_UPDATED")


def test_update_accepts_the_sdk_spellings(site: Site) -> None:
    booked = site.book()
    table = site.location["configuration"]["tableManagement"]["tableDefinitions"][2]["id"]
    response = site.call("PATCH", f"{RES}/reservations/{booked['id']}", "FULL", json={
        "reservation": {"revision": booked["revision"], "details": {"tables": {"ids": [table]}}},
        "ignoreConflicts": {"standardOptions": {"ignoreTableCombinationConflicts": ["TOO_SMALL"]}}})
    assert response.status_code == 200, response.text
    assert response.json()["reservation"]["details"]["tableIds"] == [table]


def test_cancel_reservation(site: Site) -> None:
    booked = site.book()
    without_phone = site.call("POST", f"{RES}/reservations/{booked['id']}/cancel", json={"revision": "2"})
    assert (without_phone.status_code, error_code(without_phone)) == (400, "PHONE_NUMBER_REQUIRED")
    wrong_phone = site.call("POST", f"{RES}/reservations/{booked['id']}/cancel",
                            json={"revision": "2", "phone": "+442079460019"})
    assert (wrong_phone.status_code, error_code(wrong_phone)) == (400, "PHONE_NUMBER_INCORRECT")
    response = site.call("POST", f"{RES}/reservations/{booked['id']}/cancel", json={"revision": "2", "phone": PHONE})
    assert response.status_code == 200 and response.json()["reservation"]["status"] == "CANCELED"
    again = site.call("POST", f"{RES}/reservations/{booked['id']}/cancel", json={"revision": "3", "phone": PHONE})
    assert (again.status_code, error_code(again)) == (428, "CAN_NOT_BE_UPDATED")


def test_delete_a_hold_only(site: Site) -> None:
    held = site.hold()
    response = site.call("DELETE", f"{RES}/reservations/{held['id']}")
    assert (response.status_code, response.json()) == (200, {})
    gone = site.call("GET", f"{RES}/reservations/{held['id']}")
    assert gone.status_code == 404
    booked = site.book()
    refused = site.call("DELETE", f"{RES}/reservations/{booked['id']}")
    assert (refused.status_code, error_code(refused)) == (428, "CAN_NOT_BE_UPDATED")


# --- list and query -----------------------------------------------------------------------------


def test_list_reservations_with_query_parameters(site: Site) -> None:
    for hour in (18, 19, 20):
        site.book(f"2026-06-08T{hour}:00:00Z")
    response = site.call("GET", f"{RES}/reservations", "MEDIUM", params={
        "startDateFrom": "2026-06-08T18:30:00Z", "status": "RESERVED", "paging.limit": "1",
        "sort.fieldName": "details.startDate", "sort.order": "DESC"})
    assert response.status_code == 200
    page = response.json()
    assert [r["details"]["startDate"] for r in page["reservations"]] == ["2026-06-08T20:00:00Z"]
    assert page["pagingMetadata"]["hasNext"] is True
    cursor = page["pagingMetadata"]["cursors"]["next"]
    second = site.call("GET", f"{RES}/reservations", "MEDIUM", params={"paging.cursor": cursor}).json()
    assert [r["details"]["startDate"] for r in second["reservations"]] == ["2026-06-08T19:00:00Z"]


def test_list_reservations_refusals(site: Site) -> None:
    basic = site.call("GET", f"{RES}/reservations")
    assert (basic.status_code, error_code(basic)) == (403, "PERMISSION_DENIED")
    bad = site.call("GET", f"{RES}/reservations", "FULL", params={"paging.limit": "1000"})
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_ARGUMENT")
    not_a_number = site.call("GET", f"{RES}/reservations", "FULL", params={"paging.limit": "ten"})
    assert not_a_number.status_code == 400


def test_query_reservations(site: Site) -> None:
    first, second = site.book("2026-06-08T18:00:00Z"), site.book("2026-06-08T20:00:00Z")
    response = site.call("POST", f"{RES}/reservations/query", "FULL", json={"query": {
        "filter": {"details.startDate": {"$gte": "2026-06-08T19:00:00Z"}},
        "sort": [{"fieldName": "details.startDate"}], "cursorPaging": {"limit": 10}}})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["reservations"]] == [second["id"]]
    everything = site.call("POST", f"{RES}/reservations/query", "FULL", json={}).json()["reservations"]
    assert {r["id"] for r in everything} == {first["id"], second["id"]}


def test_query_reservations_refusals(site: Site) -> None:
    basic = site.call("POST", f"{RES}/reservations/query", json={})
    assert (basic.status_code, error_code(basic)) == (403, "PERMISSION_DENIED")
    bad = site.call("POST", f"{RES}/reservations/query", "FULL", json={"query": {"filter": {"reservee.phone": "1"}}})
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_ARGUMENT")


# --- availability -------------------------------------------------------------------------------


def test_time_slots(site: Site) -> None:
    response = site.call("POST", f"{RES}/time-slots", json={
        "reservationLocationId": site.location["id"], "date": "2026-06-08T11:30:00Z", "partySize": 2,
        "slotsBefore": 2, "slotsAfter": 2})
    assert response.status_code == 200
    slots = response.json()["timeSlots"]
    assert [s["status"] for s in slots] == ["NON_WORKING_HOURS"] * 2 + ["AVAILABLE"] * 3


def test_time_slots_refusals(site: Site) -> None:
    missing = site.call("POST", f"{RES}/time-slots", json={"reservationLocationId": UNKNOWN, "date": EVENING,
                                                           "partySize": 2})
    assert (missing.status_code, error_code(missing)) == (404, "RESERVATION_LOCATION_NOT_FOUND")
    naive = site.call("POST", f"{RES}/time-slots", json={"reservationLocationId": site.location["id"],
                                                         "date": "2026-06-08T19:00:00", "partySize": 2})
    assert (naive.status_code, error_code(naive)) == (400, "INVALID_ARGUMENT")


def test_check_time_slot(site: Site) -> None:
    site.book(party=2)
    body = {"reservationLocationId": site.location["id"], "date": EVENING, "duration": 90, "partySize": 2}
    response = site.call("POST", f"{RES}/check-time-slot", "MEDIUM", json=body)
    assert response.status_code == 200
    conflicts = [a["tableCombinationConflicts"] for a in response.json()["tableCombinationAvailabilities"]]
    assert conflicts == [["RESERVED"], [], ["TOO_SMALL"]]
    basic = site.call("POST", f"{RES}/check-time-slot", json=body)
    assert (basic.status_code, error_code(basic)) == (403, "PERMISSION_DENIED")


# --- reservation locations ----------------------------------------------------------------------


def test_get_and_list_locations(site: Site) -> None:
    one = site.call("GET", f"{LOC}/reservation-locations/{site.location['id']}")
    assert one.status_code == 200 and one.json()["reservationLocation"]["id"] == site.location["id"]
    listed = site.call("GET", f"{LOC}/reservation-locations", params={"paging.limit": "1"})
    assert [loc["id"] for loc in listed.json()["reservationLocations"]] == [site.location["id"]]
    missing = site.call("GET", f"{LOC}/reservation-locations/{UNKNOWN}")
    assert (missing.status_code, error_code(missing)) == (404, "RESERVATION_LOCATION_NOT_FOUND")


def test_update_location(site: Site) -> None:
    path = f"{LOC}/reservation-locations/{site.location['id']}"
    change = {"reservationLocation": {"revision": site.location["revision"],
                                      "configuration": {"onlineReservations": {"timeSlotInterval": 30}}}}
    basic = site.call("PATCH", path, json=change)
    assert (basic.status_code, error_code(basic)) == (403, "PERMISSION_DENIED")
    response = site.call("PATCH", path, "FULL", json=change)
    assert response.status_code == 200
    assert response.json()["reservationLocation"]["configuration"]["onlineReservations"]["timeSlotInterval"] == 30
    slots = site.call("POST", f"{RES}/time-slots", json={"reservationLocationId": site.location["id"],
                                                         "date": EVENING, "partySize": 2, "slotsAfter": 1})
    assert [s["startDate"] for s in slots.json()["timeSlots"]] == [EVENING, "2026-06-08T19:30:00Z"]  # not cached
    stale = site.call("PATCH", path, "FULL", json=change)
    assert (stale.status_code, error_code(stale)) == (409, "REVISION_MISMATCH")
    violation = site.call("PATCH", path, "FULL", json={"reservationLocation": {
        "revision": "2", "configuration": {"onlineReservations": {"partySize": {"min": 5, "max": 2}}}}})
    assert (violation.status_code, error_code(violation)) == (400, "RESERVATION_LOCATION_VIOLATION")
    assert violation.json()["details"]["applicationError"]["data"]["violations"][0]["type"] == \
        "PARTY_SIZE_MIN_GREATER_THAN_MAX"


# --- the SDK's paths ----------------------------------------------------------------------------


def test_every_route_answers_under_the_sdk_prefix(site: Site) -> None:
    response = site.call("GET", f"/_api{LOC}/reservation-locations/{site.location['id']}")
    assert response.status_code == 200
    held = site.call("POST", f"/_api{RES}/reservations/hold", json={"reservationDetails": {
        "reservationLocationId": site.location["id"], "startDate": EVENING, "partySize": 2}})
    assert held.status_code == 200


def test_a_packed_query_parameter(site: Site) -> None:
    import base64
    import json

    site.book()
    packed = base64.urlsafe_b64encode(json.dumps({"status": "RESERVED"}).encode()).decode().rstrip("=")
    response = site.call("GET", f"{RES}/reservations", "FULL", params={".r": packed})
    assert response.status_code == 200 and len(response.json()["reservations"]) == 1
    broken = site.call("GET", f"{RES}/reservations", "FULL", params={".r": "%%%"})
    assert broken.status_code == 400


def test_the_openapi_document_describes_every_route(site: Site) -> None:
    from maitred.server.routes import ROUTES

    document = site.call("GET", "/openapi.json", None).json()
    for spec in ROUTES:
        operation = document["paths"][spec.full_path][spec.method.lower()]
        assert operation["operationId"] == spec.operation
        assert {"200", "400", "401", "403", "404", "413", "429"} <= set(operation["responses"])
        assert ("requestBody" in operation) == spec.body
    assert len(ROUTES) == 14
