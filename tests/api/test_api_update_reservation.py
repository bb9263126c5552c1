"""SPEC §4: updateReservation as a PATCH, its availability re-check, revisions and no-op updates."""

from __future__ import annotations

import uuid

import pytest

from maitred.api import ApiError


def utc(hm: str, day: str = "2026-06-08") -> str:
    return f"{day}T{hm}:00Z"


def _update(scope, reservation, revision=None, **fields):
    body = {"id": reservation["id"], "revision": revision or reservation["revision"]}
    body.update(fields)
    return scope.update_reservation({"reservation": body})["reservation"]


@pytest.fixture
def one_table(make_location):
    return make_location(tables=[("T1", 1, 2)], combinations=())


def test_patching_the_start_changes_only_the_start_and_end(full, location, book, get_full):
    original = book(
        location,
        utc("12:00"),
        teamMessage="anniversary",
        reservee={"firstName": "Ada", "lastName": "Lovelace", "phone": "+442079460018"},
    )
    updated = _update(full, original, details={"startDate": utc("12:30")})
    assert updated["details"]["startDate"] == utc("12:30")
    assert updated["details"]["endDate"] == utc("14:00")
    assert updated["details"]["partySize"] == 2
    assert updated["details"]["reservationLocationId"] == location.id
    assert updated["details"]["tableIds"] == original["details"]["tableIds"]
    assert updated["reservee"] == original["reservee"]
    assert updated["teamMessage"] == "anniversary"
    assert updated["status"] == original["status"]
    assert updated["source"] == original["source"]
    assert updated["revision"] == "2"
    assert get_full(original["id"]) == updated


def test_patching_the_reservee_merges_field_by_field(full, location, book):
    original = book(location, utc("12:00"))
    updated = _update(full, original, reservee={"lastName": "Byron"})
    assert updated["reservee"]["firstName"] == "Ada"
    assert updated["reservee"]["lastName"] == "Byron"
    assert updated["reservee"]["phone"] == "+442079460018"


def test_update_sets_updated_date_and_keeps_created_date(clock, full, location, book):
    original = book(location, utc("12:00"))
    clock.advance(minutes=3)
    updated = _update(full, original, teamMessage="late")
    assert updated["createdDate"] == "2026-06-08T08:00:00Z"
    assert updated["updatedDate"] == "2026-06-08T08:03:00Z"


def test_medium_may_update_unrestricted_fields(medium, location, book, history):
    original = book(location, utc("12:00"))
    updated = _update(medium, original, teamMessage="allergy: nuts", details={"partySize": 1})
    assert updated["teamMessage"] == "allergy: nuts"
    assert updated["details"]["partySize"] == 1
    assert history(original["id"])[-1]["scope"] == "MEDIUM"


def test_basic_may_not_update(basic, location, book, api_error, get_full):
    original = book(location, utc("12:00"))
    api_error("PERMISSION_DENIED", _update, basic, original, teamMessage="x")
    assert get_full(original["id"]) == original


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "SEATED"},
        {"source": "OFFLINE"},
        {"details": {"tableIds": []}},
        {"details": {"endDate": "2026-06-08T13:00:00Z"}},
    ],
    ids=["status", "source", "tableIds", "endDate"],
)
def test_medium_naming_a_restricted_field_is_permission_denied(medium, location, book, api_error, get_full, fields):
    original = book(location, utc("12:00"))
    api_error("PERMISSION_DENIED", _update, medium, original, **fields)
    assert get_full(original["id"]) == original


def test_medium_update_with_ignore_lists_is_permission_denied(medium, location, book, api_error):
    original = book(location, utc("12:00"))
    api_error(
        "PERMISSION_DENIED",
        medium.update_reservation,
        {
            "reservation": {"id": original["id"], "revision": "1", "teamMessage": "x"},
            "ignoreTableCombinationConflicts": ["RESERVED"],
        },
    )


# ---------------------------------------------------------------- end date and tables


def test_party_size_change_recomputes_end_and_reassigns_tables(full, location, book):
    original = book(location, utc("12:00"))
    assert original["details"]["tableIds"] == [location.table_id("T1")]
    updated = _update(full, original, details={"partySize": 6})
    assert updated["details"]["endDate"] == utc("14:00")
    assert updated["details"]["tableIds"] == [location.table_id("T5")]


def test_start_change_recomputes_an_explicit_end(full, location, book):
    original = book(location, utc("12:00"), details={"endDate": utc("12:45")})
    updated = _update(full, original, details={"startDate": utc("13:00")})
    assert updated["details"]["endDate"] == utc("14:30")


def test_full_may_give_the_end_on_update(full, location, book):
    original = book(location, utc("12:00"))
    updated = _update(full, original, details={"startDate": utc("13:00"), "endDate": utc("13:20")})
    assert updated["details"]["endDate"] == utc("13:20")


def test_end_before_start_on_update_is_invalid_argument(full, location, book, api_error):
    original = book(location, utc("12:00"))
    api_error("INVALID_ARGUMENT", _update, full, original, details={"endDate": utc("11:00")}, field="details.endDate")


def test_other_changes_keep_the_end(full, location, book):
    original = book(location, utc("12:00"), details={"endDate": utc("12:45")})
    updated = _update(full, original, teamMessage="keep the end")
    assert updated["details"]["endDate"] == utc("12:45")


def test_moving_into_an_occupied_slot_is_time_not_available(full, one_table, book, api_error, get_full, history):
    book(one_table, utc("12:00"))
    later = book(one_table, utc("15:00"))
    entries = history(later["id"])
    err = api_error("TIME_NOT_AVAILABLE", _update, full, later, details={"startDate": utc("12:30")})
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]
    assert err.details["reservationLocationConflicts"] == []
    assert get_full(later["id"]) == later
    assert history(later["id"]) == entries


def test_moving_onto_a_taken_table_reassigns_another(full, location, book):
    book(location, utc("12:00"))
    later = book(location, utc("15:00"))
    assert later["details"]["tableIds"] == [location.table_id("T1")]
    moved = _update(full, later, details={"startDate": utc("12:00")})
    assert moved["details"]["tableIds"] == [location.table_id("T2")]


def test_moving_within_its_own_window_keeps_the_table(full, one_table, book):
    original = book(one_table, utc("12:00"))
    moved = _update(full, original, details={"startDate": utc("12:30")})
    assert moved["details"]["tableIds"] == [one_table.table_id("T1")]


def test_back_to_back_move_is_not_an_overlap(full, one_table, book):
    book(one_table, utc("12:00"))
    later = book(one_table, utc("16:00"))
    moved = _update(full, later, details={"startDate": utc("13:30")})
    assert moved["details"]["startDate"] == utc("13:30")


def test_explicit_taken_tables_on_update_are_time_not_available(full, location, book, api_error):
    book(location, utc("12:00"))
    other = book(location, utc("12:00"))
    err = api_error("TIME_NOT_AVAILABLE", _update, full, other, details={"tableIds": [location.table_id("T1")]})
    assert err.details["tableCombinationConflicts"] == ["RESERVED"]


def test_explicit_empty_tables_on_update_stay_empty(full, one_table, book):
    original = book(one_table, utc("12:00"))
    updated = _update(full, original, details={"tableIds": []})
    assert updated["details"]["tableIds"] == []
    assert book(one_table, utc("12:00"))["details"]["tableIds"] == [one_table.table_id("T1")]


def test_non_occupying_reservations_are_not_rechecked(full, one_table, book):
    cancelled = book(one_table, utc("15:00"), status="CANCELED", details={"tableIds": [one_table.table_id("T1")]})
    book(one_table, utc("12:00"))
    moved = _update(full, cancelled, details={"startDate": utc("12:00")})
    assert moved["details"]["startDate"] == utc("12:00")


def test_a_tableless_cancellation_brought_back_is_seated_or_refused(full, one_table, book, api_error, get_full):
    taken = book(one_table, utc("12:00"))
    cancelled = book(one_table, utc("12:00"), status="CANCELED")  # T1 is taken: it holds no table
    assert cancelled["details"]["tableIds"] == []
    api_error("TIME_NOT_AVAILABLE", _update, full, cancelled, status="RESERVED")
    assert get_full(cancelled["id"]) == cancelled
    _update(full, taken, status="CANCELED")
    restored = _update(full, cancelled, status="RESERVED")  # T1 is free again: it gets T1
    assert restored["details"]["tableIds"] == [one_table.table_id("T1")]


def test_an_explicitly_tableless_booking_stays_so_through_a_move(full, one_table, book):
    original = book(one_table, utc("12:00"), details={"tableIds": []})
    moved = _update(full, original, details={"startDate": utc("13:00")})
    assert moved["details"]["tableIds"] == []


def test_a_move_leaves_a_table_taken_off_the_floor(full, location, book, patch_location):
    t1 = location.table_id("T1")
    original = book(location, utc("12:00"), details={"tableIds": [t1]})
    tables = [t for t in location.tables if t["name"] != "T1"]
    location = patch_location(location, {"configuration": {"tableManagement": {"tableDefinitions": tables}}})
    assert location.name_of(t1) == "T1" and t1 not in {t["id"] for t in location.tables}  # deleted
    moved = _update(full, original, details={"startDate": utc("12:30")})
    assert moved["details"]["tableIds"] and t1 not in moved["details"]["tableIds"]
    assert set(moved["details"]["tableIds"]) <= {t["id"] for t in location.tables}


def test_growing_the_party_beyond_every_table_is_time_not_available(full, one_table, book, api_error):
    original = book(one_table, utc("12:00"))
    err = api_error("TIME_NOT_AVAILABLE", _update, full, original, details={"partySize": 3})
    assert err.details["tableCombinationConflicts"] == ["TOO_BIG"]


def test_staff_may_move_a_reservation_outside_business_hours(full, location, book):
    original = book(location, utc("12:00"))
    assert _update(full, original, details={"startDate": utc("23:30")})["details"]["startDate"] == utc("23:30")


# ---------------------------------------------------------------- no-op, revision, errors


@pytest.mark.parametrize(
    "fields",
    [
        {"details": {"partySize": 2}},
        {"details": {"startDate": "2026-06-08T13:00:00+01:00"}},
        {"status": "RESERVED"},
        {"teamMessage": "same"},
        {"reservee": {"firstName": "Ada"}},
        {},
    ],
    ids=["party", "start-other-offset", "status", "teamMessage", "reservee", "nothing"],
)
def test_update_that_changes_nothing_keeps_revision_and_writes_no_audit(
    full, location, book, get_full, history, fields
):
    original = book(location, utc("12:00"), teamMessage="same")
    entries = history(original["id"])
    updated = _update(full, original, **fields)
    assert updated["revision"] == "1"
    assert get_full(original["id"]) == original
    assert history(original["id"]) == entries


def test_update_requires_revision(full, location, book, api_error):
    original = book(location, utc("12:00"))
    api_error(
        "INVALID_ARGUMENT",
        full.update_reservation,
        {"reservation": {"id": original["id"], "teamMessage": "x"}},
        field="revision",
    )


def test_update_with_stale_revision_is_revision_mismatch(full, location, book, api_error, get_full):
    original = book(location, utc("12:00"))
    second = _update(full, original, teamMessage="first edit")
    api_error("REVISION_MISMATCH", _update, full, original, teamMessage="lost edit")
    assert get_full(original["id"]) == second


def test_update_unknown_reservation_is_not_found(full, api_error):
    api_error(
        "RESERVATION_NOT_FOUND",
        full.update_reservation,
        {"reservation": {"id": str(uuid.uuid4()), "revision": "1", "teamMessage": "x"}},
    )


def test_update_malformed_id_is_invalid_argument(full, api_error):
    api_error(
        "INVALID_ARGUMENT",
        full.update_reservation,
        {"reservation": {"id": "r-1", "revision": "1", "teamMessage": "x"}},
        field="id",
    )


def test_the_location_of_a_reservation_can_not_be_changed(full, location, location_body, book, get_full):
    other = full.create_reservation_location(location_body(name="Other"))["reservationLocation"]
    original = book(location, utc("12:00"))
    with pytest.raises(ApiError):
        _update(full, original, details={"reservationLocationId": other["id"]})
    assert get_full(original["id"])["details"]["reservationLocationId"] == location.id


@pytest.mark.parametrize("party", [0, 1001, "3"])
def test_update_party_size_out_of_range_is_invalid_argument(full, location, book, api_error, party):
    original = book(location, utc("12:00"))
    api_error("INVALID_ARGUMENT", _update, full, original, details={"partySize": party}, field="details.partySize")


def test_update_naive_start_is_invalid_argument(full, location, book, api_error):
    original = book(location, utc("12:00"))
    api_error(
        "INVALID_ARGUMENT",
        _update,
        full,
        original,
        details={"startDate": "2026-06-08T13:00:00"},
        field="details.startDate",
    )


def test_update_team_message_too_long_is_invalid_argument(full, location, book, api_error):
    original = book(location, utc("12:00"))
    api_error("INVALID_ARGUMENT", _update, full, original, teamMessage="x" * 10001, field="teamMessage")


def test_update_reservee_phone_is_normalised(full, location, book):
    original = book(location, utc("12:00"))
    updated = _update(full, original, reservee={"phone": "020 7946 0077"})
    assert updated["reservee"]["phone"] == "+442079460077"


def test_update_with_an_unknown_table_id_is_invalid_argument(full, location, book, api_error, get_full):
    original = book(location, utc("12:00"))
    api_error("INVALID_ARGUMENT", _update, full, original, details={"tableIds": [str(uuid.uuid4())]})
    assert get_full(original["id"]) == original


def test_update_with_table_ids_when_table_management_is_off(full, make_location, book, api_error):
    loc = make_location(table_mode="OFF", combinations=())
    original = book(loc, utc("12:00"))
    api_error("INVALID_ARGUMENT", _update, full, original, details={"tableIds": [str(uuid.uuid4())]})


def test_explicit_tables_on_update_are_booked(full, location, book):
    original = book(location, utc("12:00"))
    t10 = location.table_id("T10")
    assert _update(full, original, details={"tableIds": [t10]})["details"]["tableIds"] == [t10]
