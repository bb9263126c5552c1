"""SPEC §2 (reservation location) and §1: create / get / list / update of reservation locations."""

from __future__ import annotations

import copy
import uuid

import pytest


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def enabled(value) -> bool:
    return bool(value and value.get("enabled"))


def online_of(loc_dict: dict) -> dict:
    return loc_dict["configuration"]["onlineReservations"]


# ---------------------------------------------------------------- create


def test_create_returns_server_managed_fields(full, location_body):
    created = full.create_reservation_location(location_body())["reservationLocation"]
    assert uuid.UUID(created["id"]).version == 4
    assert created["revision"] == "1"
    assert created["createdDate"] == "2026-06-08T08:00:00Z"
    assert created["updatedDate"] == "2026-06-08T08:00:00Z"
    assert created["default"] is True
    assert created["archived"] is False
    assert created["location"]["name"] == "Trattoria"
    assert created["location"]["timeZone"] == "UTC"
    assert created["location"]["countryCode"] == "GB"


def test_first_location_is_default_and_later_ones_are_not(full, location_body):
    first = full.create_reservation_location(location_body(name="A"))["reservationLocation"]
    second = full.create_reservation_location(location_body(name="B"))["reservationLocation"]
    assert first["default"] is True
    assert second["default"] is False
    assert (
        full.get_reservation_location({"reservationLocationId": first["id"]})["reservationLocation"]["default"] is True
    )


def test_table_ids_are_assigned_by_the_server_on_create(full, location_body):
    created = full.create_reservation_location(location_body())["reservationLocation"]
    tables = created["configuration"]["tableManagement"]["tableDefinitions"]
    assert [t["name"] for t in tables] == ["T1", "T2", "T10", "T3", "T4", "T5"]
    ids = [t["id"] for t in tables]
    assert len(set(ids)) == len(ids)
    for tid in ids:
        assert uuid.UUID(tid).version == 4
    assert created["configuration"]["tableManagement"].get("deletedTableDefinitions") in (None, [])


def test_custom_field_definitions_get_server_ids(make_location):
    loc = make_location(reservation_form={"customFieldDefinitions": [{"name": "Allergies", "required": False}]})
    (definition,) = loc.config["reservationForm"]["customFieldDefinitions"]
    assert definition["name"] == "Allergies"
    assert uuid.UUID(definition["id"]).version == 4


def test_defaults_for_omitted_configuration(full):
    created = full.create_reservation_location(
        {"reservationLocation": {"location": {"name": "Bare", "timeZone": "Europe/London"}}}
    )["reservationLocation"]
    online = online_of(created)
    assert online["onlineReservationsEnabled"] is False
    assert online["partySize"] == {"min": 1, "max": 8}
    assert online["defaultTurnoverTime"] == 90
    assert online["timeSlotInterval"] == 15
    assert online["approval"]["mode"] == "AUTOMATIC"
    assert online["manualApproval"]["enabled"] is False
    assert not enabled(online.get("partyPacing"))
    assert not enabled(online.get("seatPacing"))
    assert not enabled(created["configuration"].get("paymentPolicy"))
    assert not (online.get("businessSchedule") or {}).get("periods")
    management = created["configuration"]["tableManagement"]
    assert management["mode"] == "ON"
    assert not management.get("tableDefinitions")


def test_location_without_periods_is_always_closed(full):
    created = full.create_reservation_location(
        {"reservationLocation": {"location": {"name": "Bare", "timeZone": "UTC"}}}
    )["reservationLocation"]
    slots = full.get_time_slots(
        {
            "reservationLocationId": created["id"],
            "date": utc("12:00"),
            "partySize": 2,
            "slotsBefore": 50,
            "slotsAfter": 50,
        }
    )["timeSlots"]
    assert len(slots) == 101
    assert {s["status"] for s in slots} == {"NON_WORKING_HOURS"}


def test_time_zone_is_required(full, location_body, api_error):
    body = location_body()
    del body["reservationLocation"]["location"]["timeZone"]
    api_error("INVALID_ARGUMENT", full.create_reservation_location, body, field="location.timeZone")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Europe/Londn", "", "+02:00"])
def test_time_zone_must_be_an_iana_zone(full, location_body, api_error, zone):
    api_error(
        "INVALID_ARGUMENT", full.create_reservation_location, location_body(time_zone=zone), field="location.timeZone"
    )


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"])
def test_any_iana_zone_is_accepted(full, location_body, zone):
    created = full.create_reservation_location(location_body(time_zone=zone))["reservationLocation"]
    assert created["location"]["timeZone"] == zone


@pytest.mark.parametrize("code", ["GBR", "G", "12"])
def test_country_code_must_be_iso_alpha_2(full, location_body, api_error, code):
    api_error(
        "INVALID_ARGUMENT",
        full.create_reservation_location,
        location_body(country_code=code),
        field="location.countryCode",
    )


def test_country_code_is_optional(full, location_body):
    created = full.create_reservation_location(location_body(country_code=None))["reservationLocation"]
    assert created["location"].get("countryCode") is None


@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_only_full_scope_creates_locations(scopes, location_body, api_error, scope_name, snapshot):
    before = snapshot()
    api_error("PERMISSION_DENIED", scopes[scope_name].create_reservation_location, location_body())
    assert snapshot() == before


@pytest.mark.parametrize(
    "where",
    ["top", "location", "configuration", "onlineReservations", "table"],
)
def test_unknown_field_on_create_is_invalid_argument(full, location_body, api_error, where, snapshot):
    body = location_body()
    loc = body["reservationLocation"]
    target = {
        "top": loc,
        "location": loc["location"],
        "configuration": loc["configuration"],
        "onlineReservations": loc["configuration"]["onlineReservations"],
        "table": loc["configuration"]["tableManagement"]["tableDefinitions"][0],
    }[where]
    target["colour"] = "red"
    before = snapshot()
    api_error("INVALID_ARGUMENT", full.create_reservation_location, body)
    assert snapshot() == before


@pytest.mark.parametrize("interval", [15, 20, 30, 60])
def test_time_slot_interval_accepts_divisors_of_an_hour(full, location_body, interval):
    created = full.create_reservation_location(location_body(online={"timeSlotInterval": interval}))[
        "reservationLocation"
    ]
    assert online_of(created)["timeSlotInterval"] == interval


@pytest.mark.parametrize("interval", [0, 5, 10, 25, 45, 90, 120, "15", 15.5])
def test_time_slot_interval_rejects_everything_else(full, location_body, api_error, interval):
    api_error(
        "INVALID_ARGUMENT",
        full.create_reservation_location,
        location_body(online={"timeSlotInterval": interval}),
        field="configuration.onlineReservations.timeSlotInterval",
    )


@pytest.mark.parametrize("minutes, ok", [(4, False), (5, True), (1000, True), (1001, False)])
def test_default_turnover_time_range(full, location_body, api_error, minutes, ok):
    body = location_body(online={"defaultTurnoverTime": minutes})
    if ok:
        created = full.create_reservation_location(body)["reservationLocation"]
        assert online_of(created)["defaultTurnoverTime"] == minutes
    else:
        api_error(
            "INVALID_ARGUMENT",
            full.create_reservation_location,
            body,
            field="configuration.onlineReservations.defaultTurnoverTime",
        )


@pytest.mark.parametrize("minutes", [4, 1001])
def test_turnover_rule_minutes_range(full, location_body, api_error, minutes):
    body = location_body(online={"turnoverTimeRules": [{"seatsMin": 5, "seatsMax": 8, "minutes": minutes}]})
    api_error(
        "INVALID_ARGUMENT",
        full.create_reservation_location,
        body,
        field="configuration.onlineReservations.turnoverTimeRules[0].minutes",
    )


def test_in_house_only_table_management_is_rejected_on_create(full, location_body, api_error):
    body = location_body()
    body["reservationLocation"]["configuration"]["tableManagement"]["mode"] = "IN_HOUSE_ONLY"
    api_error("INVALID_ARGUMENT", full.create_reservation_location, body, field="configuration.tableManagement.mode")


def test_in_house_only_table_management_is_rejected_on_update(location, patch_location, api_error, full):
    api_error(
        "INVALID_ARGUMENT",
        patch_location,
        location,
        {"configuration": {"tableManagement": {"mode": "IN_HOUSE_ONLY"}}},
        field="configuration.tableManagement.mode",
    )
    again = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert again["configuration"]["tableManagement"]["mode"] == "ON"
    assert again["revision"] == location.revision


@pytest.mark.parametrize(
    "online",
    [
        {"approval": {"mode": "SOMETIMES"}},
        {"minimumReservationNotice": {"number": 30, "unit": "WEEKS"}},
        {
            "businessSchedule": {
                "periods": [{"openDay": "MONTAG", "openTime": "11:30", "closeDay": "MONTAG", "closeTime": "22:00"}]
            }
        },
        {
            "businessSchedule": {
                "periods": [{"openDay": "MONDAY", "openTime": "25:00", "closeDay": "MONDAY", "closeTime": "26:00"}]
            }
        },
    ],
    ids=["approval-mode", "notice-unit", "day", "time"],
)
def test_unknown_enum_or_malformed_value_is_invalid_argument(full, location_body, api_error, online):
    api_error("INVALID_ARGUMENT", full.create_reservation_location, location_body(online=online))


@pytest.mark.parametrize("key", ["partyPacing", "seatPacing"])
def test_enabling_pacing_requires_its_number(full, location_body, api_error, key):
    api_error("INVALID_ARGUMENT", full.create_reservation_location, location_body(online={key: {"enabled": True}}))


def test_enabling_payment_requires_min_party_size(full, location_body, api_error):
    api_error("INVALID_ARGUMENT", full.create_reservation_location, location_body(payment_policy={"enabled": True}))


@pytest.mark.parametrize("name, ok", [("", False), ("x" * 50, True), ("x" * 51, False)])
def test_table_name_length(full, location_body, api_error, name, ok):
    body = location_body(tables=[(name, 1, 2)])
    if ok:
        created = full.create_reservation_location(body)["reservationLocation"]
        assert created["configuration"]["tableManagement"]["tableDefinitions"][0]["name"] == name
    else:
        api_error(
            "INVALID_ARGUMENT",
            full.create_reservation_location,
            body,
            field="configuration.tableManagement.tableDefinitions[0].name",
        )


@pytest.mark.parametrize("value", ["two", 1.5])
def test_non_integer_table_seats_are_invalid_argument(full, location_body, api_error, value):
    api_error(
        "INVALID_ARGUMENT",
        full.create_reservation_location,
        location_body(tables=[("T1", value, 2)]),
        field="configuration.tableManagement.tableDefinitions[0].seatsMin",
    )


# ---------------------------------------------------------------- get / list


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_every_scope_gets_a_location(scopes, location, scope_name):
    got = scopes[scope_name].get_reservation_location({"reservationLocationId": location.id})
    assert got["reservationLocation"]["id"] == location.id


def test_get_returns_what_update_returned(full, location):
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got == location.data


def test_get_unknown_location_is_not_found(full, api_error):
    api_error(
        "RESERVATION_LOCATION_NOT_FOUND", full.get_reservation_location, {"reservationLocationId": str(uuid.uuid4())}
    )


@pytest.mark.parametrize("bad", ["nope", "1234", "", 7])
def test_get_malformed_location_id_is_invalid_argument(full, api_error, bad):
    api_error(
        "INVALID_ARGUMENT", full.get_reservation_location, {"reservationLocationId": bad}, field="reservationLocationId"
    )


@pytest.mark.parametrize("scope_name", ["FULL", "MEDIUM", "BASIC"])
def test_list_locations_in_creation_order_default_first(full, scopes, location_body, scope_name):
    ids = [
        full.create_reservation_location(location_body(name=n))["reservationLocation"]["id"] for n in ["A", "B", "C"]
    ]
    listed = scopes[scope_name].list_reservation_locations({})["reservationLocations"]
    assert [loc["id"] for loc in listed] == ids
    assert [loc["default"] for loc in listed] == [True, False, False]


def test_list_locations_pages_with_a_cursor(full, location_body):
    ids = [
        full.create_reservation_location(location_body(name=n))["reservationLocation"]["id"] for n in ["A", "B", "C"]
    ]
    first = full.list_reservation_locations({"paging": {"limit": 2}})
    assert [loc["id"] for loc in first["reservationLocations"]] == ids[:2]
    assert first["pagingMetadata"]["hasNext"] is True
    cursor = first["pagingMetadata"]["cursors"]["next"]
    assert cursor
    second = full.list_reservation_locations({"paging": {"limit": 2, "cursor": cursor}})
    assert [loc["id"] for loc in second["reservationLocations"]] == ids[2:]
    assert second["pagingMetadata"]["hasNext"] is False


def test_list_locations_limit_above_100_is_invalid_argument(full, api_error):
    api_error("INVALID_ARGUMENT", full.list_reservation_locations, {"paging": {"limit": 101}})


# ---------------------------------------------------------------- update: PATCH semantics


def test_update_merges_objects_field_by_field(location, patch_location):
    updated = patch_location(location, {"location": {"name": "Osteria"}})
    assert updated.data["location"]["name"] == "Osteria"
    assert updated.data["location"]["timeZone"] == "UTC"
    assert updated.data["location"]["countryCode"] == "GB"
    assert updated.config == location.config


def test_update_merges_nested_configuration(location, patch_location):
    updated = patch_location(location, {"configuration": {"onlineReservations": {"defaultTurnoverTime": 60}}})
    online = updated.config["onlineReservations"]
    assert online["defaultTurnoverTime"] == 60
    assert online["timeSlotInterval"] == 15
    assert online["partySize"] == {"min": 1, "max": 8}
    assert online["businessSchedule"] == location.config["onlineReservations"]["businessSchedule"]
    assert updated.tables == location.tables
    assert updated.combinations == location.combinations


def test_update_replaces_a_list_given(location, patch_location):
    rules = [{"seatsMin": 3, "seatsMax": 4, "minutes": 100}]
    updated = patch_location(location, {"configuration": {"onlineReservations": {"turnoverTimeRules": rules}}})
    assert updated.config["onlineReservations"]["turnoverTimeRules"] == rules


def test_update_replaces_the_periods_list(location, patch_location):
    periods = [{"openDay": "FRIDAY", "openTime": "18:00", "closeDay": "SATURDAY", "closeTime": "02:00"}]
    updated = patch_location(
        location, {"configuration": {"onlineReservations": {"businessSchedule": {"periods": periods}}}}
    )
    assert updated.config["onlineReservations"]["businessSchedule"]["periods"] == periods


def test_update_null_clears_an_optional_field(full, location, patch_location):
    with_notice = patch_location(
        location,
        {"configuration": {"onlineReservations": {"maximumReservationNotice": {"number": 30, "unit": "DAYS"}}}},
    )
    assert with_notice.config["onlineReservations"]["maximumReservationNotice"] == {"number": 30, "unit": "DAYS"}
    cleared = patch_location(
        with_notice,
        {"location": {"phone": None}, "configuration": {"onlineReservations": {"maximumReservationNotice": None}}},
    )
    assert cleared.data["location"].get("phone") is None
    assert cleared.config["onlineReservations"].get("maximumReservationNotice") is None
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got["location"].get("phone") is None


def test_update_increments_revision_and_updated_date(clock, location, patch_location):
    clock.advance(minutes=5)
    updated = patch_location(location, {"location": {"name": "Osteria"}})
    assert updated.revision == str(int(location.revision) + 1)
    assert updated.data["updatedDate"] == "2026-06-08T08:05:00Z"
    assert updated.data["createdDate"] == location.data["createdDate"]


def test_update_requires_revision(full, location, api_error):
    api_error(
        "INVALID_ARGUMENT",
        full.update_reservation_location,
        {"reservationLocation": {"id": location.id, "location": {"name": "X"}}},
        field="revision",
    )


def test_update_with_stale_revision_is_revision_mismatch(full, location, patch_location, api_error):
    patch_location(location, {"location": {"name": "Second"}})
    api_error("REVISION_MISMATCH", patch_location, location, {"location": {"name": "Third"}})
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got["location"]["name"] == "Second"
    assert got["revision"] == str(int(location.revision) + 1)


def test_update_unknown_location_is_not_found(full, api_error):
    api_error(
        "RESERVATION_LOCATION_NOT_FOUND",
        full.update_reservation_location,
        {"reservationLocation": {"id": str(uuid.uuid4()), "revision": "1", "location": {"name": "X"}}},
    )


def test_update_malformed_location_id_is_invalid_argument(full, api_error):
    api_error(
        "INVALID_ARGUMENT",
        full.update_reservation_location,
        {"reservationLocation": {"id": "not-a-uuid", "revision": "1"}},
        field="id",
    )


@pytest.mark.parametrize("scope_name", ["MEDIUM", "BASIC"])
def test_only_full_scope_updates_locations(scopes, location, patch_location, api_error, full, scope_name):
    api_error("PERMISSION_DENIED", patch_location, location, {"location": {"name": "X"}}, scope=scopes[scope_name])
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got == location.data


@pytest.mark.parametrize(
    "body",
    [
        {"colour": "red"},
        {"location": {"colour": "red"}},
        {"configuration": {"onlineReservations": {"colour": "red"}}},
        {"configuration": {"tableManagement": {"colour": "red"}}},
    ],
    ids=["top", "location", "onlineReservations", "tableManagement"],
)
def test_unknown_field_on_update_is_invalid_argument(full, location, patch_location, api_error, body):
    api_error("INVALID_ARGUMENT", patch_location, location, body)
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got == location.data


def test_read_only_fields_may_be_sent_back_and_are_ignored(full, location):
    sent = copy.deepcopy(location.data)
    sent["location"]["name"] = "Renamed"
    sent["default"] = False
    sent["archived"] = True
    sent["createdDate"] = "2020-01-01T00:00:00Z"
    sent["updatedDate"] = "2020-01-01T00:00:00Z"
    sent["configuration"]["tableManagement"]["deletedTableDefinitions"] = [
        {"id": str(uuid.uuid4()), "name": "Ghost", "seatsMin": 1, "seatsMax": 2, "isActive": True}
    ]
    updated = full.update_reservation_location({"reservationLocation": sent})["reservationLocation"]
    assert updated["location"]["name"] == "Renamed"
    assert updated["id"] == location.id
    assert updated["default"] is True
    assert updated["archived"] is False
    assert updated["createdDate"] == location.data["createdDate"]
    assert updated["revision"] == str(int(location.revision) + 1)
    assert updated["configuration"]["tableManagement"].get("deletedTableDefinitions") in (None, [])
    assert updated["configuration"]["tableManagement"]["tableDefinitions"] == location.tables


def test_new_tables_get_server_ids_and_existing_ones_keep_theirs(location, patch_location):
    tables = [
        *location.tables,
        {"name": "T6", "seatsMin": 2, "seatsMax": 6, "isActive": True, "onlineReservations": True},
    ]
    updated = patch_location(location, {"configuration": {"tableManagement": {"tableDefinitions": tables}}})
    for name in ["T1", "T2", "T10", "T3", "T4", "T5"]:
        assert updated.table_id(name) == location.table_id(name)
    assert uuid.UUID(updated.table_id("T6")).version == 4
    assert updated.table_id("T6") not in location.ids("T1", "T2", "T10", "T3", "T4", "T5")


def test_existing_table_edited_in_place_keeps_its_id(location, patch_location):
    tables = copy.deepcopy(location.tables)
    tables[0]["seatsMax"] = 3
    tables[0]["name"] = "Window"
    updated = patch_location(location, {"configuration": {"tableManagement": {"tableDefinitions": tables}}})
    assert updated.table_id("Window") == location.table_id("T1")
    assert updated.tables[0]["seatsMax"] == 3


def test_table_with_unknown_id_is_invalid_argument(full, location, patch_location, api_error):
    tables = copy.deepcopy(location.tables)
    tables[2]["id"] = str(uuid.uuid4())
    api_error(
        "INVALID_ARGUMENT",
        patch_location,
        location,
        {"configuration": {"tableManagement": {"tableDefinitions": tables}}},
        field="configuration.tableManagement.tableDefinitions[2].id",
    )
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got == location.data


def test_combination_with_unknown_id_is_invalid_argument(location, patch_location, api_error):
    combos = copy.deepcopy(location.combinations)
    combos[0]["id"] = str(uuid.uuid4())
    api_error(
        "INVALID_ARGUMENT",
        patch_location,
        location,
        {"configuration": {"tableManagement": {"tableCombinations": combos}}},
    )


def test_combinations_get_ids_and_keep_them_when_sent_back(location, patch_location):
    (combo,) = location.combinations
    assert uuid.UUID(combo["id"]).version == 4
    assert sorted(location.names(combo["tableIds"])) == ["T3", "T4"]
    extra = {"tableIds": location.ids("T1", "T2"), "seatsMin": 3, "seatsMax": 4, "isActive": True}
    updated = patch_location(
        location, {"configuration": {"tableManagement": {"tableCombinations": [*location.combinations, extra]}}}
    )
    assert updated.combinations[0]["id"] == combo["id"]
    assert len(updated.combinations) == 2
    assert updated.combinations[1]["id"] != combo["id"]


def test_sending_combinations_replaces_all_of_them(location, patch_location):
    only = {"tableIds": location.ids("T1", "T2"), "seatsMin": 3, "seatsMax": 4, "isActive": True}
    updated = patch_location(location, {"configuration": {"tableManagement": {"tableCombinations": [only]}}})
    assert len(updated.combinations) == 1
    assert sorted(updated.names(updated.combinations[0]["tableIds"])) == ["T1", "T2"]
    assert updated.tables == location.tables


def _without(loc, name):
    return [t for t in loc.tables if t["name"] != name]


def test_removing_a_table_moves_it_to_deleted_and_drops_its_combinations(location, patch_location):
    t4 = location.table_id("T4")
    updated = patch_location(
        location, {"configuration": {"tableManagement": {"tableDefinitions": _without(location, "T4")}}}
    )
    management = updated.config["tableManagement"]
    assert [t["name"] for t in management["tableDefinitions"]] == ["T1", "T2", "T10", "T3", "T5"]
    deleted = management["deletedTableDefinitions"]
    assert [(t["id"], t["name"]) for t in deleted] == [(t4, "T4")]
    assert not management.get("tableCombinations")


def test_removed_table_drops_combinations_even_when_sent_in_the_same_request(location, patch_location):
    updated = patch_location(
        location,
        {
            "configuration": {
                "tableManagement": {
                    "tableDefinitions": _without(location, "T4"),
                    "tableCombinations": location.combinations,
                }
            }
        },
    )
    assert not updated.config["tableManagement"].get("tableCombinations")


def test_combinations_not_naming_the_removed_table_stay(location, patch_location):
    extra = {"tableIds": location.ids("T1", "T2"), "seatsMin": 3, "seatsMax": 4, "isActive": True}
    with_two = patch_location(
        location, {"configuration": {"tableManagement": {"tableCombinations": [*location.combinations, extra]}}}
    )
    updated = patch_location(
        with_two, {"configuration": {"tableManagement": {"tableDefinitions": _without(with_two, "T4")}}}
    )
    assert [sorted(updated.names(c["tableIds"])) for c in updated.combinations] == [["T1", "T2"]]


def test_sending_a_deleted_tables_id_restores_it(location, patch_location):
    t4 = location.table_id("T4")
    removed = patch_location(
        location, {"configuration": {"tableManagement": {"tableDefinitions": _without(location, "T4")}}}
    )
    restored_def = {"id": t4, "name": "T4", "seatsMin": 2, "seatsMax": 4, "isActive": True, "onlineReservations": True}
    restored = patch_location(
        removed, {"configuration": {"tableManagement": {"tableDefinitions": [*removed.tables, restored_def]}}}
    )
    assert restored.table_id("T4") == t4
    assert not restored.config["tableManagement"].get("deletedTableDefinitions")


def test_reservations_keep_the_id_of_a_removed_table(location, patch_location, book, get_full):
    t4 = location.table_id("T4")
    reservation = book(location, utc("12:00"), details={"tableIds": [t4]})
    patch_location(location, {"configuration": {"tableManagement": {"tableDefinitions": _without(location, "T4")}}})
    assert get_full(reservation["id"])["details"]["tableIds"] == [t4]


def test_a_removed_table_cannot_be_booked(location, patch_location, book, api_error):
    t4 = location.table_id("T4")
    patch_location(location, {"configuration": {"tableManagement": {"tableDefinitions": _without(location, "T4")}}})
    api_error("INVALID_ARGUMENT", book, location, utc("12:00"), details={"tableIds": [t4]})


def test_time_slot_interval_can_be_patched(location, patch_location, api_error):
    updated = patch_location(location, {"configuration": {"onlineReservations": {"timeSlotInterval": 30}}})
    assert updated.config["onlineReservations"]["timeSlotInterval"] == 30
    api_error(
        "INVALID_ARGUMENT",
        patch_location,
        updated,
        {"configuration": {"onlineReservations": {"timeSlotInterval": 45}}},
        field="configuration.onlineReservations.timeSlotInterval",
    )


# ---------------------------------------------------------------- approval / manualApproval alias


def _body_without_approval(location_body, **online):
    body = location_body(online=online)
    del body["reservationLocation"]["configuration"]["onlineReservations"]["approval"]
    return body


@pytest.mark.parametrize(
    "approval, expected_alias",
    [
        ({"mode": "AUTOMATIC"}, {"enabled": False, "partySizeThreshold": None}),
        ({"mode": "MANUAL"}, {"enabled": True, "partySizeThreshold": None}),
        (
            {"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 6}},
            {"enabled": True, "partySizeThreshold": 6},
        ),
    ],
    ids=["automatic", "manual", "large-parties"],
)
def test_approval_mode_is_returned_with_the_manual_approval_alias(full, location_body, approval, expected_alias):
    created = full.create_reservation_location(location_body(online={"approval": approval}))["reservationLocation"]
    alias = online_of(created)["manualApproval"]
    assert alias["enabled"] is expected_alias["enabled"]
    assert alias.get("partySizeThreshold") == expected_alias["partySizeThreshold"]
    assert online_of(created)["approval"]["mode"] == approval["mode"]


@pytest.mark.parametrize(
    "alias, mode, threshold",
    [
        ({"enabled": False}, "AUTOMATIC", None),
        ({"enabled": True}, "MANUAL", None),
        ({"enabled": True, "partySizeThreshold": 6}, "MANUAL_FOR_LARGE_PARTIES", 6),
    ],
    ids=["automatic", "manual", "large-parties"],
)
def test_manual_approval_alias_sets_the_approval_mode(full, location_body, alias, mode, threshold):
    created = full.create_reservation_location(_body_without_approval(location_body, manualApproval=alias))[
        "reservationLocation"
    ]
    online = online_of(created)
    assert online["approval"]["mode"] == mode
    if threshold is not None:
        assert online["approval"]["manualForLargePartiesOptions"]["partySizeThreshold"] == threshold
    assert online["manualApproval"]["enabled"] is alias["enabled"]


def test_approval_and_alias_given_in_agreement_are_accepted(full, location_body):
    created = full.create_reservation_location(
        location_body(online={"approval": {"mode": "MANUAL"}, "manualApproval": {"enabled": True}})
    )["reservationLocation"]
    assert online_of(created)["approval"]["mode"] == "MANUAL"


@pytest.mark.parametrize(
    "approval, alias",
    [
        ({"mode": "MANUAL"}, {"enabled": False}),
        ({"mode": "AUTOMATIC"}, {"enabled": True}),
        (
            {"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 6}},
            {"enabled": True, "partySizeThreshold": 4},
        ),
    ],
    ids=["manual-vs-off", "automatic-vs-on", "thresholds"],
)
def test_approval_and_alias_disagreeing_is_invalid_argument(full, location_body, api_error, approval, alias, snapshot):
    before = snapshot()
    api_error(
        "INVALID_ARGUMENT",
        full.create_reservation_location,
        location_body(online={"approval": approval, "manualApproval": alias}),
    )
    assert snapshot() == before


def test_patching_only_the_alias_recomputes_the_mode(location, patch_location):
    manual = patch_location(location, {"configuration": {"onlineReservations": {"manualApproval": {"enabled": True}}}})
    assert manual.config["onlineReservations"]["approval"]["mode"] == "MANUAL"
    back = patch_location(manual, {"configuration": {"onlineReservations": {"manualApproval": {"enabled": False}}}})
    assert back.config["onlineReservations"]["approval"]["mode"] == "AUTOMATIC"
    assert back.config["onlineReservations"]["manualApproval"]["enabled"] is False


def test_patching_only_the_mode_recomputes_the_alias(location, patch_location):
    large = patch_location(
        location,
        {
            "configuration": {
                "onlineReservations": {
                    "approval": {
                        "mode": "MANUAL_FOR_LARGE_PARTIES",
                        "manualForLargePartiesOptions": {"partySizeThreshold": 5},
                    }
                }
            }
        },
    )
    alias = large.config["onlineReservations"]["manualApproval"]
    assert alias["enabled"] is True
    assert alias["partySizeThreshold"] == 5
    manual = patch_location(large, {"configuration": {"onlineReservations": {"approval": {"mode": "MANUAL"}}}})
    assert manual.config["onlineReservations"]["manualApproval"]["enabled"] is True
    assert manual.config["onlineReservations"]["manualApproval"].get("partySizeThreshold") is None


def test_a_restaurant_created_without_a_name_is_called_restaurant_but_a_blank_name_is_refused(
        full, api_error, snapshot):
    created = full.create_reservation_location({"reservationLocation": {"location": {"timeZone": "Europe/Rome"}}})
    assert created["reservationLocation"]["location"]["name"] == "Restaurant"
    before = snapshot()
    api_error("INVALID_ARGUMENT", full.create_reservation_location,
              {"reservationLocation": {"location": {"name": " ", "timeZone": "Europe/Rome"}}}, field="location.name")
    assert snapshot() == before


def _online_sent_back(loc, **changes):
    """The whole onlineReservations object as read, with some keys edited (a settings form's save)."""
    online = copy.deepcopy(loc.config["onlineReservations"])
    online.update(changes)
    return {"configuration": {"onlineReservations": online}}


def test_sending_both_back_with_one_edited_lets_the_edited_one_win(location, patch_location, api_error, snapshot):
    manual = patch_location(location, _online_sent_back(location, approval={"mode": "MANUAL"}))
    assert manual.config["onlineReservations"]["approval"]["mode"] == "MANUAL"
    assert manual.config["onlineReservations"]["manualApproval"] == {"enabled": True}
    large = patch_location(manual, _online_sent_back(manual, manualApproval={"enabled": True, "partySizeThreshold": 6}))
    assert large.config["onlineReservations"]["approval"]["mode"] == "MANUAL_FOR_LARGE_PARTIES"
    assert large.config["onlineReservations"]["approval"]["manualForLargePartiesOptions"]["partySizeThreshold"] == 6
    unchanged = patch_location(large, _online_sent_back(large))
    assert unchanged.config["onlineReservations"] == large.config["onlineReservations"]
    before = snapshot()
    api_error("INVALID_ARGUMENT", patch_location, large, _online_sent_back(  # both edited, disagreeing
        large, approval={"mode": "AUTOMATIC"}, manualApproval={"enabled": True, "partySizeThreshold": 7}))
    assert snapshot() == before


# ---------------------------------------------------------------- table management OFF


def test_mode_off_books_without_tables(make_location, book, get_full):
    loc = make_location(table_mode="OFF", combinations=())
    reservation = get_full(book(loc, utc("12:00"), 40)["id"])
    assert reservation["details"]["tableIds"] == []
    assert reservation["status"] == "RESERVED"


def test_mode_off_rejects_table_ids(make_location, book, api_error):
    loc = make_location(table_mode="OFF", combinations=())
    api_error("INVALID_ARGUMENT", book, loc, utc("12:00"), details={"tableIds": [str(uuid.uuid4())]})


def test_mode_off_slots_depend_on_hours_and_pacing_only(make_location, full, book):
    loc = make_location(table_mode="OFF", combinations=(), online={"partyPacing": {"enabled": True, "number": 1}})
    request = {"reservationLocationId": loc.id, "date": utc("12:00"), "partySize": 30, "slotsAfter": 1}
    slots = full.get_time_slots(request)["timeSlots"]
    assert [s["status"] for s in slots] == ["AVAILABLE", "AVAILABLE"]
    book(loc, utc("12:00"), 30)
    slots = full.get_time_slots(request)["timeSlots"]
    assert [s["status"] for s in slots] == ["UNAVAILABLE", "AVAILABLE"]


# ---------------------------------------------------------------- more id rules and paging


def test_custom_field_definition_ids_follow_the_table_id_rules(make_location, patch_location, api_error):
    loc = make_location(reservation_form={"customFieldDefinitions": [{"name": "Allergies", "required": False}]})
    (allergies,) = loc.config["reservationForm"]["customFieldDefinitions"]
    updated = patch_location(
        loc,
        {
            "configuration": {
                "reservationForm": {
                    "customFieldDefinitions": [
                        {"id": allergies["id"], "name": "Allergies", "required": True},
                        {"name": "Occasion", "required": False},
                    ]
                }
            }
        },
    )
    definitions = updated.config["reservationForm"]["customFieldDefinitions"]
    assert definitions[0]["id"] == allergies["id"]
    assert definitions[0]["required"] is True
    assert uuid.UUID(definitions[1]["id"]).version == 4
    assert definitions[1]["id"] != allergies["id"]
    api_error(
        "INVALID_ARGUMENT",
        patch_location,
        updated,
        {
            "configuration": {
                "reservationForm": {
                    "customFieldDefinitions": [{"id": str(uuid.uuid4()), "name": "Ghost", "required": False}]
                }
            }
        },
    )


def test_list_locations_default_limit_is_100(full):
    for n in range(101):
        full.create_reservation_location({"reservationLocation": {"location": {"name": f"L{n}", "timeZone": "UTC"}}})
    first = full.list_reservation_locations({})
    assert len(first["reservationLocations"]) == 100
    assert first["pagingMetadata"]["hasNext"] is True
    rest = full.list_reservation_locations({"paging": {"cursor": first["pagingMetadata"]["cursors"]["next"]}})
    assert [loc["location"]["name"] for loc in rest["reservationLocations"]] == ["L100"]


def test_list_locations_limit_100_is_allowed(full, location):
    assert len(full.list_reservation_locations({"paging": {"limit": 100}})["reservationLocations"]) == 1
