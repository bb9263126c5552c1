"""SPEC §2: every RESERVATION_LOCATION_VIOLATION type, on create and on update."""

from __future__ import annotations

import uuid

import pytest


def _table(name, smin, smax):
    return {"name": name, "seatsMin": smin, "seatsMax": smax, "isActive": True, "onlineReservations": True}


def _combo(ids, smin=3, smax=4):
    return {"tableIds": ids, "seatsMin": smin, "seatsMax": smax, "isActive": True}


def _online(**kw):
    return {"configuration": {"onlineReservations": kw}}


def _tables(loc, *extra):
    return {"configuration": {"tableManagement": {"tableDefinitions": [*loc.tables, *extra]}}}


def _combos(*combos):
    return {"configuration": {"tableManagement": {"tableCombinations": list(combos)}}}


# type, id, PATCH body built from the current location
UPDATE_CASES = [
    ("TABLE_DEFINITION_NAMES_DUPLICATION", "names", lambda loc: _tables(loc, _table("T1", 1, 2))),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", "min>max", lambda loc: _tables(loc, _table("T9", 4, 2))),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", "min0", lambda loc: _tables(loc, _table("T9", 0, 2))),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", "max1001", lambda loc: _tables(loc, _table("T9", 1, 1001))),
    (
        "TURNOVER_TIME_RULES_INTERSECT",
        "intersect",
        lambda loc: _online(
            turnoverTimeRules=[
                {"seatsMin": 1, "seatsMax": 4, "minutes": 60},
                {"seatsMin": 4, "seatsMax": 8, "minutes": 120},
            ]
        ),
    ),
    (
        "TURNOVER_TIME_RULES_INCORRECT_BOUNDARIES",
        "min>max",
        lambda loc: _online(turnoverTimeRules=[{"seatsMin": 6, "seatsMax": 5, "minutes": 100}]),
    ),
    (
        "TURNOVER_TIME_RULES_INCORRECT_BOUNDARIES",
        "min0",
        lambda loc: _online(turnoverTimeRules=[{"seatsMin": 0, "seatsMax": 4, "minutes": 100}]),
    ),
    ("TABLE_COMBINATION_CONTAINS_LESS_THAN_2_TABLES", "one", lambda loc: _combos(_combo(loc.ids("T1"), 1, 2))),
    (
        "NON_EXISTENT_TABLES_IN_TABLE_COMBINATION",
        "ghost",
        lambda loc: _combos(_combo([loc.table_id("T1"), str(uuid.uuid4())])),
    ),
    (
        "TABLE_COMBINATION_TABLE_IDS_COMBINATION_DUPLICATION",
        "dup",
        lambda loc: _combos(_combo(loc.ids("T1", "T2")), _combo(loc.ids("T2", "T1"), 2, 4)),
    ),
    ("TABLE_COMBINATION_MIN_MAX_SEATS", "min>max", lambda loc: _combos(_combo(loc.ids("T1", "T2"), 4, 3))),
    ("PARTY_SIZE_MIN_GREATER_THAN_MAX", "party", lambda loc: _online(partySize={"min": 6, "max": 2})),
    ("PARTY_SIZE_THRESHOLD_ABSENT", "threshold", lambda loc: _online(approval={"mode": "MANUAL_FOR_LARGE_PARTIES"})),
    (
        "BUSINESS_SCHEDULE_TIME_PERIOD_CLOSE_BEFORE_OPEN",
        "period",
        lambda loc: _online(
            businessSchedule={
                "periods": [{"openDay": "MONDAY", "openTime": "22:00", "closeDay": "MONDAY", "closeTime": "11:30"}]
            }
        ),
    ),
    (
        "BUSINESS_SCHEDULE_SPECIAL_HOUR_PERIOD_END_BEFORE_START",
        "special",
        lambda loc: _online(
            businessSchedule={
                "specialHourPeriod": [
                    {"startDate": "2026-06-10T00:00:00Z", "endDate": "2026-06-09T00:00:00Z", "isClosed": True}
                ]
            }
        ),
    ),
    (
        "NOTICE_PERIOD_MINIMUM_GREATER_THAN_MAXIMUM",
        "same-unit",
        lambda loc: _online(
            minimumReservationNotice={"number": 3, "unit": "DAYS"},
            maximumReservationNotice={"number": 2, "unit": "DAYS"},
        ),
    ),
    (
        "NOTICE_PERIOD_MINIMUM_GREATER_THAN_MAXIMUM",
        "mixed-units",
        lambda loc: _online(
            minimumReservationNotice={"number": 50, "unit": "HOURS"},
            maximumReservationNotice={"number": 2, "unit": "DAYS"},
        ),
    ),
]


def _types(err):
    return [v["type"] for v in err.details["violations"]]


@pytest.mark.parametrize(
    "vtype, patch", [(t, p) for t, _, p in UPDATE_CASES], ids=[f"{t}-{i}" for t, i, _ in UPDATE_CASES]
)
def test_update_violation_is_reported_by_type(full, location, patch_location, api_error, vtype, patch):
    err = api_error("RESERVATION_LOCATION_VIOLATION", patch_location, location, patch(location))
    assert vtype in _types(err)
    got = full.get_reservation_location({"reservationLocationId": location.id})["reservationLocation"]
    assert got == location.data


def _set_online(body, **kw):
    body["reservationLocation"]["configuration"]["onlineReservations"].update(kw)


def _add_table(body, name, smin, smax):
    body["reservationLocation"]["configuration"]["tableManagement"]["tableDefinitions"].append(_table(name, smin, smax))


CREATE_CASES = [
    ("TABLE_DEFINITION_NAMES_DUPLICATION", lambda b: _add_table(b, "T2", 1, 4)),
    ("TABLE_DEFINITION_INCORRECT_BOUNDARIES", lambda b: _add_table(b, "T9", 5, 4)),
    (
        "TURNOVER_TIME_RULES_INTERSECT",
        lambda b: _set_online(
            b,
            turnoverTimeRules=[
                {"seatsMin": 1, "seatsMax": 4, "minutes": 60},
                {"seatsMin": 2, "seatsMax": 3, "minutes": 120},
            ],
        ),
    ),
    (
        "TURNOVER_TIME_RULES_INCORRECT_BOUNDARIES",
        lambda b: _set_online(b, turnoverTimeRules=[{"seatsMin": 8, "seatsMax": 5, "minutes": 100}]),
    ),
    ("PARTY_SIZE_MIN_GREATER_THAN_MAX", lambda b: _set_online(b, partySize={"min": 4, "max": 3})),
    ("PARTY_SIZE_THRESHOLD_ABSENT", lambda b: _set_online(b, approval={"mode": "MANUAL_FOR_LARGE_PARTIES"})),
    (
        "BUSINESS_SCHEDULE_TIME_PERIOD_CLOSE_BEFORE_OPEN",
        lambda b: _set_online(
            b,
            businessSchedule={
                "periods": [{"openDay": "TUESDAY", "openTime": "18:00", "closeDay": "TUESDAY", "closeTime": "17:00"}]
            },
        ),
    ),
    (
        "BUSINESS_SCHEDULE_SPECIAL_HOUR_PERIOD_END_BEFORE_START",
        lambda b: _set_online(
            b,
            businessSchedule={
                "periods": [],
                "specialHourPeriod": [
                    {"startDate": "2026-07-01T18:00:00Z", "endDate": "2026-07-01T12:00:00Z", "isClosed": False}
                ],
            },
        ),
    ),
    (
        "NOTICE_PERIOD_MINIMUM_GREATER_THAN_MAXIMUM",
        lambda b: _set_online(
            b,
            minimumReservationNotice={"number": 90, "unit": "MINUTES"},
            maximumReservationNotice={"number": 1, "unit": "HOURS"},
        ),
    ),
]


@pytest.mark.parametrize("vtype, mutate", CREATE_CASES, ids=[t for t, _ in CREATE_CASES])
def test_create_violation_is_reported_by_type(full, location_body, api_error, vtype, mutate, snapshot):
    body = location_body()
    mutate(body)
    before = snapshot()
    err = api_error("RESERVATION_LOCATION_VIOLATION", full.create_reservation_location, body)
    assert vtype in _types(err)
    assert snapshot() == before


def test_violations_are_a_list_of_objects_with_a_type(full, location_body, api_error):
    body = location_body()
    _add_table(body, "T1", 1, 2)
    err = api_error("RESERVATION_LOCATION_VIOLATION", full.create_reservation_location, body)
    assert isinstance(err.details["violations"], list)
    assert all(isinstance(v, dict) and isinstance(v["type"], str) for v in err.details["violations"])


def test_combination_with_a_duplicated_table_is_not_two_tables(location, patch_location, api_error):
    api_error(
        "RESERVATION_LOCATION_VIOLATION",
        patch_location,
        location,
        _combos(_combo([location.table_id("T1"), location.table_id("T1")], 1, 4)),
    )


def test_a_combination_of_a_table_removed_earlier_is_a_violation_not_a_silent_drop(
        location, patch_location, api_error, snapshot):
    t1, t2 = location.ids("T1", "T2")
    tables = [t for t in location.tables if t["id"] != t1]
    location = patch_location(location, {"configuration": {"tableManagement": {"tableDefinitions": tables}}})
    before = snapshot()
    err = api_error("RESERVATION_LOCATION_VIOLATION", patch_location, location, _combos(_combo([t1, t2], 1, 4)))
    assert _types(err) == ["NON_EXISTENT_TABLES_IN_TABLE_COMBINATION"]
    assert snapshot() == before


def test_a_combination_of_tables_removed_by_the_same_change_is_dropped(location, patch_location):
    t1, t2 = location.ids("T1", "T2")
    tables = [t for t in location.tables if t["id"] != t1]
    updated = patch_location(location, {"configuration": {"tableManagement": {
        "tableDefinitions": tables, "tableCombinations": [_combo([t1, t2], 1, 4)]}}})
    assert updated.combinations == [] and t1 in {t["id"] for t in updated.config["tableManagement"][
        "deletedTableDefinitions"]}


def test_a_malformed_table_id_in_a_combination_is_invalid_argument(location, patch_location, api_error):
    err = api_error("INVALID_ARGUMENT", patch_location, location, _combos(_combo(["abc", "def"], 1, 4)))
    field = err.details["fieldViolations"][0]["field"]
    assert field == "configuration.tableManagement.tableCombinations[0].tableIds[0]"


def test_valid_combination_and_rules_are_accepted(location, patch_location):
    updated = patch_location(
        location,
        {
            "configuration": {
                "onlineReservations": {
                    "turnoverTimeRules": [
                        {"seatsMin": 1, "seatsMax": 2, "minutes": 60},
                        {"seatsMin": 3, "seatsMax": 8, "minutes": 120},
                    ]
                },
                "tableManagement": {"tableCombinations": [_combo(location.ids("T1", "T2", "T10"), 3, 6)]},
            }
        },
    )
    assert len(updated.combinations) == 1
    assert len(updated.config["onlineReservations"]["turnoverTimeRules"]) == 2


def test_threshold_present_satisfies_large_parties_mode(location, patch_location):
    updated = patch_location(
        location,
        _online(
            approval={"mode": "MANUAL_FOR_LARGE_PARTIES", "manualForLargePartiesOptions": {"partySizeThreshold": 6}}
        ),
    )
    assert updated.config["onlineReservations"]["approval"]["mode"] == "MANUAL_FOR_LARGE_PARTIES"


def test_overnight_period_is_not_close_before_open(location, patch_location):
    periods = [{"openDay": "FRIDAY", "openTime": "18:00", "closeDay": "SATURDAY", "closeTime": "02:00"}]
    updated = patch_location(location, _online(businessSchedule={"periods": periods}))
    assert updated.config["onlineReservations"]["businessSchedule"]["periods"] == periods
