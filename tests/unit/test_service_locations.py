"""Creating and changing a restaurant's settings through the location service (SPEC §2)."""

from __future__ import annotations

import pytest
from unit_support import Loc, error_of, iso, location_request, reservation_request

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def patch(scope, loc, body, revision=None):
    request = {"reservationLocation": {"id": loc.id, "revision": revision or loc.revision, **body}}
    return Loc(scope.update_reservation_location(request)["reservationLocation"])


def tables_patch(definitions, combinations=None):
    tm = {"tableDefinitions": definitions}
    if combinations is not None:
        tm["tableCombinations"] = combinations
    return {"configuration": {"tableManagement": tm}}


def test_the_first_location_is_the_default_and_ids_are_given_by_the_server(full):
    first = Loc(full.create_reservation_location(location_request())["reservationLocation"])
    second = Loc(full.create_reservation_location(location_request())["reservationLocation"])
    assert (first.data["default"], second.data["default"], first.revision) == (True, False, "1")
    assert len({t["id"] for t in first.tables + second.tables}) == 12
    listed = full.list_reservation_locations({})["reservationLocations"]
    assert [loc["id"] for loc in listed] == [first.id, second.id]
    assert full.get_reservation_location({"reservationLocationId": first.id})["reservationLocation"] == first.data


@pytest.mark.parametrize("scope", ["BASIC", "MEDIUM"])
def test_only_the_full_scope_changes_settings(api, location, scope):
    caller = api.as_scope(scope)
    assert error_of(caller.create_reservation_location, location_request()).code == "PERMISSION_DENIED"
    assert error_of(patch, caller, location, {"location": {"name": "Other"}}).code == "PERMISSION_DENIED"
    assert caller.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]["id"] \
        == location.id


def test_combinations_are_added_by_an_update_once_the_tables_have_ids(full):
    request = location_request()
    request["reservationLocation"]["configuration"]["tableManagement"]["tableCombinations"] = [
        {"tableIds": [UNKNOWN_ID, UNKNOWN_ID], "seatsMin": 1, "seatsMax": 4}]
    error = error_of(full.create_reservation_location, request)
    assert error.details["fieldViolations"][0]["field"] == "configuration.tableManagement.tableCombinations"


def test_out_of_range_settings_are_invalid_and_broken_rules_are_violations(full, location):
    error = error_of(full.create_reservation_location, location_request(time_zone="Mars/Olympus"))
    assert (error.code, error.details["fieldViolations"][0]["field"]) == ("INVALID_ARGUMENT", "location.timeZone")
    error = error_of(full.create_reservation_location, location_request(tables=[("T1", 1, 2), ("T1", 1, 2)]))
    assert (error.code, error.details["violations"][0]["type"]) == (
        "RESERVATION_LOCATION_VIOLATION", "TABLE_DEFINITION_NAMES_DUPLICATION")
    error = error_of(patch, full, location, {"configuration": {"onlineReservations": {"timeSlotInterval": 25}}})
    assert error.code == "INVALID_ARGUMENT"
    error = error_of(patch, full, location, {"configuration": {"onlineReservations": {"partySize": {"min": 9}}}})
    assert error.details["violations"][0]["type"] == "PARTY_SIZE_MIN_GREATER_THAN_MAX"


def test_a_patch_changes_only_what_it_names_and_adds_one_to_the_revision(full, location):
    updated = patch(full, location, {"location": {"name": "Osteria"}})
    assert (updated.data["location"]["name"], updated.revision) == ("Osteria", str(int(location.revision) + 1))
    assert updated.tables == location.tables
    assert updated.data["configuration"]["onlineReservations"] == location.data["configuration"]["onlineReservations"]


def test_a_patch_that_changes_nothing_keeps_the_revision(full, location):
    assert patch(full, location, {"location": {"name": "Trattoria"}}).data == location.data


def test_a_patch_needs_the_current_revision_and_a_known_location(full, location):
    assert error_of(patch, full, location, {"location": {"name": "X"}}, revision="1").code == "REVISION_MISMATCH"
    gone = Loc({"id": UNKNOWN_ID, "revision": "1"})
    assert error_of(patch, full, gone, {"location": {"name": "X"}}).code == "RESERVATION_LOCATION_NOT_FOUND"
    assert error_of(full.get_reservation_location, {"reservationLocationId": UNKNOWN_ID}).code == \
        "RESERVATION_LOCATION_NOT_FOUND"


def test_an_item_with_an_id_the_location_never_had_is_invalid(full, location):
    tables = [*location.tables, {"id": UNKNOWN_ID, "name": "T99", "seatsMin": 1, "seatsMax": 2}]
    error = error_of(patch, full, location, tables_patch(tables))
    assert error.details["fieldViolations"][0]["field"] == "configuration.tableManagement.tableDefinitions[6].id"


def test_a_removed_table_is_kept_as_deleted_drops_its_combinations_and_can_be_restored(full, location, get_full):
    booked = full.create_reservation(reservation_request(location.id, iso("12:00"), tables=location.ids("T3")))
    without_t3 = [t for t in location.tables if t["name"] != "T3"]
    removed = patch(full, location, tables_patch(without_t3))
    tm = removed.data["configuration"]["tableManagement"]
    assert [t["name"] for t in tm["deletedTableDefinitions"]] == ["T3"]
    assert tm.get("tableCombinations", []) == []
    assert get_full(booked["reservation"]["id"])["details"]["tableIds"] == location.ids("T3")
    restored = patch(full, removed, tables_patch(location.tables))
    assert restored.ids("T3") == location.ids("T3")
    assert restored.data["configuration"]["tableManagement"].get("deletedTableDefinitions", []) == []


def test_locations_are_listed_in_creation_order_a_page_at_a_time(full):
    created = [full.create_reservation_location(location_request())["reservationLocation"]["id"] for _ in range(3)]
    first = full.list_reservation_locations({"paging": {"limit": 2}})
    second = full.list_reservation_locations({"paging": {"limit": 2,
                                                         "cursor": first["pagingMetadata"]["cursors"]["next"]}})
    assert [loc["id"] for loc in first["reservationLocations"] + second["reservationLocations"]] == created
    assert (first["pagingMetadata"]["hasNext"], second["pagingMetadata"]["hasNext"]) == (True, False)
